import ConvMatrix
import ConvMatrixIO
import ConvMatrixModels

extension ResolvedLayer {
    /// Node `node` of the ONNX model at `path`, on `inputShape` (memory order, batch optional)
    /// or, when `nil`, on the input shape the graph states for the node.
    init(onnx path: String, node: String, inputShape: [Int]?) throws {
        let model = try Diagnostics.reading("--onnx") { try ONNXModel(contentsOf: path) }
        try self.init(onnx: model.layer(named: node), of: path, inputShape: inputShape)
    }

    /// Conv node `conv` of the model at `path` (see ``init(onnx:node:inputShape:)``).
    init(onnx conv: ONNXConvolutionLayer, of path: String, inputShape: [Int]?) throws {
        let rank = conv.weightShape.count - 2
        guard let shape = inputShape ?? conv.inputShape else {
            throw ConvMatrixError(.invalidParameter, parameter: "--input", value: "missing",
                                  rule: "the graph does not give node '\(conv.name)' an input shape (\(conv.inputShapeSource)); give it with --input, e.g. --input 1x\(conv.op == .conv ? conv.weightShape[1] * conv.attributes.group : conv.weightShape[0])x\(Array(repeating: "8", count: max(rank, 1)).joined(separator: "x"))")
        }
        let hasBatch = shape.count != rank + 1
        let layer = try conv.layer(inputShape: hasBatch ? shape : [1] + shape)
        var arguments = "--onnx \(path) --node \(Self.quoted(conv.name))"
        if let inputShape { arguments += " --input " + inputShape.map(String.init).joined(separator: "x") }
        try self.init(layer: layer, title: "node \(conv.name) (\(conv.op.rawValue)) of \(path)",
                      weightNote: "initializer \(conv.weightName) (\(conv.weightType.rawValue)) of \(path)",
                      biasNote: conv.biasName.map { "initializer \($0) of \(path)" } ?? "none (the node has no B)",
                      hasBatch: hasBatch, arguments: arguments)
    }

    /// `name`, in single quotes when a shell would split or expand it.
    static func quoted(_ name: String) -> String {
        name.allSatisfy { $0.isLetter || $0.isNumber || "/._-:".contains($0) } ? name : "'\(name.replacingOccurrences(of: "'", with: "'\\''"))'"
    }

    /// Weights or bias from `path`: a `.npy` of exactly `shape`, or tensor `tensor` of a `.safetensors`.
    static func loadArray(_ path: String, option: String, tensor: String?, tensorOption: String, shape: [Int],
                          what: String) throws -> [Double] {
        guard let tensor else { return try loadArray(path, option: option, shape: shape, what: what) }
        let file = try Diagnostics.reading(option) { try SafetensorsFile(contentsOf: path) }
        let loaded: (shape: [Int], values: [Double])
        do { loaded = try file.doubles(named: tensor) } catch let error as ConvMatrixError {
            throw ConvMatrixError(error.kind, parameter: error.parameter == "tensor" ? tensorOption : error.parameter,
                                  value: error.value, rule: error.rule)
        }
        guard loaded.shape == shape else {
            throw ConvMatrixError(.shapeMismatch, parameter: "\(tensorOption) \(tensor)", value: "shape \(IntegerList.shapeText(loaded.shape))",
                                  rule: "must be \(what) \(IntegerList.shapeText(shape))")
        }
        return loaded.values
    }
}

extension ResolvedLayer {
    /// A layer built elsewhere (an ONNX node), with how to name it back to the user.
    init(layer: ConvolutionLayer, title: String, weightNote: String, biasNote: String, hasBatch: Bool,
         arguments: String) throws {
        self.layer = layer
        self.title = title
        self.weightNote = weightNote
        self.biasNote = biasNote
        self.hasBatch = hasBatch
        self.arguments = arguments
        caseInput = nil
        convolution = try layer.convolution()
    }
}
