// The .npy header: magic, version, header length and the {'descr', 'fortran_order', 'shape'} dict.
import ConvMatrix

/// The header of a `.npy` file (NumPy's `numpy.lib.format`, versions 1.0, 2.0 and 3.0):
///
/// ```
/// \x93NUMPY  major minor  HEADER_LEN  {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }␣…␣\n  data…
/// 6 bytes    1     1      2 bytes (v1) or 4 bytes (v2, v3), little-endian
/// ```
///
/// The dict is a Python literal padded with spaces and ended by `\n` so that the data starts
/// at a multiple of 64 bytes. Version 3.0 only differs by encoding the dict in UTF-8.
struct NPYHeader {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    var elementType: NPYElementType
    var shape: [Int]
    /// Offset of the first data byte.
    var dataOffset: Int

    /// Where the header dict starts and ends, read from the magic string, the version and the
    /// header length at the start of `bytes` (12 bytes suffice); the end must lie within the
    /// `fileSize` bytes of the file. Errors name `source byte offset`.
    ///
    /// - Complexity: O(1).
    static func headerRange(_ bytes: UnsafeRawBufferPointer, fileSize: Int, source: String) throws -> Range<Int> {
        guard bytes.count >= 8, bytes.prefix(6).elementsEqual(magic) else {
            throw ConvMatrixError.io(bytePlace(source, 0), excerpt(bytes.prefix(8)), "not a .npy file: it must start with \\x93NUMPY")
        }
        let (major, minor) = (bytes[6], bytes[7])
        let lengthSize: Int
        switch (major, minor) {
        case (1, 0): lengthSize = 2
        case (2, 0), (3, 0): lengthSize = 4
        default:
            throw ConvMatrixError(.unsupported, at: bytePlace(source, 6), value: "\(major).\(minor)",
                                  rule: ".npy format versions 1.0, 2.0 and 3.0 are supported")
        }
        let headerLength = lengthSize == 2 ? bytes.littleEndian(UInt16.self, at: 8).map(Int.init)
                                           : bytes.littleEndian(UInt32.self, at: 8).map(Int.init)
        guard let headerLength else {
            throw ConvMatrixError.io(bytePlace(source, 8), "end of file", "the header length is truncated")
        }
        let headerStart = 8 + lengthSize
        guard headerLength <= fileSize - headerStart else {
            throw ConvMatrixError.io(bytePlace(source, headerStart), "\(max(0, fileSize - headerStart)) bytes",
                      "the header is truncated: \(headerLength) bytes declared")
        }
        return headerStart..<(headerStart + headerLength)
    }

    /// Parses the header at the start of `bytes`; errors name `source byte offset`.
    ///
    /// - Complexity: O(header length).
    static func parse(_ bytes: UnsafeRawBufferPointer, source: String) throws -> NPYHeader {
        let range = try headerRange(bytes, fileSize: bytes.count, source: source)
        let (headerStart, headerLength) = (range.lowerBound, range.count)
        let text = Array(bytes[headerStart..<(headerStart + headerLength)])
        let literal = try PythonLiteral.parse(text, source: source, baseOffset: headerStart)
        let place = bytePlace(source, headerStart)
        guard case .dictionary(let items) = literal else {
            throw ConvMatrixError.io(place, excerpt(text), "the header must be a dict")
        }
        let keys = items.map(\.key)
        guard keys.sorted() == ["descr", "fortran_order", "shape"] else {
            throw ConvMatrixError.io(place, excerpt(text), "the header dict must have exactly the keys 'descr', 'fortran_order', 'shape'")
        }
        func item(_ key: String) -> PythonLiteral { items.first { $0.key == key }!.value }

        guard case .string(let descr) = item("descr") else {
            throw ConvMatrixError(.unsupported, at: place, value: excerpt(text),
                                  rule: "structured (record) dtypes are not supported")
        }
        let elementType = try NPYElementType(descr: descr, place: place)
        guard case .boolean(let fortranOrder) = item("fortran_order") else {
            throw ConvMatrixError.io(place, excerpt(text), "'fortran_order' must be True or False")
        }
        guard !fortranOrder else {
            throw ConvMatrixError(.unsupported, at: place, value: "'fortran_order': True",
                                  rule: "Fortran-order arrays are not supported; save np.ascontiguousarray(a) instead")
        }
        guard case .sequence(let extents) = item("shape") else {
            throw ConvMatrixError.io(place, excerpt(text), "'shape' must be a tuple of integers")
        }
        var shape = [Int]()
        for extent in extents {
            guard case .integer(let n) = extent, n >= 0 else {
                throw ConvMatrixError.io(place, excerpt(text), "'shape' must be a tuple of non-negative integers")
            }
            shape.append(n)
        }
        return NPYHeader(elementType: elementType, shape: shape, dataOffset: headerStart + headerLength)
    }

    /// The header bytes NumPy's `np.save` writes for `elementType` and `shape`, byte for byte:
    /// keys sorted, 21 − digits(shape[0]) spare spaces, padding to a multiple of 64, `\n`;
    /// version 1.0 unless the header exceeds 65535 bytes (then 2.0).
    ///
    /// - Complexity: O(rank).
    static func encode(descr: String, shape: [Int]) -> [UInt8] {
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(NumPyArray.shapeText(shape)), }"
        if let first = shape.first { dict += String(repeating: " ", count: max(0, 21 - String(first).count)) }
        var lengthSize = 2
        var padded = dict.utf8.count + 1
        padded += 64 - ((6 + 2 + lengthSize + padded) % 64)
        if padded > Int(UInt16.max) {
            lengthSize = 4
            padded = dict.utf8.count + 1
            padded += 64 - ((6 + 2 + lengthSize + padded) % 64)
        }
        var bytes = magic + [lengthSize == 2 ? 1 : 2, 0]
        if lengthSize == 2 { bytes.appendLittleEndian(UInt16(padded)) } else { bytes.appendLittleEndian(UInt32(padded)) }
        bytes.append(contentsOf: dict.utf8)
        bytes.append(contentsOf: repeatElement(0x20, count: padded - dict.utf8.count - 1))
        bytes.append(0x0A)
        return bytes
    }
}

/// The element types of `.npy` data that ConvMatrixIO reads.
enum NPYElementType: Equatable {
    case float16, uint16, float32, float64, int32, int64, bool
    /// `|S<n>`: `n` bytes per element, NUL-padded.
    case bytes(Int)
    /// `<U<n>`: `n` UTF-32LE code units per element, NUL-padded.
    case unicode(Int)

    /// Bytes per element.
    var itemSize: Int {
        switch self {
        case .float16, .uint16: 2
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .bool: 1
        case .bytes(let n): n
        case .unicode(let n): 4 * n
        }
    }

    /// Parses a NumPy `descr` (`'<f8'`, `'|b1'`, `'|S3'`, `'<U3'`).
    ///
    /// - Throws: `.unsupported` naming `place` for big-endian data and other dtypes.
    init(descr: String, place: FilePlace) throws {
        var kind = Substring(descr)
        var bigEndian = false
        if let order = kind.first, "<>|=".contains(order) {
            bigEndian = order == ">"
            kind = kind.dropFirst()
        }
        let type: NPYElementType
        switch kind {
        case "f2": type = .float16
        case "u2": type = .uint16
        case "f4": type = .float32
        case "f8": type = .float64
        case "i4": type = .int32
        case "i8": type = .int64
        case "b1", "?": type = .bool
        default:
            if let letter = kind.first, letter == "S" || letter == "U", let n = Int(kind.dropFirst()), n >= 0 {
                // The width comes from the file: it must be positive (NumPy writes |S1 for empty
                // strings) and its byte count (4 per code unit for <U) must not overflow.
                guard n >= 1, letter == "S" || n <= Int.max / 4 else {
                    throw ConvMatrixError(.unsupported, at: place, value: descr,
                                          rule: n < 1 ? "a string dtype needs a width of at least 1"
                                                      : "the item size 4 × \(n) bytes would exceed 2⁶³ − 1")
                }
                type = letter == "S" ? .bytes(n) : .unicode(n)
            } else {
                throw ConvMatrixError(.unsupported, at: place, value: descr,
                                      rule: "supported dtypes are <f2, <f4, <f8, <i4, <i8, <u2, |b1, |S<n> and <U<n>")
            }
        }
        if bigEndian, type.itemSize > 1, type != .bytes(type.itemSize) {
            throw ConvMatrixError(.unsupported, at: place, value: descr,
                                  rule: "big-endian data is not supported; save a.astype(a.dtype.newbyteorder('<')) instead")
        }
        self = type
    }
}
