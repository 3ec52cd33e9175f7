// The conv nodes of an ONNX graph, with their weights and input shapes.
import ConvMatrix

/// Walks a decoded `GraphProto` once: collects the tensors that can hold weights (initializers
/// and `Constant` nodes' `value`), the value shapes the graph states, and builds an
/// ``ONNXConvolutionLayer`` for every `Conv` / `ConvTranspose` node.
///
/// Input shapes: graph inputs, `value_info`, graph outputs and initializers state shapes;
/// nodes are in topological order (ONNX requires it), so a conv whose input shape is known gives
/// its output shape to the next conv (a chain of convs needs only the first input's shape).
struct ONNXGraphReader {
    let graph: Onnx_GraphProto
    let source: String
    let directory: String?
    /// Byte offsets of messages by field path, from the wire check.
    let offsets: [String: Int]

    func convolutionLayers() throws -> [ONNXConvolutionLayer] {
        var tensors: [String: (tensor: Onnx_TensorProto, path: String)] = [:]
        for (i, tensor) in graph.initializer.enumerated() { tensors[tensor.name] = (tensor, "graph.initializer[\(i)]") }
        for (i, node) in graph.node.enumerated() where node.opType == "Constant" && node.output.count == 1 {
            if let (j, attribute) = node.attribute.enumerated().first(where: { $0.element.name == "value" }),
               attribute.hasT {
                tensors[node.output[0]] = (attribute.t, "graph.node[\(i)].attribute[\(j)].t")
            }
        }
        var shapes = ONNXValueShapes(graph: graph)
        var layers: [ONNXConvolutionLayer] = []
        for (index, node) in graph.node.enumerated() {
            guard node.domain.isEmpty || node.domain == "ai.onnx",
                  let op = ONNXOperator(rawValue: node.opType) else { continue }
            let layer = try convolution(node, index: index, op: op, tensors: tensors, shapes: shapes)
            // Checked now (weight and bias counts, group, the input shape when known), so that a
            // bad node fails the read, naming it, rather than a later use.
            let built = try layer.layer()
            layers.append(layer)
            if let shape = layer.inputShape, shapes.shape(of: layer.outputName) == nil {
                shapes.infer(layer.outputName, try built.outputShape(inputShape: shape), from: layer.name)
            }
        }
        return layers
    }

    private func convolution(_ node: Onnx_NodeProto, index: Int, op: ONNXOperator,
                             tensors: [String: (tensor: Onnx_TensorProto, path: String)],
                             shapes: ONNXValueShapes) throws -> ONNXConvolutionLayer {
        let path = "graph.node[\(index)]"
        let offset = offsets[path] ?? 0
        let name = node.name.isEmpty ? (node.output.first ?? "#\(index)") : node.name
        guard node.input.count == 2 || node.input.count == 3, !node.input[0].isEmpty, !node.input[1].isEmpty else {
            throw ONNXModel.error(source, offset: offset, field: "\(path).input", value: "\(node.input)",
                                  rule: "\(op.rawValue) node '\(name)' takes inputs X, W and optionally B")
        }
        guard node.output.count == 1, !node.output[0].isEmpty else {
            throw ONNXModel.error(source, offset: offset, field: "\(path).output", value: "\(node.output)",
                                  rule: "\(op.rawValue) node '\(name)' has one output Y")
        }
        let attributes = try ONNXAttributes(node: node, op: op, nodeName: name, source: source) { j in
            (self.offsets["\(path).attribute[\(j)]"] ?? offset, "\(path).attribute[\(j)]")
        }
        let decoder = ONNXTensorDecoder(source: source, directory: directory)
        func initializer(_ valueName: String, role: String) throws -> (shape: [Int], values: [Double], type: ONNXConvolutionLayer.ElementType) {
            guard let (tensor, tensorPath) = tensors[valueName] else {
                throw ConvMatrixError(.unsupported, parameter: "node '\(name)' \(role)", value: valueName,
                                      rule: "is computed in the graph, not an initializer or Constant; ConvMatrix reads weights from initializers")
            }
            return try decoder.decode(tensor, path: tensorPath, offset: offsets[tensorPath] ?? 0)
        }
        let w = try initializer(node.input[1], role: "weight W")
        var biasName: String?, bias: [Double]?
        if node.input.count == 3, !node.input[2].isEmpty {
            let b = try initializer(node.input[2], role: "bias B")
            guard b.shape.count == 1 else {
                throw ConvMatrixError(.shapeMismatch, parameter: "node '\(name)' bias B '\(node.input[2])'",
                                      value: listText(b.shape), rule: "must be 1-d, one value per output channel")
            }
            biasName = node.input[2]
            bias = b.values
        }
        let known = shapes.shape(of: node.input[0])
        return ONNXConvolutionLayer(name: name, index: index, op: op, attributes: attributes, inputName: node.input[0],
                                    outputName: node.output[0], weightName: node.input[1], weightShape: w.shape,
                                    weightType: w.type, weights: w.values, biasName: biasName, bias: bias,
                                    inputShape: known?.shape, inputShapeSource: known?.source ?? shapes.unknownReason(node.input[0]))
    }
}

/// `[1, 3, 8, 8]`.
func listText(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }
