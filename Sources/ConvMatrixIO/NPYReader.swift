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
        let bytes = try readFileBytes(path)
        self = try bytes.withUnsafeBytes { bytes in try NumPyArray(npy: bytes, source: path) }
    }

    /// Parses the bytes of a `.npy` file held in memory; `source` names it in errors.
    ///
    /// - Complexity: O(bytes).
    public init(npy bytes: [UInt8], source: String = "<bytes>") throws {
        self = try bytes.withUnsafeBytes { bytes in try NumPyArray(npy: bytes, source: source) }
    }

    init(npy bytes: UnsafeRawBufferPointer, source: String) throws {
        let header = try NPYHeader.parse(bytes, source: source)
        let count = try NumPyArray.elementCount(header.shape, place: bytePlace(source, 10))
        let itemSize = header.elementType.itemSize
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: itemSize)
        let available = bytes.count - header.dataOffset
        guard !overflow, byteCount <= available else {
            throw ConvMatrixError.io(bytePlace(source, header.dataOffset), "\(available) bytes",
                      "the data is truncated: shape \(NumPyArray.shapeText(header.shape)) needs \(overflow ? "more than Int.max" : String(byteCount)) bytes")
        }
        guard byteCount == available else {
            throw ConvMatrixError.io(bytePlace(source, header.dataOffset + byteCount), "\(available - byteCount) bytes",
                      "bytes follow the data of shape \(NumPyArray.shapeText(header.shape))")
        }
        let data = UnsafeRawBufferPointer(rebasing: bytes[header.dataOffset...])
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
