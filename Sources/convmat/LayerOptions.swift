import ArgumentParser
import ConvMatrix
import ConvMatrixIO

/// `--layout`: the memory order of the layer's input and output.
enum LayoutChoice: String, CaseIterable, ExpressibleByArgument {
    case channelsFirst = "channels_first"
    case channelsLast = "channels_last"

    var layout: TensorLayout { self == .channelsFirst ? .channelsFirst : .channelsLast }
}

/// The layer a subcommand works on, shared by `show`, `explain`, `apply`, `export` and `verify`: a
/// PyTorch expression (LAYER) with its options, a conformance case (`--case`), or a node of an
/// ONNX model (`--onnx` with `--node`); weights and bias (`.npy`, or a tensor of a `.safetensors`).
struct LayerOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "The layer as PyTorch writes it, in quotes: \"nn.Conv1d(5, 10, 3, padding='same')\", \"nn.ConvTranspose2d(3, 3, (3, 1), stride=(2, 1), padding=(1, 0))\", \"nn.Conv2d(2, 4, 3, groups=2, padding_mode='circular')\". Extensions: a fractional stride 1/l on a Conv (stride=(0.5, 2): input dilation l, as --input-dilation) and (begin, end) pads per axis (padding=((0, 2), (1, 1))), which PyTorch refuses.",
        valueName: "layer"))
    var layer: String?

    @Option(name: .customLong("case"), help: ArgumentHelp(
        "A conformance case (one case per .json, see SCHEMA.md): its op, attributes, X's shape, W and B define the layer and its weights, instead of LAYER.",
        valueName: "file.json"))
    var caseFile: String?

    @Option(help: "Memory order of the layer's input and output: channels_first (N, C, spatial…) or channels_last (N, spatial…, C). Default channels_first.")
    var layout: LayoutChoice?

    @Option(name: .customLong("input-dilation"), help: ArgumentHelp(
        "Extension: l−1 zeros between neighbouring input elements, per spatial axis (a fractional stride 1/l, also written stride=1/l in LAYER; JAX's lhs_dilation). Convolutions only; not on an axis whose stride in LAYER is already fractional.",
        valueName: "l1,l2,…"))
    var inputDilation: String?

    @Option(help: ArgumentHelp(
        "An ONNX model: the layer is its Conv or ConvTranspose node --node, with the node's attributes, weights and bias (`convmat layers MODEL.onnx` lists them), instead of LAYER. The input shape comes from the graph when it states one, else from --input.",
        valueName: "model.onnx"))
    var onnx: String?

    @Option(help: ArgumentHelp("With --onnx: the name of the Conv or ConvTranspose node.", valueName: "name"))
    var node: String?

    @Option(help: ArgumentHelp(
        "Weights from a .npy file of exactly the layer's weight shape: (C_out, C_in/groups, k…) for Conv, (C_in, C_out/groups, k…) for ConvTranspose (PyTorch's layouts).",
        valueName: "file.npy"))
    var weights: String?

    @Option(help: ArgumentHelp("With --weights FILE.safetensors: the name of the weight tensor in it.", valueName: "name"))
    var tensor: String?

    @Option(help: ArgumentHelp(
        "Deterministic weights when --weights is not given, in PyTorch's weight order: arange = 1, 2, …, n (numpy.arange(1, n + 1); the default), ones, or random (uniform in [-1, 1) from SplitMix64, see --seed).",
        valueName: "arange|ones|random"))
    var fill: WeightFill?

    @Option(help: "Seed of --fill random (default 0).")
    var seed: UInt64?

    @Option(help: ArgumentHelp(
        "Bias from a .npy file of shape (C_out,), one value per output channel of the layer. Without it a layer with bias=True gets zeros. Not part of W.",
        valueName: "file.npy"))
    var bias: String?

    @Option(name: .customLong("bias-tensor"), help: ArgumentHelp("With --bias FILE.safetensors: the name of the bias tensor in it.", valueName: "name"))
    var biasTensor: String?

    /// Whether none of LAYER, `--case` and `--onnx` was given.
    var isEmpty: Bool { layer == nil && caseFile == nil && onnx == nil }

    func validate() throws {
        if layer != nil, caseFile != nil {
            throw ValidationError("give either LAYER or --case FILE, not both")
        }
        try validateModelOptions()
        if caseFile != nil {
            let conflicting = [("--layout", layout != nil), ("--input-dilation", inputDilation != nil),
                               ("--weights", weights != nil), ("--fill", fill != nil), ("--seed", seed != nil),
                               ("--bias", bias != nil)].filter(\.1).map(\.0)
            if !conflicting.isEmpty {
                throw ValidationError("--case defines the layer, its layout, weights and bias; drop \(conflicting.joined(separator: ", "))")
            }
        }
        if weights != nil, fill != nil { throw ValidationError("give either --weights or --fill, not both") }
        if seed != nil, fill != .random { throw ValidationError("--seed applies to --fill random") }
    }

    /// The parsed LAYER; a syntax error names its column.
    func expression() throws -> LayerExpression {
        guard let layer else {
            throw ConvMatrixError(.invalidParameter, parameter: "layer", value: "missing",
                                  rule: "give a layer, e.g. \"nn.Conv2d(1, 1, 2)\" --input 1x1x3x3, or --case FILE.json")
        }
        return try LayerExpression(parsing: layer)
    }

    /// The `--input-dilation` values, if given.
    func inputDilationValues() throws -> [Int]? {
        try inputDilation.map { try IntegerList.parse($0, option: "--input-dilation", minimum: 1, example: "2,1") }
    }

    /// LAYER's hyper-parameters with `--layout` and `--input-dilation`.
    func parameters() throws -> ConvolutionParameters {
        let layout = (self.layout ?? .channelsFirst).layout
        return try expression().parameters(inputDilation: inputDilationValues(), inputLayout: layout, outputLayout: layout)
    }

    /// The layer with its weights and bias. `inputShape` is required for LAYER, must be
    /// `nil` with `--case` (X's shape defines the input), and optional with `--onnx` (the graph's
    /// shape for the node, when it states one).
    func resolve(inputShape: [Int]?) throws -> ResolvedLayer {
        if let onnx {
            guard let node else {
                throw ConvMatrixError(.invalidParameter, parameter: "--node", value: "missing",
                                      rule: "give the conv node of \(onnx) with --node NAME (`convmat layers \(onnx)` lists them)")
            }
            return try ResolvedLayer(onnx: onnx, node: node, inputShape: inputShape)
        }
        if let caseFile {
            guard inputShape == nil else {
                throw ConvMatrixError(.invalidParameter, parameter: "--input", value: inputShape!.map(String.init).joined(separator: "x"),
                                      rule: "--case takes the input shape from the case's X; drop --input")
            }
            return try ResolvedLayer(caseFile: caseFile)
        }
        let expression = try expression()
        guard let inputShape else {
            throw ConvMatrixError(.invalidParameter, parameter: "--input", value: "missing",
                                  rule: "give the layer's input shape, e.g. --input 1x3x8x8 (batch optional)")
        }
        return try ResolvedLayer(expression: expression, inputShape: inputShape, options: self)
    }
}
