// Protobuf wire format checked field by field before decoding, so that a truncated or corrupt
// model names the field and byte offset at fault.
import ConvMatrix

/// A walk over protobuf's wire format (tag varint, then a varint, 8 bytes, a length-prefixed
/// run, or 4 bytes) that checks every length against the message that encloses it.
///
/// swift-protobuf's decoder reports only "truncated" or "malformed" for the whole file; this walk
/// runs first and names the field path (`graph.node[3].attribute[0]`) and the byte offset, so a
/// bad file fails with a ``ConvMatrixError`` of kind `.io` that says where. Messages of
/// ``ONNXSchema`` are entered and their fields named; other length-prefixed fields are checked to
/// fit and skipped. It also records where each named message starts, for later errors.
///
/// - Complexity: O(file size) time, O(nesting depth) stack.
struct ProtobufWireCheck {
    let bytes: [UInt8]
    let source: String
    /// The byte offset at which each message field starts, by path (`graph.initializer[2]`).
    private(set) var offsets: [String: Int] = [:]

    /// Nesting deeper than this is refused (swift-protobuf's own limit is 100).
    static let depthLimit = 64

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// Checks the message of type `schema` that spans `range`, naming fields under `path`.
    mutating func check(_ schema: ONNXSchema.Message, range: Range<Int>, path: String, depth: Int = 0) throws {
        guard depth < Self.depthLimit else {
            throw error(at: range.lowerBound, path, "nesting depth \(depth)", "messages nest at most \(Self.depthLimit) deep")
        }
        var position = range.lowerBound
        var counts: [Int: Int] = [:]
        while position < range.upperBound {
            let tagOffset = position
            let tag = try varint(&position, end: range.upperBound, path.isEmpty ? "field tag" : "\(path): field tag")
            let number = tag >> 3, wireType = Int(tag & 7)
            guard number >= 1, number <= 536_870_911 else {
                throw error(at: tagOffset, path.isEmpty ? "field tag" : "\(path): field tag", "field number \(number)",
                            "protobuf field numbers are 1 … 2²⁹ − 1")
            }
            let field = schema.fields[Int(number)]
            let index = counts[Int(number), default: 0]
            counts[Int(number)] = index + 1
            let name = field.map { $0.repeated ? "\($0.name)[\(index)]" : $0.name } ?? "field \(number)"
            let fieldPath = path.isEmpty ? name : "\(path).\(name)"
            if let field, !field.kind.accepts(wireType) {
                throw error(at: tagOffset, fieldPath, "wire type \(wireType)", "must be \(field.kind.wireDescription)")
            }
            switch wireType {
            case 0:
                _ = try varint(&position, end: range.upperBound, fieldPath)
            case 1, 5:
                let width = wireType == 1 ? 8 : 4
                guard range.upperBound - position >= width else {
                    throw error(at: position, fieldPath, "\(range.upperBound - position) bytes left",
                                "a \(width * 8)-bit value needs \(width) bytes inside its message, which ends at byte \(range.upperBound)")
                }
                position += width
            case 2:
                let lengthOffset = position
                let length = try varint(&position, end: range.upperBound, fieldPath)
                guard length <= UInt64(range.upperBound - position) else {
                    throw error(at: lengthOffset, fieldPath, "length \(length)",
                                "runs past the end of its message: \(range.upperBound - position) bytes are left (to byte \(range.upperBound))")
                }
                let body = position..<(position + Int(length))
                if case .message(let inner) = field?.kind {
                    offsets[fieldPath] = tagOffset
                    try check(inner(), range: body, path: fieldPath, depth: depth + 1)
                }
                position = body.upperBound
            case 3, 4:
                throw error(at: tagOffset, fieldPath, "wire type \(wireType)", "protobuf groups are not used by ONNX")
            default:
                throw error(at: tagOffset, fieldPath, "wire type \(wireType)", "is not a protobuf wire type (0, 1, 2 or 5)")
            }
        }
    }

    /// A base-128 varint at `position` (at most 10 bytes, inside `end`), advancing past it.
    private func varint(_ position: inout Int, end: Int, _ path: String) throws -> UInt64 {
        let start = position
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard position < end else {
                throw error(at: start, path, "\(end - start) byte\(end - start == 1 ? "" : "s") left",
                            "a varint runs past the end of its message (byte \(end))")
            }
            let byte = bytes[position]
            position += 1
            guard shift < 64, shift < 63 || byte <= 1 else {
                throw error(at: start, path, "varint of more than 64 bits", "a protobuf varint holds at most 64 bits (10 bytes)")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// The `.io` error at byte `offset`: "`model.onnx` byte 812 (graph.node[3].input[1])".
    func error(at offset: Int, _ path: String, _ value: String, _ rule: String) -> ConvMatrixError {
        ONNXModel.error(source, offset: offset, field: path, value: value, rule: rule)
    }
}
