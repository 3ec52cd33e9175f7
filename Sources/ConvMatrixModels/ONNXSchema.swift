// The part of onnx.proto that the wire check names: the messages between a model and its
// convolution nodes, initializers and value shapes (field numbers from Generated/onnx.proto).

/// Field names and kinds of the ONNX messages on the way from `ModelProto` to conv nodes,
/// initializers and shapes, for ``ProtobufWireCheck``. Fields of other messages are checked for
/// size only and named `field N`.
enum ONNXSchema {
    /// How a field is encoded.
    enum Kind: Sendable {
        /// A varint (`int64`, `int32`, enum).
        case varint
        /// A `float` (wire type 5).
        case fixed32
        /// A length-prefixed string or bytes, or a submessage this schema does not enter.
        case bytes
        /// A length-prefixed message this schema enters.
        case message(@Sendable () -> Message)
        /// A repeated number: packed (length-prefixed) or one element per tag.
        case packed(scalarWireType: Int)

        func accepts(_ wireType: Int) -> Bool {
            switch self {
            case .varint: wireType == 0
            case .fixed32: wireType == 5
            case .bytes, .message: wireType == 2
            case .packed(let scalar): wireType == 2 || wireType == scalar
            }
        }

        var wireDescription: String {
            switch self {
            case .varint: "wire type 0 (varint)"
            case .fixed32: "wire type 5 (32-bit)"
            case .bytes, .message: "wire type 2 (length-delimited)"
            case .packed(let scalar): "wire type 2 (packed) or \(scalar)"
            }
        }
    }

    struct Field: Sendable {
        let name: String
        let kind: Kind
        let repeated: Bool
    }

    struct Message: Sendable {
        let fields: [Int: Field]
    }

    private static func one(_ name: String, _ kind: Kind) -> Field { Field(name: name, kind: kind, repeated: false) }
    private static func many(_ name: String, _ kind: Kind) -> Field { Field(name: name, kind: kind, repeated: true) }

    static let model = Message(fields: [
        1: one("ir_version", .varint), 2: one("producer_name", .bytes), 3: one("producer_version", .bytes),
        4: one("domain", .bytes), 5: one("model_version", .varint), 6: one("doc_string", .bytes),
        7: one("graph", .message { graph }), 8: many("opset_import", .bytes), 14: many("metadata_props", .bytes),
        20: many("training_info", .bytes), 25: many("functions", .bytes), 26: many("configuration", .bytes),
    ])

    static let graph = Message(fields: [
        1: many("node", .message { node }), 2: one("name", .bytes), 5: many("initializer", .message { tensor }),
        10: one("doc_string", .bytes), 11: many("input", .message { valueInfo }), 12: many("output", .message { valueInfo }),
        13: many("value_info", .message { valueInfo }), 14: many("quantization_annotation", .bytes),
        15: many("sparse_initializer", .bytes), 16: many("metadata_props", .bytes),
    ])

    static let node = Message(fields: [
        1: many("input", .bytes), 2: many("output", .bytes), 3: one("name", .bytes), 4: one("op_type", .bytes),
        5: many("attribute", .message { attribute }), 6: one("doc_string", .bytes), 7: one("domain", .bytes),
        8: one("overload", .bytes), 9: many("metadata_props", .bytes), 10: many("device_configurations", .bytes),
    ])

    static let attribute = Message(fields: [
        1: one("name", .bytes), 2: one("f", .fixed32), 3: one("i", .varint), 4: one("s", .bytes),
        5: one("t", .message { tensor }), 6: one("g", .bytes), 7: many("floats", .packed(scalarWireType: 5)),
        8: many("ints", .packed(scalarWireType: 0)), 9: many("strings", .bytes), 10: many("tensors", .message { tensor }),
        11: many("graphs", .bytes), 13: one("doc_string", .bytes), 14: one("tp", .bytes), 15: many("type_protos", .bytes),
        20: one("type", .varint), 21: one("ref_attr_name", .bytes), 22: one("sparse_tensor", .bytes),
        23: many("sparse_tensors", .bytes),
    ])

    static let tensor = Message(fields: [
        1: many("dims", .packed(scalarWireType: 0)), 2: one("data_type", .varint), 3: one("segment", .bytes),
        4: many("float_data", .packed(scalarWireType: 5)), 5: many("int32_data", .packed(scalarWireType: 0)),
        6: many("string_data", .bytes), 7: many("int64_data", .packed(scalarWireType: 0)), 8: one("name", .bytes),
        9: one("raw_data", .bytes), 10: many("double_data", .packed(scalarWireType: 1)),
        11: many("uint64_data", .packed(scalarWireType: 0)), 12: one("doc_string", .bytes),
        13: many("external_data", .message { stringEntry }), 14: one("data_location", .varint),
        16: many("metadata_props", .bytes),
    ])

    static let stringEntry = Message(fields: [1: one("key", .bytes), 2: one("value", .bytes)])

    static let valueInfo = Message(fields: [
        1: one("name", .bytes), 2: one("type", .message { type }), 3: one("doc_string", .bytes),
        4: many("metadata_props", .bytes),
    ])

    static let type = Message(fields: [
        1: one("tensor_type", .message { tensorType }), 4: one("sequence_type", .bytes), 5: one("map_type", .bytes),
        6: one("denotation", .bytes), 7: one("opaque_type", .bytes), 8: one("sparse_tensor_type", .bytes),
        9: one("optional_type", .bytes),
    ])

    static let tensorType = Message(fields: [1: one("elem_type", .varint), 2: one("shape", .message { shape })])

    static let shape = Message(fields: [1: many("dim", .message { dimension })])

    static let dimension = Message(fields: [
        1: one("dim_value", .varint), 2: one("dim_param", .bytes), 3: one("denotation", .bytes),
    ])
}
