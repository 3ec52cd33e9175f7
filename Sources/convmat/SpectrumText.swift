import ConvMatrix
import ConvMatrixSpectrum
import Foundation

/// `convmat spectrum`'s text: what was computed, how, and what it means, for a learner.
enum SpectrumText {
    static func report(_ r: SpectrumReport, resolved: ResolvedLayer) -> String {
        let applies = resolved.isTransposed ? "Wᵀ" : "W"
        var lines = [
            "\(resolved.title) on input \(IntegerList.shapeText(resolved.inputShape)), weights \(resolved.weightNote)",
            "the layer applies \(applies): \(r.rows) × \(r.columns), \(r.count) singular values",
            "method      \(methodNote(r))",
            "",
            "largest singular values (residual ‖BᵀB·v − σ²·v‖ of each vector):",
        ]
        for (i, sigma) in r.top.enumerated() {
            lines.append("  σ\(subscriptNumber(i + 1)) = \(format(sigma))" + residual(r.topResiduals, i))
        }
        if !r.bottom.isEmpty {
            lines.append("smallest singular values:")
            for (i, sigma) in r.bottom.enumerated() {
                let index = r.count - i
                lines.append("  σ\(subscriptNumber(index)) = \(format(sigma))" + residual(r.bottomResiduals, i))
            }
        }
        lines.append("")
        lines.append("‖W‖₂       \(format(r.norm))  (σ_max: the layer's Lipschitz constant, bias aside)")
        let ratio = r.spectralNormEstimate > 0 ? r.norm / r.spectralNormEstimate : .nan
        lines.append("PyTorch    \(format(r.spectralNormEstimate))  (spectral_norm: σ_max of the reshaped kernel; ‖W‖₂ is \(format(ratio, digits: 4))× that)")
        if let condition = r.conditionNumber {
            lines.append("condition  \(condition.isInfinite ? "∞" : format(condition))  (σ_max / σ_min)")
        } else {
            lines.append("condition  not computed: ask for the smallest value with --bottom 1 (for lanczos, a sparse Cholesky factorisation of WᵀW)")
        }
        if let rank = r.rank {
            let deficient = rank < r.count ? ": rank-deficient, \(r.count - rank) values are numerically zero" : ": full rank"
            lines.append("rank       \(rank) of \(r.count)\(deficient) (tolerance \(format(r.rankTolerance, digits: 3)))")
        } else if r.bottom.isEmpty {
            lines.append("rank       not computed: it needs the smallest values (--bottom)")
        } else {
            lines.append("rank       unknown: every smallest value computed is below the tolerance \(format(r.rankTolerance, digits: 3)); ask for more with --bottom")
        }
        if r.shift > 0 {
            lines.append("shift      WᵀW is singular; factorised WᵀW + \(format(r.shift, digits: 3))·I for the smallest values")
        }
        lines.append("time       \(format(r.seconds, digits: 3)) s")
        return lines.joined(separator: "\n")
    }

    static func methodNote(_ r: SpectrumReport) -> String {
        switch r.method {
        case .dense: return "dense (W as a dense matrix, LAPACK dgesdd: every value)"
        case .lanczos: return "lanczos (ARPACK on the normal matrix through CHOLMOD; shift-invert with a CHOLMOD factor for the smallest)"
        case .fft: return "fft (circular, stride 1: FFT of the kernel at the input size, one SVD per frequency)"
        case .auto: return "auto"
        }
    }

    private static func residual(_ residuals: [Double], _ i: Int) -> String {
        i < residuals.count ? "   residual \(format(residuals[i], digits: 2))" : ""
    }

    /// `value` with `digits` significant digits (`%.*g`).
    static func format(_ value: Double, digits: Int = 12) -> String {
        String(format: "%.*g", digits, value)
    }

    static func subscriptNumber(_ n: Int) -> String {
        String(String(n).map { Character(UnicodeScalar(0x2080 + Int($0.wholeNumberValue!))!) })
    }
}
