import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Testing

/// `convmat verify` on files: exit 0 right, 1 wrong (with the diagnosis), 2 bad input.
@Suite struct VerifyCommandTests {
    /// nn.Conv1d(1, 1, 2, bias=False) with w = [1, 10] on x = [1, 2, 3]: y = [21, 32]
    /// (1·1 + 10·2, 1·2 + 10·3); the flipped kernel gives [12, 23] (10·1 + 1·2, 10·2 + 1·3).
    @Test func exitStatusSaysRightWrongOrBadInput() throws {
        let dir = TemporaryDirectory()
        try NumPyArray(shape: [1, 1, 3], storage: .float32([1, 2, 3])).write(to: dir.path("x.npy"))
        try NumPyArray(shape: [1, 1, 2], storage: .float32([1, 10])).write(to: dir.path("w.npy"))
        try NumPyArray(shape: [1, 1, 2], storage: .float32([21, 32])).write(to: dir.path("right.npy"))
        try NumPyArray(shape: [1, 1, 2], storage: .float32([12, 23])).write(to: dir.path("flipped.npy"))
        try NumPyArray(shape: [1, 1, 3], storage: .float32([21, 32, 0])).write(to: dir.path("shape.npy"))
        func verify(_ output: String, _ extra: [String] = []) throws -> CommandResult {
            try CLI.run(["verify", "nn.Conv1d(1, 1, 2, bias=False)", "--input", dir.path("x.npy"), "--weights",
                         dir.path("w.npy"), "--output", dir.path(output)] + extra)
        }
        let right = try verify("right.npy")
        #expect(right.status == 0, "\(right)")
        #expect(right.stdout.hasPrefix("PASS: all 2 elements of y are within the float32 bound"), "\(right)")
        let flipped = try verify("flipped.npy", ["--json"])
        #expect(flipped.status == 1, "\(flipped)")
        #expect(flipped.stdout.contains("\"diagnosis\" : [\n    \"flipped-kernel\"\n  ]"), "\(flipped)")
        let shape = try verify("shape.npy")
        #expect(shape.status == 2, "\(shape)")
        #expect(shape.stderr.hasPrefix("error: output.shape = [1, 1, 3]: must be the layer's output shape [1, 1, 2]"), "\(shape)")
        // Gradients: with gy = [1, 1], gb = Σ gy = 2 and gw = [x0 + x1, x1 + x2] = [3, 5].
        try NumPyArray(shape: [1, 1, 2], storage: .float32([1, 1])).write(to: dir.path("gy.npy"))
        try NumPyArray(shape: [1], storage: .float32([2])).write(to: dir.path("gb.npy"))
        try NumPyArray(shape: [1, 1, 2], storage: .float32([3, 5])).write(to: dir.path("gw.npy"))
        let gradients = try CLI.run(["verify", "nn.Conv1d(1, 1, 2)", "--input", dir.path("x.npy"), "--weights", dir.path("w.npy"),
                                     "--grad-output", dir.path("gy.npy"), "--grad-bias", dir.path("gb.npy"),
                                     "--grad-weight", dir.path("gw.npy"), "--json"])
        #expect(gradients.status == 0, "\(gradients)")
        #expect(gradients.stdout.contains("\"grad_bias\" : {") && gradients.stdout.contains("\"grad_weight\" : {")
                && !gradients.stdout.contains("grad_input"), "\(gradients)")
        let usage = try CLI.run(["verify", "nn.Conv1d(1, 1, 2)", "--input", dir.path("x.npy")])
        #expect(usage.status == 2, "\(usage)")
    }
}
