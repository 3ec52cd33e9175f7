// .npy reader: header → shape and dtype, then the C-order little-endian data.
import ConvMatrix

extension NumPyArray {
    /// Reads a `.npy` file (format 1.0, 2.0 or 3.0) as `np.load` would, for the dtypes of
    /// ``Storage``.
    ///
    /// - Throws: `ConvMatrixError` whose parameter is `<path> byte <offset>`: `.io` for a missing
    ///   magic string, a header that is not the expected Python dict, or data shorter or longer
    ///   than `shape × itemsize`; `.unsupported` for `fortran_order: True`, big-endian data,
    ///   other dtypes or format versions.
    /// - Complexity: O(file size) time and memory.
    public init(contentsOf path: String) throws {
        // Header first, from a bounded prefix; the body only once its size matches the file's and
        // fits the memory budget, so a hostile header or a huge file costs no allocation.
        let file = try InputFile(path)
        let lead = try file.read(at: 0, count: min(file.size, 12))
        let range = try lead.withUnsafeBytes { try NPYHeader.headerRange($0, fileSize: file.size, source: path) }
        let headerBytes = try file.read(at: 0, count: range.upperBound)
        let header = try headerBytes.withUnsafeBytes { try NPYHeader.parse($0, source: path) }
        let byteCount = try NumPyArray.dataByteCount(header, available: file.size - header.dataOffset, source: path)
        try file.checkBudget(byteCount, what: "the data of shape \(NumPyArray.shapeText(header.shape))")
        let data = try file.read(at: header.dataOffset, count: byteCount)
        self = try data.withUnsafeBytes { try NumPyArray(header: header, data: $0, source: path) }
    }

    /// Parses the bytes of a `.npy` file held in memory; `source` names it in errors.
    ///
    /// - Complexity: O(bytes).
    public init(npy bytes: [UInt8], source: String = "<bytes>") throws {
        self = try bytes.withUnsafeBytes { bytes in try NumPyArray(npy: bytes, source: source) }
    }

    init(npy bytes: UnsafeRawBufferPointer, source: String) throws {
        let header = try NPYHeader.parse(bytes, source: source)
        let byteCount = try NumPyArray.dataByteCount(header, available: bytes.count - header.dataOffset, source: source)
        self = try NumPyArray(header: header, data: UnsafeRawBufferPointer(rebasing: bytes[header.dataOffset..<(header.dataOffset + byteCount)]),
                              source: source)
    }

    /// The byte count of the data `header` describes, which must be exactly the `available`
    /// bytes after the header.
    ///
    /// - Throws: `.io` at the data offset for truncated data (or a size that overflows), or at
    ///   the end of the data for trailing bytes.
    static func dataByteCount(_ header: NPYHeader, available: Int, source: String) throws -> Int {
        let count = try NumPyArray.elementCount(header.shape, place: bytePlace(source, 10))
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: header.elementType.itemSize)
        guard !overflow, byteCount <= available else {
            throw ConvMatrixError.io(bytePlace(source, header.dataOffset), "\(available) bytes",
                      "the data is truncated: shape \(NumPyArray.shapeText(header.shape)) needs \(overflow ? "more than Int.max" : String(byteCount)) bytes")
        }
        guard byteCount == available else {
            throw ConvMatrixError.io(bytePlace(source, header.dataOffset + byteCount), "\(available - byteCount) bytes",
                      "bytes follow the data of shape \(NumPyArray.shapeText(header.shape))")
        }
        return byteCount
    }

    /// Decodes `data`, exactly the data bytes `header` describes.
    init(header: NPYHeader, data: UnsafeRawBufferPointer, source: String) throws {
        let count = data.count / max(header.elementType.itemSize, 1)
        let storage: Storage
        switch header.elementType {
        case .float16: storage = .float16(decodeLittleEndian(data, count) { Float16(bitPattern: $0) })
        case .uint16: storage = .uint16(decodeLittleEndian(data, count) { (v: UInt16) in v })
        case .float32: storage = .float32(decodeLittleEndian(data, count) { Float(bitPattern: $0) })
        case .float64: storage = .float64(decodeLittleEndian(data, count) { Double(bitPattern: $0) })
        case .int32: storage = .int32(decodeLittleEndian(data, count) { (v: Int32) in v })
        case .int64: storage = .int64(decodeLittleEndian(data, count) { (v: Int64) in v })
        case .bool: storage = .bool(data.map { $0 != 0 })
        case .bytes(let n):
            storage = .bytes((0..<count).map { i in
                let item = data[(i * n)..<(i * n + n)]
                return String(decoding: item.prefix { $0 != 0 }, as: UTF8.self)
            })
        case .unicode(let n):
            var strings = [String]()
            strings.reserveCapacity(count)
            for i in 0..<count {
                var text = String.UnicodeScalarView()
                for k in 0..<n {
                    let code = data.littleEndian(UInt32.self, at: (i * n + k) * 4)!
                    guard code != 0 else { break }
                    guard let scalar = Unicode.Scalar(code) else {
                        throw ConvMatrixError.io(bytePlace(source, header.dataOffset + (i * n + k) * 4), "\(code)",
                                  "not a Unicode code point")
                    }
                    text.append(scalar)
                }
                strings.append(String(text))
            }
            storage = .unicode(strings)
        }
        self.shape = header.shape
        self.storage = storage
    }
}

/// `count` little-endian `Raw` values from `data`, converted by `make` (bit patterns → floats).
///
/// - Complexity: O(count); one copy on little-endian hosts.
func decodeLittleEndian<Raw: FixedWidthInteger, Element>(_ data: UnsafeRawBufferPointer, _ count: Int,
                                                         _ make: (Raw) -> Element) -> [Element] {
    [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
        for i in 0..<count {
            let raw = data.loadUnaligned(fromByteOffset: i * MemoryLayout<Raw>.size, as: Raw.self)
            (buffer.baseAddress! + i).initialize(to: make(Raw(littleEndian: raw)))
        }
        initialized = count
    }
}
