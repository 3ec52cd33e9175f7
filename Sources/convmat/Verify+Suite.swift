import ArgumentParser
import ConvMatrix
import ConvMatrixIO
import Foundation

/// `convmat verify --suite DIR`: every case folder of a `convmat vectors` suite, with the user's
/// results beside it.
extension Verify {
    /// One case's outcome, for `--json`.
    struct SuiteCase: Encodable {
        let name: String
        let passed: Bool
        let problem: String?
        let output: VerificationReport?
        let gradients: GradientVerificationReport?
    }

    /// Verifies the suite's cases in name order; one line per case, then `P passed, F failed`.
    ///
    /// - Throws: `.io` naming `--suite` when the folder holds no case; `ExitCode.failure` when a case fails.
    func runSuite(_ directory: String) throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            .filter { FileManager.default.fileExists(atPath: "\(directory)/\($0)/case.json") }
        guard !names.isEmpty else {
            throw ConvMatrixError(.io, parameter: "--suite", value: directory,
                                  rule: "holds no case folder (NNN-name/case.json); write one with `convmat vectors --out \(directory)`")
        }
        var results = [SuiteCase]()
        for name in names {
            let result = verifyCase(name: name, folder: "\(directory)/\(name)")
            results.append(result)
            if !json { print(Self.line(result)) }
        }
        let failed = results.filter { !$0.passed }.count
        if json {
            try emit(results, text: "")
        } else {
            print("\(results.count - failed) passed, \(failed) failed")
        }
        if failed > 0 { throw ExitCode.failure }
    }

    /// The case in `folder` against the user's `out.npy` and gradients; a problem with the
    /// user's files is a failing case, not an abort.
    private func verifyCase(name: String, folder: String) -> SuiteCase {
        do {
            let resolved = try ResolvedLayer(caseFile: folder + "/case.json")
            let model = resolved.layer
            let x = resolved.caseInput!
            let input = try Tensor<Double>(shape: x.shape, layout: model.inputLayout, scalars: try x.doubles())
            let exists = { (file: String) in FileManager.default.fileExists(atPath: "\(folder)/\(file)") }
            guard exists("out.npy") || exists("gx.npy") || exists("gw.npy") || exists("gb.npy") else {
                return SuiteCase(name: name, passed: false, problem: "no out.npy (nor gx.npy, gw.npy, gb.npy) beside the case",
                                 output: nil, gradients: nil)
            }
            let tolerance = rtol.map { VerificationTolerance.fixed(rtol: $0, atol: atol ?? 0) }
            let same = { (shape: [Int]) in shape }
            var output: VerificationReport?, gradients: GradientVerificationReport?
            if exists("out.npy") {
                let loaded = try Self.load(folder + "/out.npy", option: "out.npy", dtype: dtype)
                let y = try Self.tensor(loaded, file: folder + "/out.npy", option: "out.npy", shape: same, layout: model.outputLayout)
                output = try model.verify(output: y, input: input, precision: loaded.precision, tolerance: tolerance, worst: worst)
            }
            if exists("gx.npy") || exists("gw.npy") || exists("gb.npy") {
                let gy = try Self.load(folder + "/gy.npy", option: "gy.npy", dtype: .float64)
                let gradOutput = try Self.tensor(gy, file: folder + "/gy.npy", option: "gy.npy", shape: same, layout: model.outputLayout)
                var precision = dtype ?? .float64
                let gx = try exists("gx.npy") ? Self.load(folder + "/gx.npy", option: "gx.npy", dtype: dtype) : nil
                if let gx { precision = gx.precision }
                let gw = try exists("gw.npy") ? Self.load(folder + "/gw.npy", option: "gw.npy", dtype: dtype, shape: model.weightShape) : nil
                let gb = try exists("gb.npy") ? Self.load(folder + "/gb.npy", option: "gb.npy", dtype: dtype, shape: [model.outChannels]) : nil
                if gx == nil, let p = gw?.precision ?? gb?.precision { precision = p }
                gradients = try model.verifyGradients(
                    gradOutput: gradOutput, input: input,
                    gradInput: try gx.map { try Self.tensor($0, file: folder + "/gx.npy", option: "gx.npy", shape: same, layout: model.inputLayout) },
                    gradWeights: gw?.values, gradBias: gb?.values, precision: precision, tolerance: tolerance, worst: worst)
            }
            let passed = (output?.passed ?? true) && (gradients?.passed ?? true)
            return SuiteCase(name: name, passed: passed, problem: nil, output: output, gradients: gradients)
        } catch let error as ConvMatrixError {
            return SuiteCase(name: name, passed: false, problem: error.description, output: nil, gradients: nil)
        } catch {
            return SuiteCase(name: name, passed: false, problem: "\(error)", output: nil, gradients: nil)
        }
    }

    /// `PASS 003-groups (y float32, worst 0.12× its bound)` or `FAIL 003-groups: …; diagnosis: …`.
    static func line(_ c: SuiteCase) -> String {
        if let problem = c.problem { return "FAIL \(c.name): \(problem)" }
        var parts = [String]()
        for report in [c.output, c.gradients?.input, c.gradients?.weights, c.gradients?.bias].compactMap({ $0 }) {
            parts.append(report.passed
                ? "\(report.name) \(report.precision.rawValue) worst \(VerificationReport.short(report.maxErrorInBounds))× its bound"
                : "\(report.name): \(report.failing) of \(report.elements) outside the \(report.precision.rawValue) bound"
                    + (report.diagnosis.isEmpty ? "" : "; diagnosis: \(report.diagnosis.joined(separator: ", "))"))
        }
        return c.passed ? "PASS \(c.name) (\(parts.joined(separator: "; ")))" : "FAIL \(c.name): \(parts.filter { $0.contains("outside") }.joined(separator: "; "))"
    }
}
