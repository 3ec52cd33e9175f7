// Models built here from the generated protobuf messages: every initializer encoding, and the
// errors of nodes and tensors that break a rule.
import ConvMatrix
@testable import ConvMatrixModels
import ConvMatrixTestSupport
import Foundation
import SwiftProtobuf
import Testing

/// A tiny ONNX model: one node over graph input `x` (shape `inputShape`) with `tensors` as
/// initializers, serialized.
func onnxBytes(_ node: Onnx_NodeProto, tensors: [Onnx_TensorProto], inputShape: [Int64]? = [1, 1, 4],
               extraNodes: [Onnx_NodeProto] = []) throws -> [UInt8] {
    var graph = Onnx_GraphProto()
    graph.name = "g"
    graph.node = extraNodes + [node]
    graph.initializer = tensors
    var x = Onnx_ValueInfoProto()
    x.name = "x"
    if let inputShape {
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = 1
        tensorType.shape.dim = inputShape.map { n in var d = Onnx_TensorShapeProto.Dimension(); d.dimValue = n; return d }
        x.type.tensorType = tensorType
    }
    graph.input = [x]
    var model = Onnx_ModelProto()
    model.irVersion = 8
    model.graph = graph
    return try model.serializedBytes()
}

func convNode(_ op: String = "Conv", inputs: [String] = ["x", "w"], attributes: [Onnx_AttributeProto] = []) -> Onnx_NodeProto {
    var node = Onnx_NodeProto()
    node.opType = op
    node.name = "n"
    node.input = inputs
    node.output = ["y"]
    node.attribute = attributes
    return node
}

func intsAttribute(_ name: String, _ values: [Int64]) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name
    a.type = .ints
    a.ints = values
    return a
}

/// A tensor named `name` of `dims` and ONNX `dataType`, its data set by `fill`.
func tensor(_ name: String, dims: [Int64], dataType: Int32, _ fill: (inout Onnx_TensorProto) -> Void) -> Onnx_TensorProto {
    var t = Onnx_TensorProto()
    t.name = name
    t.dims = dims
    t.dataType = dataType
    fill(&t)
    return t
}

@Suite struct HandBuiltModelTests {
    /// The weights 0.5, −1.25 (k = 2, one channel) in every encoding ConvMatrix reads.
    static let encodings: [(String, Onnx_TensorProto)] = [
        ("float_data", tensor("w", dims: [1, 1, 2], dataType: 1) { $0.floatData = [0.5, -1.25] }),
        ("double_data", tensor("w", dims: [1, 1, 2], dataType: 11) { $0.doubleData = [0.5, -1.25] }),
        // IEEE half 0.5 = 0x3800, −1.25 = 0xBD00, one per int32_data element.
        ("float16 int32_data", tensor("w", dims: [1, 1, 2], dataType: 10) { $0.int32Data = [0x3800, 0xBD00] }),
        // bfloat16 is float32's top half: 0.5 = 0x3F00, −1.25 = 0xBFA0.
        ("bfloat16 int32_data", tensor("w", dims: [1, 1, 2], dataType: 16) { $0.int32Data = [0x3F00, 0xBFA0] }),
        // float32 0.5 = 0x3F000000, −1.25 = 0xBFA00000, little-endian.
        ("float raw_data", tensor("w", dims: [1, 1, 2], dataType: 1) { $0.rawData = Data([0, 0, 0, 0x3F, 0, 0, 0xA0, 0xBF]) }),
        // float64 0.5 = 0x3FE0…, −1.25 = 0xBFF4….
        ("double raw_data", tensor("w", dims: [1, 1, 2], dataType: 11) {
            $0.rawData = Data([0, 0, 0, 0, 0, 0, 0xE0, 0x3F, 0, 0, 0, 0, 0, 0, 0xF4, 0xBF])
        }),
        ("float16 raw_data", tensor("w", dims: [1, 1, 2], dataType: 10) { $0.rawData = Data([0x00, 0x38, 0x00, 0xBD]) }),
        ("bfloat16 raw_data", tensor("w", dims: [1, 1, 2], dataType: 16) { $0.rawData = Data([0x00, 0x3F, 0xA0, 0xBF]) }),
    ]

    @Test(arguments: encodings.indices) func initializerEncodings(_ i: Int) throws {
        let (label, w) = Self.encodings[i]
        let model = try ONNXModel(bytes: onnxBytes(convNode(), tensors: [w]))
        let conv = try #require(model.convolutionLayers.first, "\(label)")
        #expect(conv.weights == [0.5, -1.25], "\(label)")
        #expect(conv.inputShape == [1, 1, 4], "\(label)")
        // y[i] = 0.5·x[i] − 1.25·x[i+1] on x = 1, 2, 3, 4.
        let y = try conv.layer()(Tensor(shape: [1, 1, 4], scalars: [1.0, 2, 3, 4]))
        let expected: [Double] = [0.5 - 2.5, 1 - 3.75, 1.5 - 5]
        #expect(y.scalars == expected, "\(label)")
    }

    @Test func weightFromAConstantNodeAndAttributesOfEveryKind() throws {
        var constant = Onnx_NodeProto()
        constant.opType = "Constant"
        constant.output = ["w"]
        var value = Onnx_AttributeProto()
        value.name = "value"
        value.type = .tensor
        value.t = tensor("", dims: [2, 1, 3], dataType: 1) { $0.floatData = [1, 2, 3, 4, 5, 6] }
        constant.attribute = [value]
        var group = Onnx_AttributeProto()
        group.name = "group"
        group.type = .int
        group.i = 1
        var autoPad = Onnx_AttributeProto()
        autoPad.name = "auto_pad"
        autoPad.type = .string
        autoPad.s = Data("SAME_UPPER".utf8)
        let node = convNode(attributes: [group, autoPad, intsAttribute("dilations", [2]), intsAttribute("strides", [1])])
        let conv = try #require(ONNXModel(bytes: onnxBytes(node, tensors: [], inputShape: [1, 1, 5], extraNodes: [constant]))
            .convolutionLayers.first)
        #expect(conv.weights == [1, 2, 3, 4, 5, 6])
        #expect(conv.weightShape == [2, 1, 3])
        #expect(conv.attributes == ONNXAttributes(strides: [1], dilations: [2], group: 1, autoPad: .sameUpper))
        // SAME_UPPER keeps the length 5: total pad d·(k−1) = 4.
        #expect(try conv.layer().outputShape() == [1, 2, 5])
    }

    /// Each broken model and a piece of the message it must give.
    static let broken: [(String, @Sendable () throws -> [UInt8], ConvMatrixError.Kind, String)] = [
        ("too few values", { try onnxBytes(convNode(), tensors: [tensor("w", dims: [1, 1, 3], dataType: 1) { $0.floatData = [1, 2] }]) },
         .io, "graph.initializer[0].float_data"),
        ("raw_data size", { try onnxBytes(convNode(), tensors: [tensor("w", dims: [1, 1, 2], dataType: 1) { $0.rawData = Data([1, 2, 3]) }]) },
         .io, "graph.initializer[0].raw_data"),
        ("int8 weights", { try onnxBytes(convNode(), tensors: [tensor("w", dims: [1, 1, 2], dataType: 3) { $0.rawData = Data([1, 2]) }]) },
         .unsupported, "graph.initializer[0].data_type"),
        ("negative dim", { try onnxBytes(convNode(), tensors: [tensor("w", dims: [1, -1, 2], dataType: 1) { _ in }]) },
         .io, "graph.initializer[0].dims[1]"),
        ("unknown attribute", { try onnxBytes(convNode(attributes: [intsAttribute("stride", [1])]),
                                              tensors: [tensor("w", dims: [1, 1, 2], dataType: 1) { $0.floatData = [1, 2] }]) },
         .io, "graph.node[0].attribute[0]"),
        ("output_padding on Conv", { try onnxBytes(convNode(attributes: [intsAttribute("output_padding", [1])]),
                                                   tensors: [tensor("w", dims: [1, 1, 2], dataType: 1) { $0.floatData = [1, 2] }]) },
         .io, "is not an attribute of Conv"),
        ("auto_pad value", {
            var a = Onnx_AttributeProto()
            a.name = "auto_pad"; a.type = .string; a.s = Data("SAME".utf8)
            return try onnxBytes(convNode(attributes: [a]), tensors: [tensor("w", dims: [1, 1, 2], dataType: 1) { $0.floatData = [1, 2] }])
        }, .io, "SAME_UPPER"),
        ("strides as floats", {
            var a = Onnx_AttributeProto()
            a.name = "strides"; a.type = .floats; a.floats = [1]
            return try onnxBytes(convNode(attributes: [a]), tensors: [tensor("w", dims: [1, 1, 2], dataType: 1) { $0.floatData = [1, 2] }])
        }, .io, "INTS"),
        ("weight not an initializer", { try onnxBytes(convNode(), tensors: []) }, .unsupported, "node 'n' weight W"),
        ("kernel_shape not the weight's", { try onnxBytes(convNode(attributes: [intsAttribute("kernel_shape", [3])]),
                                               tensors: [tensor("w", dims: [1, 1, 2], dataType: 1) { $0.floatData = [1, 2] }]) },
         .shapeMismatch, "node 'n' kernel_shape"),
        ("bias count", { try onnxBytes(convNode(inputs: ["x", "w", "b"]),
                                       tensors: [tensor("w", dims: [1, 1, 2], dataType: 1) { $0.floatData = [1, 2] },
                                                 tensor("b", dims: [2], dataType: 1) { $0.floatData = [1, 2] }]) },
         .shapeMismatch, "node 'n' bias.count"),
        ("external data escaping the folder", { try onnxBytes(convNode(), tensors: [tensor("w", dims: [1, 1, 2], dataType: 1) {
            $0.dataLocation = .external
            var entry = Onnx_StringStringEntryProto()
            entry.key = "location"; entry.value = "../../etc/passwd"
            $0.externalData = [entry]
        }]) }, .io, "inside the model's folder"),
    ]

    @Test(arguments: broken.indices) func brokenModelsGiveTypedErrors(_ i: Int) throws {
        let (label, make, kind, fragment) = Self.broken[i]
        let directory = TemporaryDirectory()
        let error = try #require(throws: ConvMatrixError.self, "\(label)") {
            try ONNXModel(bytes: make(), source: "m.onnx", directory: directory.url.path)
        }
        #expect(error.kind == kind, "\(label): \(error)")
        #expect(error.description.contains(fragment), "\(label): \(error)")
    }

    @Test func externalDataSymlinkOutsideTheFolderIsRefused() throws {
        let outside = TemporaryDirectory(), folder = TemporaryDirectory()
        let secret = outside.write([0, 0, 0, 0x3F, 0, 0, 0, 0x3F], to: "secret.bin")
        try FileManager.default.createSymbolicLink(atPath: folder.path("w.bin"), withDestinationPath: secret)
        let bytes = try onnxBytes(convNode(), tensors: [tensor("w", dims: [1, 1, 2], dataType: 1) {
            $0.dataLocation = .external
            var entry = Onnx_StringStringEntryProto()
            entry.key = "location"; entry.value = "w.bin"
            $0.externalData = [entry]
        }])
        let error = try #require(throws: ConvMatrixError.self) { try ONNXModel(bytes: bytes, directory: folder.url.path) }
        #expect(error.rule.contains("outside the model's folder"), "\(error)")
        // A plain file inside the folder is read: 0.5, 0.5.
        try FileManager.default.removeItem(atPath: folder.path("w.bin"))
        folder.write([0, 0, 0, 0x3F, 0, 0, 0, 0x3F], to: "w.bin")
        #expect(try ONNXModel(bytes: bytes, directory: folder.url.path).convolutionLayers[0].weights == [0.5, 0.5])
        withExtendedLifetime(outside) {}
    }
}
