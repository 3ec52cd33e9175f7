import Testing

/// Sizes near 2³¹ and 2⁶³ in every parameter of a layer: the real binary prints `error: …` and
/// exits with status 1, at once (nothing proportional to the size is allocated or computed).
@Suite struct SizeLimitTests {
    /// 2³¹ − 1, 2³¹, 2³¹ + 1, 2⁶² and 2⁶³ − 1.
    static let sizes = ["2147483647", "2147483648", "2147483649", "4611686018427387904", "9223372036854775807"]

    /// A layer and input with `V` where the value goes: each grows `W`, or breaks a rule, with `V`.
    static let templates = [
        ("nn.Conv1d(1, 1, 3)", "1x1xV"),
        ("nn.Conv2d(1, 1, 3)", "1x1xVxV"),
        ("nn.Conv1d(1, 1, 3)", "1xVx8"),
        ("nn.Conv1d(1, 1, V)", "1x1x8"),
        ("nn.ConvTranspose1d(1, 1, V)", "1x1x8"),
        ("nn.ConvTranspose1d(1, 1, 3, stride=V)", "1x1x8"),
        ("nn.Conv1d(1, 1, 3, dilation=V)", "1x1x8"),
        ("nn.ConvTranspose1d(1, 1, 3, dilation=V)", "1x1x8"),
        ("nn.Conv1d(1, 1, 3, padding=V)", "1x1x8"),
        ("nn.Conv1d(1, 1, 3, padding=-V)", "1x1x8"),
        ("nn.ConvTranspose1d(1, 1, 3, padding=V)", "1x1x8"),
        ("nn.Conv1d(4, 4, 3, groups=V)", "1x4x8"),
        ("nn.ConvTranspose1d(4, 4, 3, groups=V)", "1x4x8"),
        ("nn.Conv1d(1, V, 3)", "1x1x8"),
        ("nn.Conv1d(1, 1, V)", "1x1xV"),
    ]

    @Test func theTwoCrashReproducers() throws {
        let big = try CLI.run(["show", "nn.Conv3d(4096, 4096, 7)", "--input", "1x4096x100000x100000x100000"])
        #expect(big.status == 1, "\(big)")
        #expect(big.stderr.hasPrefix("error: input shape = [4096, 100000, 100000, 100000]: W's "), "\(big)")
        #expect(big.stderr.contains("would exceed 2⁶³ − 1"), "\(big)")
        let square = try CLI.run(["show", "nn.Conv2d(1, 1, 3)", "--input", "1x1x3037000500x3037000500"])
        #expect(square.status == 1, "\(square)")
        #expect(square.stderr == "error: input shape = [1, 1, 3037000500, 3037000500]: its element count would exceed 2⁶³ − 1\n",
                "\(square)")
    }

    @Test func theSegfaultAndTheHang() throws {
        for (layer, input) in [("nn.Conv1d(1, 1, 4611686018427387903)", "1x1x4611686018427387903"),
                               ("nn.Conv1d(1, 1, 1, padding=4294967296)", "1x1x1")] {
            let result = try CLI.run(["show", layer, "--input", input])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.hasPrefix("error: "), "\(result)")
        }
    }

    @Test(arguments: sizes)
    func everyParameterNearTheLimits(_ value: String) throws {
        for (layer, input) in Self.templates {
            let arguments = ["show", layer.replacingOccurrences(of: "V", with: value),
                             "--input", input.replacingOccurrences(of: "V", with: value)]
            let result = try CLI.run(arguments)
            #expect(result.status == 1 && result.stderr.hasPrefix("error: ") && result.stdout.isEmpty, "\(result)")
        }
    }

    /// `show` never makes the batch, so a batch of 2³¹ is a valid request; one whose tensor
    /// would hold more than 2⁶³ − 1 elements is not.
    @Test(arguments: sizes.suffix(2))
    func aBatchWhoseTensorOverflows(_ value: String) throws {
        let result = try CLI.run(["show", "nn.Conv1d(1, 1, 3)", "--input", "\(value)x1x8"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "error: input shape = [\(value), 1, 8]: its element count would exceed 2⁶³ − 1\n", "\(result)")
    }
}
