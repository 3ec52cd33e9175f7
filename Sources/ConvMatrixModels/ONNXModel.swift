// An ONNX model file read for its convolution layers.
import ConvMatrix
import ConvMatrixIO
import Foundation
import SwiftProtobuf

/// An ONNX model (`.onnx`, a serialized `ModelProto`) read for its `Conv` and `ConvTranspose`
/// nodes: their attributes, weights and biases from the initializers (or `Constant` nodes), and
/// each node's input shape when the graph tells it.
///
/// ```swift
/// let model = try ONNXModel(contentsOf: "resnet18.onnx")
/// for conv in model.convolutionLayers { print(conv.name, conv.weightShape, conv.inputShape ?? []) }
/// let layer = try model.layer(named: "/layer1/conv1/Conv").layer()   // a ConvolutionLayer
/// ```
///
/// Reading is strict: the protobuf wire format is checked field by field first (a truncated or
/// corrupt file is a ``ConvMatrixError`` of kind `.io` naming the field path and byte offset),
/// then every conv node's attributes, initializers and external-data references are checked
/// (float32, float64, float16 and bfloat16 tensors; `raw_data` or the typed fields; external
/// data files inside the model's folder).
///
/// - Complexity: O(file size + external data read) time; memory: the file plus the weights as
///   `Double` (at most 4 × the file's bytes of float16 data).
public struct ONNXModel: Sendable {
    /// Where the model was read from (the path, or the name given with the bytes).
    public let source: String
    /// Every `Conv` and `ConvTranspose` node of the main graph, in graph order.
    public let convolutionLayers: [ONNXConvolutionLayer]
    /// The number of nodes of the main graph, of every operator.
    public let nodeCount: Int

    /// Reads the model at `path`; external data files are looked up in its folder.
    ///
    /// - Throws: `.io` naming the file when it cannot be read, or the field and byte offset
    ///   when it is malformed; the errors of ``init(bytes:source:directory:)``.
    public init(contentsOf path: String) throws {
        // Regular files only, their size checked against the memory budget before reading.
        let bytes = try readFileBytes(path)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try self.init(bytes: bytes, source: path, directory: directory)
    }

    /// Reads a model from its serialized bytes.
    ///
    /// - Parameters:
    ///   - source: how errors name the model.
    ///   - directory: the folder of external data files; `nil` refuses external data.
    /// - Throws: ``ConvMatrixError`` — `.io` naming the field path and byte offset of a
    ///   malformed file; `.unsupported` for a data type other than float32/64, float16,
    ///   bfloat16; `.invalidParameter` for a conv node whose attributes break a rule.
    public init(bytes: [UInt8], source: String = "model.onnx", directory: String? = nil) throws {
        var check = ProtobufWireCheck(bytes: bytes, source: source)
        try check.check(ONNXSchema.model, range: 0..<bytes.count, path: "")
        let proto: Onnx_ModelProto
        do {
            proto = try Onnx_ModelProto(serializedBytes: bytes)
        } catch {
            throw Self.error(source, offset: 0, field: "model", value: "\(error)", rule: "is not a valid ONNX ModelProto")
        }
        guard proto.hasGraph else {
            throw Self.error(source, offset: 0, field: "graph", value: "missing", rule: "an ONNX model holds one graph (field 7)")
        }
        let reader = ONNXGraphReader(graph: proto.graph, source: source, directory: directory, offsets: check.offsets)
        self.source = source
        nodeCount = proto.graph.node.count
        convolutionLayers = try reader.convolutionLayers()
    }

    /// The conv node called `name` (or, for a node without a name, whose first output is `name`).
    ///
    /// - Throws: `.invalidParameter` naming `--node` and listing the conv nodes when there is
    ///   none, or when two share the name.
    public func layer(named name: String) throws -> ONNXConvolutionLayer {
        let matches = convolutionLayers.filter { $0.name == name }
        guard matches.count == 1 else {
            let names = convolutionLayers.prefix(12).map { "'\($0.name)'" }.joined(separator: ", ")
            let more = convolutionLayers.count > 12 ? ", …" : ""
            throw ConvMatrixError(.invalidParameter, parameter: "--node", value: name,
                                  rule: matches.isEmpty
                                      ? (convolutionLayers.isEmpty ? "\(source) has no Conv or ConvTranspose node"
                                                                   : "\(source) has no conv node of that name; its conv nodes: \(names)\(more)")
                                      : "\(matches.count) conv nodes of \(source) have that name")
        }
        return matches[0]
    }

    /// A malformed-model error at byte `offset` of `source`, naming the field path.
    static func error(_ source: String, offset: Int, field: String, value: String, rule: String) -> ConvMatrixError {
        ConvMatrixError(.io, parameter: "\(source) byte \(offset) (\(field))", value: value, rule: rule,
                        location: .file(path: source, line: nil, byteOffset: offset))
    }
}
