import ConvMatrix
import Foundation

/// Which implementation `convmat check` exercises.
public enum ConformancePath: String, CaseIterable, Sendable {
    /// `W` through SuiteSparse: CHOLMOD and CXSparse must both pass.
    case sparse
    /// The dense direct convolution (Double), which never reads `W`.
    case dense
    /// Both of the above.
    case both
}

/// The verdict on one case.
public struct ConformanceResult: Sendable {
    public let name: String
    public let passed: Bool
    /// Largest `|y − Y|` over every path that ran.
    public let maxAbsError: Double
    /// Why the case failed (empty when it passed).
    public let reason: String

    /// `PASS <name> max_abs_err=<e>` or `FAIL <name> <reason>`.
    public var line: String {
        passed ? "PASS \(name) max_abs_err=\(shortScientific(maxAbsError))" : "FAIL \(name) \(reason)"
    }
}

extension ConformanceCase {
    /// Runs the case through `path` and compares every output element with
    /// `|y − Y| ≤ atol + rtol · max|Y|`.
    public func run(path: ConformancePath = .both) -> ConformanceResult {
        do {
            let layer = try self.layer()
            let expectedShape = [batch] + layer.outputMemoryShape
            guard expectedShape == y.shape else {
                return fail("output shape \(expectedShape) differs from Y's \(y.shape)")
            }
            var worst = 0.0
            let model = try ConvolutionLayer(layer, weights: w.data, bias: b?.data, batch: batch)
            let input = try ConvMatrix.Tensor<Double>(shape: x.shape, layout: model.inputLayout, scalars: x.data)
            let engines: [ConvolutionLayer.Engine] = path == .dense ? [.dense] : path == .sparse ? [.cholmod, .cxsparse] : [.cholmod, .cxsparse, .dense]
            for engine in engines {
                let out = try model(input, engine: engine)
                let name = engine == .dense ? "dense" : "sparse/\(engine.rawValue)"
                if let failure = compare(out.scalars, path: name, worst: &worst) { return failure }
            }
            return ConformanceResult(name: name, passed: true, maxAbsError: worst, reason: "")
        } catch let error as ConvMatrixError {
            return fail(error.kind == .unsupported ? "not supported yet: \(error)" : "\(error)")
        } catch {
            return fail("\(error)")
        }
    }

    /// Compares `out` with `Y`; returns the failure, or records the error in `worst`.
    private func compare(_ out: [Double], path: String, worst: inout Double) -> ConformanceResult? {
        let scale = y.data.reduce(0) { max($0, abs($1)) }
        let bound = atol + rtol * scale
        var maxError = 0.0, at = 0
        for i in 0..<out.count {
            let e = abs(out[i] - y.data[i])
            if e > maxError || e.isNaN { maxError = e; at = i }
        }
        worst = max(worst, maxError)
        guard maxError <= bound else {
            return fail("\(path): max_abs_err=\(shortScientific(maxError)) at element \(at) (got \(out[at]), expected \(y.data[at])) exceeds atol + rtol·max|Y| = \(shortScientific(bound))")
        }
        return nil
    }

    private func fail(_ reason: String) -> ConformanceResult {
        ConformanceResult(name: name, passed: false, maxAbsError: .nan, reason: reason)
    }
}

/// `1.23e-07`: three significant digits in scientific notation.
func shortScientific(_ value: Double) -> String {
    value.isFinite ? String(format: "%.2e", value) : "\(value)"
}
