import ArgumentParser
import ConvMatrix
import ConvMatrixModels

/// `convmat layers MODEL.onnx` — the Conv and ConvTranspose nodes of an ONNX model.
struct Layers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the Conv and ConvTranspose nodes of an ONNX model: attributes, weights, bias, input shape.",
        discussion: """
            For each node: its name (what --node takes), its attributes as ONNX names them, the \
            initializers of W and B with their shapes and element type, and X's shape when the \
            graph states it (graph inputs, value_info, or the output of an earlier conv node; a \
            symbolic batch is taken as 1). When it does not, the other subcommands need --input.

            Examples:
              convmat layers Tests/ConvMatrixModelsTests/Fixtures/two_convs.onnx
              convmat show --onnx Tests/ConvMatrixModelsTests/Fixtures/two_convs.onnx --node conv2
              convmat export --onnx Tests/ConvMatrixModelsTests/Fixtures/two_convs.onnx --all --output-dir layers
            """
    )

    @Argument(help: ArgumentHelp("The ONNX model.", valueName: "model.onnx"))
    var model: String

    func run() throws {
        let onnx = try Diagnostics.reading("model") { try ONNXModel(contentsOf: model) }
        let count = onnx.convolutionLayers.count
        print("\(model): \(count) conv node\(count == 1 ? "" : "s") among \(onnx.nodeCount) node\(onnx.nodeCount == 1 ? "" : "s")")
        for conv in onnx.convolutionLayers {
            print("")
            print("node \(ResolvedLayer.quoted(conv.name)) (\(conv.op.rawValue))")
            let attributes = Self.attributeText(conv.attributes)
            print("  attributes  \(attributes.isEmpty ? "none (ONNX defaults)" : attributes)")
            print("  weight W    \(conv.weightName) \(IntegerList.shapeText(conv.weightShape)) \(conv.weightType.rawValue)")
            print("  bias B      " + (conv.biasName.map { "\($0) \(IntegerList.shapeText([conv.bias!.count]))" } ?? "none"))
            if let shape = conv.inputShape {
                let output = try conv.layer(inputShape: shape).outputShape(inputShape: shape)
                print("  input X     \(conv.inputName) \(IntegerList.shapeText(shape)) (\(conv.inputShapeSource))")
                print("  output Y    \(conv.outputName) \(IntegerList.shapeText(output))")
                print("  use         convmat show --onnx \(model) --node \(ResolvedLayer.quoted(conv.name))")
            } else {
                print("  input X     \(conv.inputName), shape unknown (\(conv.inputShapeSource)): give --input SHAPE")
                print("  output Y    \(conv.outputName)")
                print("  use         convmat show --onnx \(model) --node \(ResolvedLayer.quoted(conv.name)) --input SHAPE")
            }
        }
    }

    /// `strides=[2, 2] pads=[1, 1, 1, 1] group=2`: the attributes the node sets.
    static func attributeText(_ a: ONNXAttributes) -> String {
        var parts: [String] = []
        func list(_ name: String, _ values: [Int]?) {
            if let values { parts.append("\(name)=[" + values.map(String.init).joined(separator: ", ") + "]") }
        }
        list("kernel_shape", a.kernelShape)
        list("strides", a.strides)
        list("dilations", a.dilations)
        list("pads", a.pads)
        if a.group != 1 { parts.append("group=\(a.group)") }
        if a.autoPad != .notSet { parts.append("auto_pad=\(a.autoPad.rawValue)") }
        list("output_padding", a.outputPadding)
        list("output_shape", a.outputShape)
        return parts.joined(separator: " ")
    }
}
