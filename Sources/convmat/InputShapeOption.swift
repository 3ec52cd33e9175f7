import ArgumentParser

/// `--input SHAPE`: the layer's input shape, for the subcommands that compile `W` without data.
struct InputShapeOption: ParsableArguments {
    @Option(name: .customLong("input"), help: ArgumentHelp(
        "The layer's input shape in memory order, batch optional: 2x3x4x5 is (N, C, H, W) channels-first, (N, H, W, C) with --layout channels_last.",
        valueName: "shape"))
    var input: String?

    /// The parsed shape, if given.
    func shape() throws -> [Int]? {
        try input.map { try IntegerList.parse($0, option: "--input", minimum: 1, example: "1x3x32x32") }
    }

    /// A LAYER needs `--input`; `--case` brings its own input shape; `--onnx` takes the graph's
    /// unless `--input` is given.
    func validate(with layer: LayerOptions) throws {
        if layer.layer != nil, input == nil {
            throw ValidationError("give the layer's input shape with --input, e.g. --input 1x3x32x32 (batch optional)")
        }
        if layer.caseFile != nil, input != nil {
            throw ValidationError("--case takes the input shape from the case's X; drop --input")
        }
    }
}
