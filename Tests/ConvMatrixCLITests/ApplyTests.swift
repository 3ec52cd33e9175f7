import ConvMatrixIO
import ConvMatrixTestSupport
import Testing

/// `convmat apply` on tensors written with NumPyArray; expected numbers are the chapter's
/// (W·x = [27, 37, 57, 67], Wᵀ·y, trans_conv outputs) or derived by hand.
@Suite struct ApplyTests {
    static func save(_ values: [Double], shape: [Int], to path: String, float32: Bool = false) throws {
        let storage: NumPyArray.Storage = float32 ? .float32(values.map(Float.init)) : .float64(values)
        try NumPyArray(shape: shape, storage: storage).write(to: path)
    }

    @Test(arguments: [["--path", "sparse"], ["--path", "sparse", "--engine", "cxsparse"], ["--path", "dense"]])
    func forwardIsTheChaptersConvolution(path: [String]) throws {
        let dir = TemporaryDirectory()
        try Self.save((0..<9).map(Double.init), shape: [1, 1, 3, 3], to: dir.path("x.npy"), float32: true)
        let result = try CLI.run(["apply", "nn.Conv2d(1, 1, 2, bias=False)", "--input", dir.path("x.npy"),
                                  "--output", dir.path("y.npy")] + path)
        #expect(result.status == 0, "\(result)")
        let y = try NumPyArray(contentsOf: dir.path("y.npy"))
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.dtype == "<f4")  // float32 in, float32 out
        #expect(try y.doubles() == [27, 37, 57, 67])
    }

    @Test func biasIsAddedPerOutputChannel() throws {
        let dir = TemporaryDirectory()
        // A batch of two samples: x and 2x.
        let x = (0..<9).map(Double.init)
        try Self.save(x + x.map { 2 * $0 }, shape: [2, 1, 3, 3], to: dir.path("x.npy"))
        try Self.save([0.5], shape: [1], to: dir.path("b.npy"))
        let result = try CLI.run(["apply", "nn.Conv2d(1, 1, 2)", "--bias", dir.path("b.npy"), "--input", dir.path("x.npy"),
                                  "--output", dir.path("y.npy")])
        #expect(result.status == 0, "\(result)")
        let y = try NumPyArray(contentsOf: dir.path("y.npy"))
        #expect(y.shape == [2, 1, 2, 2])
        #expect(try y.doubles() == [27.5, 37.5, 57.5, 67.5, 54.5, 74.5, 114.5, 134.5])
    }

    /// --transposed on the Conv is Wᵀ·y: the chapter's trans_conv(Y, K) == W.T @ y.
    @Test(arguments: ["sparse", "dense"])
    func transposedIsTheChaptersWTy(path: String) throws {
        let dir = TemporaryDirectory()
        try Self.save([27, 37, 57, 67], shape: [1, 2, 2], to: dir.path("y.npy"))  // one sample, no batch axis
        let result = try CLI.run(["apply", "nn.Conv2d(1, 1, 2, bias=False)", "--transposed", "--input", dir.path("y.npy"),
                                  "--output", dir.path("x.npy"), "--path", path])
        #expect(result.status == 0, "\(result)")
        let x = try NumPyArray(contentsOf: dir.path("x.npy"))
        #expect(x.shape == [1, 3, 3])
        #expect(try x.doubles() == [27, 91, 74, 138, 400, 282, 171, 429, 268])
        #expect(result.stderr.isEmpty)  // stride 1: the input shape is unique
    }

    /// The ConvTranspose layer in its own direction with the chapter's trans_conv example:
    /// X = [[0, 1], [2, 3]], K = [[0, 1], [2, 3]] gives [[0, 0, 1], [0, 4, 6], [4, 12, 9]], and with
    /// stride 2 [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]].
    @Test(arguments: ["sparse", "dense"])
    func convTransposeIsTheChaptersTransConv(path: String) throws {
        let dir = TemporaryDirectory()
        try Self.save([0, 1, 2, 3], shape: [1, 1, 2, 2], to: dir.path("X.npy"))
        try Self.save([0, 1, 2, 3], shape: [1, 1, 2, 2], to: dir.path("K.npy"))
        let basic = try CLI.run(["apply", "nn.ConvTranspose2d(1, 1, 2, bias=False)", "--weights", dir.path("K.npy"),
                                 "--input", dir.path("X.npy"), "--output", dir.path("Y.npy"), "--path", path])
        #expect(basic.status == 0, "\(basic)")
        #expect(try NumPyArray(contentsOf: dir.path("Y.npy")).doubles() == [0, 0, 1, 0, 4, 6, 4, 12, 9])
        let strided = try CLI.run(["apply", "nn.ConvTranspose2d(1, 1, 2, stride=2, bias=False)", "--weights", dir.path("K.npy"),
                                   "--input", dir.path("X.npy"), "--output", dir.path("Y2.npy"), "--path", path])
        #expect(strided.status == 0, "\(strided)")
        let y = try NumPyArray(contentsOf: dir.path("Y2.npy"))
        #expect(y.shape == [1, 1, 4, 4])
        #expect(try y.doubles() == [0, 0, 0, 1, 0, 0, 2, 3, 0, 2, 0, 3, 4, 6, 6, 9])
        // And its adjoint maps the 3×3 result back through W: W·x, the plain convolution.
        let adjoint = try CLI.run(["apply", "nn.ConvTranspose2d(1, 1, 2, bias=False)", "--transposed", "--input",
                                   dir.path("Y.npy"), "--output", dir.path("back.npy"), "--path", path])
        #expect(adjoint.status == 0, "\(adjoint)")
        // corr2d([[0,0,1],[0,4,6],[4,12,9]], [[1,2],[3,4]]) with the default arange weights.
        #expect(try NumPyArray(contentsOf: dir.path("back.npy")).doubles() == [16, 38, 68, 88])
    }

    /// A stride-2 Conv has 4×4 and 5×5 inputs for a 2×2 output: --transposed takes the smallest,
    /// says so, and Wᵀ puts y[i/2, j/2]·K[i%2][j%2] at (i, j).
    @Test func stridedAdjointInfersTheSmallestInput() throws {
        let dir = TemporaryDirectory()
        try Self.save([27, 37, 57, 67], shape: [1, 1, 2, 2], to: dir.path("y.npy"))
        let result = try CLI.run(["apply", "nn.Conv2d(1, 1, 2, stride=2, bias=False)", "--transposed", "--input",
                                  dir.path("y.npy"), "--output", dir.path("x.npy")])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("note: --transposed: the layer's input shape is taken as (1, 1, 4, 4)"))
        let x = try NumPyArray(contentsOf: dir.path("x.npy"))
        #expect(x.shape == [1, 1, 4, 4])
        #expect(try x.doubles() == [27, 54, 37, 74, 81, 108, 111, 148, 57, 114, 67, 134, 171, 228, 201, 268])
        let five = try CLI.run(["apply", "nn.Conv2d(1, 1, 2, stride=2, bias=False)", "--transposed", "--input",
                                dir.path("y.npy"), "--input-shape", "1x1x5x5", "--output", dir.path("x5.npy")])
        #expect(five.status == 0, "\(five)")
        #expect(try NumPyArray(contentsOf: dir.path("x5.npy")).shape == [1, 1, 5, 5])
    }

    @Test func caseInputDefaultsToItsX() throws {
        let dir = TemporaryDirectory()
        // d2l_trans_conv_basic: trans_conv(X, K) with X = K = [[0, 1], [2, 3]].
        let result = try CLI.run(["apply", "--case", Fixtures.conformance("seeds/d2l_trans_conv_basic.json"), "--output", dir.path("y.npy")])
        #expect(result.status == 0, "\(result)")
        #expect(try NumPyArray(contentsOf: dir.path("y.npy")).doubles() == [0, 0, 1, 0, 4, 6, 4, 12, 9])
    }
}
