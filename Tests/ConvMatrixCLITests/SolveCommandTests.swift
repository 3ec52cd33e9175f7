import ConvMatrixTestSupport
import Foundation
import Testing
import ConvMatrixIO

/// `convmat solve` run as a user would, on the notebook's committed arrays; expected values are
/// hand derivations.
@Suite struct SolveCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let strided = "Notebooks-as-text/NotTheInverse/strided.npy"

    func json(_ result: CommandResult) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    }

    /// `nn.Conv1d(1, 1, 2, stride=3)` with weights (1, 1) on length 8, y = (1, 2, 3):
    /// y[i] = x[3i] + x[3i+1]; the minimum-norm solution splits each y[i] evenly,
    /// x = (0.5, 0.5, 0, 1, 1, 0, 1.5, 1.5), ‖x‖² = 2·(0.25 + 1 + 2.25) = 7; inputs 2 and 5 unread.
    /// Wᵀ·y = (1, 1, 0, 2, 2, 0, 3, 3), W·Wᵀ·y = 2y, residual ‖y‖ = √14, relative 1.
    @Test(arguments: ["cholmod", "qr"])
    func stridedLayerMatchesTheHandDerivation(method: String) throws {
        let scratch = TemporaryDirectory()
        let result = try CLI.run(["solve", "nn.Conv1d(1, 1, 2, stride=3, bias=False)", "--input", "1x1x8", "--fill", "ones",
                                  "--output", Self.strided, "--method", method, "--result", scratch.path("x.npy"), "--json"],
                                 in: Self.root)
        #expect(result.status == 0, "\(result)")
        let report = try json(result)
        #expect(report["invisible_inputs"] as? [Int] == [2, 5])
        #expect(report["invisible_labels"] as? [String] == ["x[c=0, 2]", "x[c=0, 5]"])
        #expect(report["nullspace_dimension"] as? Int == 5)
        #expect(report["system"] as? String == "dual")
        let solution = (report["solutions"] as! [[String: Any]])[0]
        #expect(abs((solution["norm"] as! Double) - 7.0.squareRoot()) <= 1e-12)
        #expect((solution["residual"] as! Double) <= 1e-12)
        let transposed = report["transposed"] as! [String: Any]
        #expect(abs((transposed["residual"] as! Double) - 14.0.squareRoot()) <= 1e-12)
        #expect(abs((transposed["relative_residual"] as! Double) - 1) <= 1e-12)
        let x = try NumPyArray(contentsOf: scratch.path("x.npy"))
        #expect(x.shape == [1, 1, 8])
        #expect(relativeError(try x.doubles(), [0.5, 0.5, 0, 1, 1, 0, 1.5, 1.5]) <= 1e-12)
    }

    /// Two λ: the result stacks both solutions; the second reuses CHOLMOD's analysis. For λ > 0
    /// each pair (x[3i], x[3i+1]) is (t, t) by symmetry, and minimising (2t − y[i])² + 2λt² gives
    /// t = y[i]/(2 + λ): for λ = 1, x = (1/3, 1/3, 0, 2/3, 2/3, 0, 1, 1).
    @Test func severalLambdasAreStackedAndReuseTheAnalysis() throws {
        let scratch = TemporaryDirectory()
        let result = try CLI.run(["solve", "nn.Conv1d(1, 1, 2, stride=3, bias=False)", "--input", "1x8", "--fill", "ones",
                                  "--output", "Notebooks-as-text/NotTheInverse/strided.npy", "--lambda", "0", "--lambda", "1",
                                  "--result", scratch.path("x.npy"), "--json"], in: Self.root)
        #expect(result.status != 0, "a batch-less --input needs a batch-less --output")
        #expect(result.stderr.contains("--output"), "\(result)")
        let flat = scratch.write(try NumPyArray(shape: [1, 3], storage: .float64([1, 2, 3])).npyBytes(), to: "y.npy")
        let ok = try CLI.run(["solve", "nn.Conv1d(1, 1, 2, stride=3, bias=False)", "--input", "1x8", "--fill", "ones",
                              "--output", flat, "--lambda", "0", "--lambda", "1", "--result", scratch.path("x.npy"), "--json"])
        #expect(ok.status == 0, "\(ok)")
        let solutions = try json(ok)["solutions"] as! [[String: Any]]
        #expect(solutions.map { $0["reused_analysis"] as? Bool } == [false, true])
        let x = try NumPyArray(contentsOf: scratch.path("x.npy"))
        #expect(x.shape == [2, 1, 8], "λ first, then (C, L) as --input was written")
        let third = 1.0 / 3
        #expect(relativeError(try x.doubles(), [0.5, 0.5, 0, 1, 1, 0, 1.5, 1.5,
                                                third, third, 0, 2 * third, 2 * third, 0, 1, 1]) <= 1e-12)
    }

    @Test func rankDeficiencyAndBadLambdaAreErrors() throws {
        let scratch = TemporaryDirectory()
        let y = scratch.write(try NumPyArray(shape: [1, 1, 6], storage: .float64([1, 2, 3, 4, 5, 6])).npyBytes(), to: "y.npy")
        // weights (1, 1, 1), circular, length 6: eigenvalues 1 + 2cos(2πk/6) vanish at k = 2, 4.
        let singular = try CLI.run(["solve", "nn.Conv1d(1, 1, 3, padding=1, padding_mode='circular', bias=False)",
                                    "--input", "1x1x6", "--fill", "ones", "--output", y, "--result", scratch.path("x.npy")])
        #expect(singular.status == 1 && singular.stderr.contains("--lambda = 0.0") && singular.stderr.contains("give lambda > 0"),
                "\(singular)")
        let negative = try CLI.run(["solve", "nn.Conv1d(1, 1, 3, bias=False)", "--input", "1x1x6", "--output", y,
                                    "--lambda=-1", "--result", scratch.path("x.npy")])
        #expect(negative.status != 0 && negative.stderr.contains("--lambda -1.0: must be finite and ≥ 0"), "\(negative)")
    }
}
