// A safetensors file: tensors by name, with their header checked before any data is read.
import ConvMatrix

/// A `.safetensors` file (the Hugging Face weight format): an 8-byte little-endian header
/// length `n`, `n` bytes of JSON header, then the data buffer.
///
/// The header maps each tensor name to `{"dtype": …, "shape": […], "data_offsets": [begin, end]}`
/// (offsets into the data buffer), plus an optional `"__metadata__"` object of strings. Reading
/// checks, with the byte offset of the fault:
/// - `n` ≤ file size − 8 (and `n` ≤ 100 MB, the format's own limit);
/// - every tensor has a known dtype, non-negative dimensions, `begin ≤ end ≤` buffer size and
///   `end − begin = Π shape × dtype width`;
/// - sorted by `begin`, the tensors tile the buffer: the first starts at 0, each starts where the
///   previous ends (in order, no overlap, no hole), the last ends at the end of the file — the
///   rule of the reference implementation.
///
/// - Complexity: O(file size) to read and check; values are converted on request.
public struct SafetensorsFile: Sendable {
    /// A tensor's element type, as the header spells it.
    public enum DType: String, Sendable, Hashable, CaseIterable {
        case bool = "BOOL", u8 = "U8", i8 = "I8", f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
        case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
        case i32 = "I32", u32 = "U32", f32 = "F32", i64 = "I64", u64 = "U64", f64 = "F64"

        /// Bytes per element.
        public var width: Int {
            switch self {
            case .bool, .u8, .i8, .f8e5m2, .f8e4m3: 1
            case .i16, .u16, .f16, .bf16: 2
            case .i32, .u32, .f32: 4
            case .i64, .u64, .f64: 8
            }
        }
    }

    /// One tensor of the header.
    public struct Entry: Sendable, Hashable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        /// Byte range inside the data buffer (which starts at `8 + n`).
        public let dataOffsets: Range<Int>
    }

    /// Where the file was read from.
    public let source: String
    /// The tensors, in the order of their data.
    public let entries: [Entry]
    /// The header's `__metadata__` strings.
    public let metadata: [String: String]
    private let bytes: [UInt8]
    private let dataStart: Int

    /// The format's limit on the header length (the reference implementation's `MAX_HEADER_SIZE`).
    public static let headerLimit = 100_000_000

    /// Reads and checks the file at `path`.
    public init(contentsOf path: String) throws {
        try self.init(bytes: try readFileBytes(path), source: path)
    }

    /// Reads and checks a file's bytes; `source` names it in errors.
    ///
    /// - Throws: `ConvMatrixError(.io)` at `source byte N` naming the rule broken.
    public init(bytes: [UInt8], source: String) throws {
        guard bytes.count >= 8 else {
            throw ConvMatrixError.io(bytePlace(source, 0), "\(bytes.count) bytes", "a safetensors file starts with an 8-byte header length")
        }
        let length = bytes.withUnsafeBytes { $0.littleEndian(UInt64.self, at: 0)! }
        guard length <= UInt64(bytes.count - 8), length <= UInt64(Self.headerLimit) else {
            throw ConvMatrixError.io(bytePlace(source, 0), "header length \(length)",
                                     "must fit in the file (\(bytes.count - 8) bytes after the length) and be ≤ \(Self.headerLimit)")
        }
        let headerEnd = 8 + Int(length)
        var reader = JSONReader(bytes: bytes, range: 8..<headerEnd, source: source)
        let header = try reader.parseDocument()
        guard case .object(let members) = header else {
            throw ConvMatrixError.io(bytePlace(source, 8), "header", "must be a JSON object")
        }
        var entries: [Entry] = [], metadata: [String: String] = [:], names: Set<String> = []
        let bufferSize = bytes.count - headerEnd
        for member in members {
            let place = bytePlace(source, member.offset)
            guard names.insert(member.key).inserted else { throw ConvMatrixError.io(place, member.key, "the header names this tensor twice") }
            if member.key == "__metadata__" {
                guard case .object(let pairs) = member.value else { throw ConvMatrixError.io(place, "__metadata__", "must be an object of strings") }
                for pair in pairs {
                    guard case .string(let text) = pair.value else {
                        throw ConvMatrixError.io(bytePlace(source, pair.offset), "__metadata__.\(pair.key)", "must be a string")
                    }
                    metadata[pair.key] = text
                }
                continue
            }
            entries.append(try Self.entry(member.key, member.value, place: place, bufferSize: bufferSize))
        }
        entries.sort { ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound) }
        var next = 0
        for entry in entries {
            guard entry.dataOffsets.lowerBound == next else {
                throw ConvMatrixError.io(bytePlace(source, headerEnd + entry.dataOffsets.lowerBound),
                                         "'\(entry.name)' data_offsets [\(entry.dataOffsets.lowerBound), \(entry.dataOffsets.upperBound)]",
                                         entry.dataOffsets.lowerBound < next
                                             ? "overlaps the tensor before it, which ends at \(next)"
                                             : "leaves a hole: the tensor before it ends at \(next)")
            }
            next = entry.dataOffsets.upperBound
        }
        guard next == bufferSize else {
            throw ConvMatrixError.io(bytePlace(source, headerEnd + next), "data buffer of \(bufferSize) bytes",
                                     "the tensors cover \(next) bytes; the buffer must end where the last tensor ends")
        }
        self.source = source
        self.entries = entries
        self.metadata = metadata
        self.bytes = bytes
        dataStart = headerEnd
    }

    /// One header entry, checked against the buffer size.
    private static func entry(_ name: String, _ value: JSONValue, place: FilePlace, bufferSize: Int) throws -> Entry {
        guard case .object(let fields) = value else { throw ConvMatrixError.io(place, name, "must be an object with dtype, shape, data_offsets") }
        func field(_ key: String) throws -> JSONValue {
            guard let found = fields.first(where: { $0.key == key }) else {
                throw ConvMatrixError.io(place, name, "has no \"\(key)\"")
            }
            return found.value
        }
        guard case .string(let dtypeText) = try field("dtype"), let dtype = DType(rawValue: dtypeText) else {
            throw ConvMatrixError.io(place, "'\(name)' dtype", "must be one of \(DType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        func integers(_ key: String) throws -> [Int] {
            guard case .array(let items) = try field(key) else { throw ConvMatrixError.io(place, "'\(name)' \(key)", "must be a list of integers") }
            return try items.map { item in
                guard let n = item.nonNegativeInteger else { throw ConvMatrixError.io(place, "'\(name)' \(key)", "must hold non-negative integers") }
                return n
            }
        }
        let shape = try integers("shape"), offsets = try integers("data_offsets")
        guard offsets.count == 2, offsets[0] <= offsets[1], offsets[1] <= bufferSize else {
            throw ConvMatrixError.io(place, "'\(name)' data_offsets \(Self.list(offsets))",
                                     "must be [begin, end] with begin ≤ end ≤ \(bufferSize), the data buffer's size")
        }
        var count = dtype.width
        for n in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else { throw ConvMatrixError.io(place, "'\(name)' shape \(Self.list(shape))", "its byte size exceeds 2⁶³ − 1") }
            count = product
        }
        guard offsets[1] - offsets[0] == count else {
            throw ConvMatrixError.io(place, "'\(name)' data_offsets \(Self.list(offsets))",
                                     "span \(offsets[1] - offsets[0]) bytes but shape \(Self.list(shape)) of \(dtype.rawValue) needs \(count)")
        }
        return Entry(name: name, dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
    }

    /// `[2, 3]`.
    static func list(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }

    /// The tensor called `name`.
    ///
    /// - Throws: `.invalidParameter` naming `--tensor` and listing the file's tensors.
    public func entry(named name: String) throws -> Entry {
        guard let entry = entries.first(where: { $0.name == name }) else {
            let names = entries.prefix(12).map { "'\($0.name)'" }.joined(separator: ", ")
            throw ConvMatrixError(.invalidParameter, parameter: "tensor", value: name,
                                  rule: "\(source) has no tensor of that name; it holds \(entries.isEmpty ? "none" : names)\(entries.count > 12 ? ", …" : "")")
        }
        return entry
    }

    /// The values of tensor `name` widened exactly to `Double`, with its shape.
    ///
    /// - Throws: `.unsupported` for a dtype other than F16, BF16, F32, F64.
    /// - Complexity: O(Π shape).
    public func doubles(named name: String) throws -> (shape: [Int], values: [Double]) {
        let entry = try entry(named: name)
        let start = dataStart + entry.dataOffsets.lowerBound, count = entry.dataOffsets.count / entry.dtype.width
        let values: [Double] = try bytes.withUnsafeBytes { raw in
            func load<T: FixedWidthInteger>(_: T.Type, _ i: Int) -> T {
                T(littleEndian: raw.loadUnaligned(fromByteOffset: start + i * MemoryLayout<T>.size, as: T.self))
            }
            switch entry.dtype {
            case .f16: return (0..<count).map { Double(Float16(bitPattern: load(UInt16.self, $0))) }
            case .bf16: return (0..<count).map { Double(Float(bitPattern: UInt32(load(UInt16.self, $0)) << 16)) }
            case .f32: return (0..<count).map { Double(Float(bitPattern: load(UInt32.self, $0))) }
            case .f64: return (0..<count).map { Double(bitPattern: load(UInt64.self, $0)) }
            default:
                throw ConvMatrixError(.unsupported, parameter: "tensor", value: "'\(name)' dtype \(entry.dtype.rawValue)",
                                      rule: "weights must be F16, BF16, F32 or F64")
            }
        }
        return (entry.shape, values)
    }
}
