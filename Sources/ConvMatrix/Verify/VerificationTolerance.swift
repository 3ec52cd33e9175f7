/// How far a user's element may be from the float64 reference and still pass.
///
/// ``accumulation(_:)`` is the rounding-error model of a sum of products (the default);
/// ``fixed(rtol:atol:)`` a NumPy-style `|got − ref| ≤ atol + rtol·|ref|`.
///
/// ## The accumulation model
///
/// Element `i` of a convolution is an inner product of `nᵢ` weight-input products plus a bias:
/// `sᵢ = Σⱼ wⱼ·xⱼ + b`. Computed in any order in a format with unit roundoff `u`, Higham
/// (*Accuracy and Stability of Numerical Algorithms*, 2nd ed., §3.1, eqs. (3.4)–(3.5)) bounds
/// the error of an `n`-term inner product by `γₙ·Σ|wⱼxⱼ|`, `γₙ = n·u/(1 − n·u)`. Counting the
/// bias as one more term and the final rounding of the result, the bound used is
///
///     boundᵢ = γ_{nᵢ+1}(u) · Tᵢ + u·|refᵢ| + γ_{nᵢ+1}(u₆₄) · Tᵢ,     Tᵢ = Σⱼ|wⱼ·xⱼ| + |b|
///
/// where the last term is the float64 reference's own error (`u₆₄ = 2⁻⁵³`), so that a float64
/// kernel summing in another order than ConvMatrix still passes. `nᵢ` counts the kernel taps
/// that meet a stored input (taps in zero padding add exact zeros and are not counted; a tap
/// folded by reflect, replicate or circular padding counts once per tap). The weights, bias and
/// inputs are taken exactly as given: they are the values the kernel read (a float32 input
/// widened to `Double` is exact).
///
/// When `(nᵢ+1)·u ≥ ½`, `γ` is capped at 1 (its value at `n·u = ½`): the bound becomes the size
/// of the terms themselves, and only gross errors are detectable at that precision.
public struct VerificationTolerance: Sendable, Equatable, CustomStringConvertible {
    enum Rule: Equatable, Sendable {
        case accumulation(VerifiedPrecision)
        case fixed(rtol: Double, atol: Double)
    }

    let rule: Rule

    /// The accumulation model for a kernel computing in `precision` (see the type's discussion).
    public static func accumulation(_ precision: VerifiedPrecision) -> Self { Self(rule: .accumulation(precision)) }

    /// `|got − ref| ≤ atol + rtol·|ref|` for every element; both must be finite and ≥ 0.
    public static func fixed(rtol: Double, atol: Double) -> Self { Self(rule: .fixed(rtol: rtol, atol: atol)) }

    public var description: String {
        switch rule {
        case .accumulation(let p):
            return "accumulation model in \(p.rawValue): γ_{n+1}·(Σ|w·x| + |b|) + u·|ref|, u = \(p.unitRoundoff)"
        case .fixed(let rtol, let atol):
            return "fixed: |got − ref| ≤ \(atol) + \(rtol)·|ref|"
        }
    }

    /// Throws when a fixed tolerance is negative or not finite.
    func validate() throws {
        guard case .fixed(let rtol, let atol) = rule else { return }
        for (name, value) in [("rtol", rtol), ("atol", atol)] where !(value.isFinite && value >= 0) {
            throw ConvMatrixError.invalid("tolerance.\(name)", value, "must be finite and ≥ 0")
        }
    }

    /// The bound of one element: `terms = Σ|w·x| + |b|`, `count = n` taps, `reference` its value.
    ///
    /// - Complexity: O(1).
    func bound(terms: Double, count: Double, reference: Double) -> Double {
        switch rule {
        case .fixed(let rtol, let atol):
            return atol + rtol * abs(reference)
        case .accumulation(let p):
            let n = count + 1
            return Self.gamma(n, p.unitRoundoff) * terms + p.unitRoundoff * abs(reference)
                + Self.gamma(n, VerifiedPrecision.float64.unitRoundoff) * terms
        }
    }

    /// `γₙ = n·u/(1 − n·u)`, capped at 1 once `n·u ≥ ½`.
    static func gamma(_ n: Double, _ u: Double) -> Double {
        let nu = n * u
        return nu >= 0.5 ? 1 : nu / (1 - nu)
    }
}
