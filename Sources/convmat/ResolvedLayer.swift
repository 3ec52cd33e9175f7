import ConvMatrix
import ConvMatrixIO

/// A layer ready to compile: its convolution, weights, bias and how to name them.
struct ResolvedLayer {
    let convolution: Convolution
    let weights: [Double]
    let bias: [Double]?
    /// The layer as written (`nn.Conv2d(…)`) or the case's name and op.
    let title: String
    /// Where the weights came from.
    let weightNote: String
    /// Where the bias came from (or that there is none).
    let biasNote: String
    /// The batch of the input shape, if it had one.
    let batch: Int?
    /// Command-line arguments that name this layer again, for hints.
    let arguments: String

    var geometry: ConvolutionGeometry { convolution.geometry }
    var isTransposed: Bool { convolution.direction == .transposed }
    /// The layer's input shape in memory order, with the batch if one was given.
    var inputShape: [Int] { (batch.map { [$0] } ?? []) + convolution.inputMemoryShape }
    /// The layer's output shape in memory order, with the batch if one was given.
    var outputShape: [Int] { (batch.map { [$0] } ?? []) + convolution.outputMemoryShape }
    var layout: TensorLayout { convolution.direction == .forward ? geometry.inputLayout : geometry.outputLayout }

    init(expression: LayerExpression, layer: Convolution, inputShape: [Int], options: LayerOptions) throws {
        convolution = layer
        title = expression.text
        batch = inputShape.count == layer.geometry.spatialRank + 2 ? inputShape[0] : nil
        let shape = layer.weightShape, count = layer.geometry.weightCount
        if let path = options.weights {
            weights = try Self.loadArray(path, option: "--weights", shape: shape, what: "the layer's weight shape")
            weightNote = "from \(path)"
        } else {
            let fill = options.fill ?? .arange, seed = options.seed ?? 0
            weights = try fill.values(for: layer.geometry, seed: seed)
            weightNote = fill.note(count: count, seed: seed)
        }
        if let path = options.bias {
            guard expression.hasBias else {
                throw ConvMatrixError(.invalidParameter, parameter: "--bias", value: path,
                                      rule: "the layer is written with bias=False; drop --bias or the bias=False")
            }
            bias = try Self.loadArray(path, option: "--bias", shape: [layer.outputChannels], what: "(out_channels,)")
            biasNote = "from \(path)"
        } else if expression.hasBias {
            bias = [Double](repeating: 0, count: layer.outputChannels)
            biasNote = "zeros (bias=True; give --bias FILE.npy for values)"
        } else {
            bias = nil
            biasNote = "none (bias=False)"
        }
        var arguments = "\"\(expression.text)\" --input " + inputShape.map(String.init).joined(separator: "x")
        if let layout = options.layout { arguments += " --layout \(layout.rawValue)" }
        if let dilation = options.inputDilation { arguments += " --input-dilation \(dilation)" }
        self.arguments = arguments
    }

    /// The one case in `caseFile`.
    static func loadCase(_ caseFile: String) throws -> ConformanceCase {
        let loaded = try ConformanceCase.load(file: caseFile)
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
        weights = testCase.w.data
        if let b = testCase.b {
            guard b.data.count == convolution.outputChannels else {
                throw ConvMatrixError(.shapeMismatch, parameter: "\(caseFile): B.shape", value: "\(b.shape)",
                                      rule: "must hold one value per output channel (\(convolution.outputChannels))")
            }
            bias = b.data
            biasNote = "the case's B"
        } else {
            bias = nil
            biasNote = "none (the case has no B)"
        }
        title = "\(testCase.name) (\(testCase.op.rawValue))"
        weightNote = "the case's W"
        batch = testCase.x.shape.first
        arguments = "--case \(caseFile)"
    }

    /// A float array from `path` whose shape must be `shape`.
    static func loadArray(_ path: String, option: String, shape: [Int], what: String) throws -> [Double] {
        let array = try NumPyArray(contentsOf: path)
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
        return try Progress.run("compiling W (\(g.outputCount) × \(g.inputCount))") {
            try ConvolutionMatrix(g, weights: weights)
        }
    }
}
