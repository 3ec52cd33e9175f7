import ConvMatrix
import ConvMatrixConformance
import ConvMatrixIO

/// A ``ConvolutionLayer`` as the command line names it: the layer, plus how to name it, its
/// weights and its bias back to the user, and whether the user's shapes carried a batch axis.
struct ResolvedLayer {
    /// The layer, built for the input shape the user gave (batch 1 when none was written).
    let layer: ConvolutionLayer
    /// The layer as written (`nn.Conv2d(…)`) or the case's name and op.
    let title: String
    /// Where the weights came from.
    let weightNote: String
    /// Where the bias came from (or that there is none).
    let biasNote: String
    /// Whether the user's input shape had a batch axis.
    let hasBatch: Bool
    /// Command-line arguments that name this layer again, for hints.
    let arguments: String
    /// With `--case`: the case's X (the layer's input), read with the case.
    let caseInput: NumPyArray?

    /// The layer resolved on its input.
    let convolution: Convolution
    var geometry: ConvolutionGeometry { convolution.geometry }
    var isTransposed: Bool { layer.isTransposed }
    var weights: [Double] { layer.weights }
    var bias: [Double]? { layer.bias }
    /// The batch of the input shape, if it had one.
    var batch: Int? { hasBatch ? layer.inputShape![0] : nil }
    /// The layer's input shape in memory order, with the batch if one was given.
    var inputShape: [Int] { hasBatch ? layer.inputShape! : Array(layer.inputShape!.dropFirst()) }
    /// The layer's output shape in memory order, with the batch if one was given.
    var outputShape: [Int] { (hasBatch ? [layer.inputShape![0]] : []) + convolution.outputMemoryShape }
    var layout: TensorLayout { layer.inputLayout }

    /// LAYER built for `inputShape` (memory order, batch optional).
    init(expression: LayerExpression, inputShape: [Int], options: LayerOptions) throws {
        title = expression.text
        let rank = expression.kind.spatialRank
        hasBatch = inputShape.count != rank + 1
        let layout = (options.layout ?? .channelsFirst).layout
        let parameters = try expression.parameters(inputDilation: options.inputDilationValues(), inputLayout: layout,
                                                   outputLayout: layout)
        let batched = hasBatch ? inputShape : [1] + inputShape
        convolution = try parameters.convolution(inputShape: inputShape)  // errors name the shape as written
        let shape = try parameters.weightShape(), count = try parameters.weightCount()
        let weights: [Double], weightNote: String
        if let path = options.weights {
            weights = try Self.loadArray(path, option: "--weights", tensor: options.tensor, tensorOption: "--tensor", shape: shape,
                                         what: "the layer's weight shape")
            weightNote = "from \(path)" + (options.tensor.map { " tensor \($0)" } ?? "")
        } else {
            let fill = options.fill ?? .arange, seed = options.seed ?? 0
            weights = try fill.values(for: convolution.geometry, seed: seed)
            weightNote = fill.note(count: count, seed: seed)
        }
        var bias: [Double]?
        if let path = options.bias {
            guard expression.hasBias else {
                throw ConvMatrixError(.invalidParameter, parameter: "--bias", value: path,
                                      rule: "the layer is written with bias=False; drop --bias or the bias=False")
            }
            bias = try Self.loadArray(path, option: "--bias", tensor: options.biasTensor, tensorOption: "--bias-tensor",
                                      shape: [parameters.outChannels], what: "(out_channels,)")
            biasNote = "from \(path)" + (options.biasTensor.map { " tensor \($0)" } ?? "")
        } else if expression.hasBias {
            biasNote = "zeros (bias=True; give --bias FILE.npy for values)"
        } else {
            biasNote = "none (bias=False)"
        }
        layer = try ConvolutionLayer(expression, weights: weights, bias: bias, inputDilation: options.inputDilationValues(),
                                     layout: layout, inputShape: batched)
        self.weightNote = weightNote
        var arguments = "\"\(expression.text)\" --input " + inputShape.map(String.init).joined(separator: "x")
        if let layout = options.layout { arguments += " --layout \(layout.rawValue)" }
        if let dilation = options.inputDilation { arguments += " --input-dilation \(dilation)" }
        self.arguments = arguments
        caseInput = nil
    }

    /// The one case in `caseFile`.
    private static func loadCase(_ caseFile: String) throws -> ConformanceCase {
        let loaded = try Diagnostics.reading("--case") { try ConformanceCase.load(file: caseFile) }
        guard loaded.count == 1 else {
            throw ConvMatrixError(.invalidParameter, parameter: "--case", value: caseFile,
                                  rule: "holds \(loaded.count) cases; give a file with exactly one")
        }
        switch loaded[0] {
        case .success(let testCase): return testCase
        case .failure(let problem): throw problem.error
        }
    }

    init(caseFile: String) throws {
        let testCase = try Self.loadCase(caseFile)
        convolution = try testCase.layer()
        guard testCase.w.shape == convolution.weightShape else {
            throw ConvMatrixError(.shapeMismatch, parameter: "\(caseFile): W.shape", value: "\(testCase.w.shape)",
                                  rule: "must be the layer's weight shape \(convolution.weightShape)")
        }
        if let b = testCase.b, b.data.count != convolution.outputChannels {
            throw ConvMatrixError(.shapeMismatch, parameter: "\(caseFile): B.shape", value: "\(b.shape)",
                                  rule: "must hold one value per output channel (\(convolution.outputChannels))")
        }
        layer = try ConvolutionLayer(convolution, weights: testCase.w.data, bias: testCase.b?.data,
                                     batch: testCase.x.shape.first ?? 1)
        biasNote = testCase.b == nil ? "none (the case has no B)" : "the case's B"
        title = "\(testCase.name) (\(testCase.op.rawValue))"
        weightNote = "the case's W"
        hasBatch = true
        arguments = "--case \(caseFile)"
        caseInput = try NumPyArray(shape: testCase.x.shape, storage: .float64(testCase.x.data))
    }

    /// A float array from `path` whose shape must be `shape`.
    static func loadArray(_ path: String, option: String, shape: [Int], what: String) throws -> [Double] {
        let array = try Diagnostics.reading(option) { try NumPyArray(contentsOf: path) }
        guard array.shape == shape else {
            throw ConvMatrixError(.shapeMismatch, parameter: "\(option) \(path)", value: "shape \(IntegerList.shapeText(array.shape))",
                                  rule: "must be \(what) \(IntegerList.shapeText(shape))")
        }
        do { return try array.doubles() } catch {
            throw ConvMatrixError(.unsupported, parameter: "\(option) \(path)", value: "dtype \(array.dtype)",
                                  rule: "must hold numbers (float32 or float64)")
        }
    }

    /// Compiles `W`, with a progress line on a terminal when it takes a while.
    func compile() throws -> ConvolutionMatrix {
        let g = geometry
        return try Progress.run("compiling W (\(g.outputCount) × \(g.inputCount))") { try layer.matrix() }
    }
}

