// .npy: the exact bytes np.save writes, round trips over dtypes and shapes, malformed headers and data.
import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Testing

@Suite struct NPYTests {
    @Test func headerMatchesNumPyByteForByte() throws {
        // np.save(f, np.zeros((2, 3))) — header copied from NumPy 2.4's output: 128 bytes in all.
        let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"
        let expectedHeader = [0x93] + Array("NUMPY".utf8) + [1, 0, 0x76, 0] + Array(dict.utf8)
            + Array(repeating: 0x20, count: 117 - dict.utf8.count) + [0x0A]
        let bytes = try NumPyArray(shape: [2, 3], storage: .float64([1, 2, 3, 4, 5, 6])).npyBytes()
        #expect(bytes.count == 128 + 48)
        #expect(Array(bytes.prefix(128)) == expectedHeader)
        // 1.0 little-endian is 00 00 00 00 00 00 F0 3F.
        #expect(Array(bytes[128..<136]) == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])

        // 0-d: no spare digits; shape ().
        let scalar = try NumPyArray(shape: [], storage: .float64([3.5])).npyBytes()
        #expect(String(decoding: scalar[10..<128], as: UTF8.self).hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (), }"))
        #expect(scalar.count == 128 + 8)
    }

    static let arrays: [NumPyArray] = [
        try! NumPyArray(shape: [], storage: .float64([-0.0])),
        NumPyArray([1.5, .leastNonzeroMagnitude, .infinity, -.greatestFiniteMagnitude]),
        try! NumPyArray(shape: [2, 3, 4], storage: .float32((0..<24).map { Float($0) / 7 })),
        try! NumPyArray(shape: [0, 3], storage: .float64([])),
        NumPyArray([Int32.min, -1, 0, Int32.max]),
        try! NumPyArray(shape: [1, 2], storage: .int64([Int64.min, Int64.max])),
        try! NumPyArray(shape: [3], storage: .bool([true, false, true])),
        try! NumPyArray(shape: [], storage: .bytes(["csr"])),
        try! NumPyArray(shape: [2], storage: .unicode(["Wᵀ·y", "a"])),
    ]

    @Test(arguments: arrays)
    func roundTrips(_ array: NumPyArray) throws {
        let dir = TemporaryDirectory()
        try array.write(to: dir.path("a.npy"))
        let back = try NumPyArray(contentsOf: dir.path("a.npy"))
        #expect(back == array)
        #expect(back.shape == array.shape)
        #expect(back.dtype == array.dtype)
        #expect(dir.bytes("a.npy") == array.npyBytes())
    }

    @Test func conversionsAndShapeChecks() throws {
        let ints = try NumPyArray(shape: [2], storage: .int32([3, -4]))
        #expect(try ints.doubles() == [3, -4])
        #expect(try ints.int64s() == [3, -4])
        #expect(throws: ConvMatrixError.self) { try NumPyArray([1.5]).int64s() }
        let mismatch = #expect(throws: ConvMatrixError.self) { try NumPyArray(shape: [2, 2], storage: .float64([1, 2, 3])) }
        #expect(mismatch == ConvMatrixError(.shapeMismatch, parameter: "shape", value: "(2, 2)",
                                            rule: "holds 4 elements but the storage has 3"))
        let negative = #expect(throws: ConvMatrixError.self) { try NumPyArray(shape: [-1], storage: .float64([])) }
        #expect(negative?.kind == .invalidParameter)

        let dense = try NumPyArray(dense: csr(3, [[(2, 5)], [(0, -1)]]))
        #expect(dense.shape == [2, 3])
        #expect(try dense.doubles() == [0, 0, 5, -1, 0, 0])
        let tooBig = #expect(throws: ConvMatrixError.self) { try NumPyArray(dense: csr(3, [[], []]), maxElements: 5) }
        #expect(tooBig?.kind == .overBudget)
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        let bytes: [UInt8]
        let kind: ConvMatrixError.Kind
        let offset: Int
        let value: String
        let rule: String
        var testDescription: String { rule }
    }

    /// A version 1.0 file with `dict` as its header (padded like NumPy) followed by `data`.
    static func npy(_ dict: String, _ data: [UInt8] = [], version: UInt8 = 1) -> [UInt8] {
        var header = Array(dict.utf8)
        let prefix = version == 1 ? 10 : 12
        while (prefix + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0A)
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        if version == 1 { bytes += [UInt8(header.count & 0xFF), UInt8(header.count >> 8)] }
        else { bytes += [UInt8(header.count & 0xFF), UInt8(header.count >> 8), 0, 0] }
        return bytes + header + data
    }

    /// How an error prints a padded header: its first 80 characters and an ellipsis.
    static func padded(_ dict: String) -> String { String((dict + String(repeating: " ", count: 80)).prefix(80)) + "…" }

    static let malformed: [Malformed] = [
        .init(bytes: Array("PK\u{3}\u{4}abcdefgh".utf8), kind: .io, offset: 0, value: "PK\\x03\\x04abcd",
              rule: "not a .npy file: it must start with \\x93NUMPY"),
        .init(bytes: [0x93] + Array("NUMPY".utf8) + [4, 0, 0, 0], kind: .unsupported, offset: 6, value: "4.0",
              rule: ".npy format versions 1.0, 2.0 and 3.0 are supported"),
        .init(bytes: [0x93] + Array("NUMPY".utf8) + [1, 0, 0x76, 0] + Array("{'descr'".utf8), kind: .io, offset: 10,
              value: "8 bytes", rule: "the header is truncated: 118 bytes declared"),
        .init(bytes: npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", Array(repeating: 0, count: 12)),
              kind: .io, offset: 128, value: "12 bytes", rule: "the data is truncated: shape (2,) needs 16 bytes"),
        .init(bytes: npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", Array(repeating: 0, count: 9)),
              kind: .io, offset: 136, value: "1 bytes", rule: "bytes follow the data of shape (1,)"),
        .init(bytes: npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }"), kind: .unsupported, offset: 10,
              value: "'fortran_order': True",
              rule: "Fortran-order arrays are not supported; save np.ascontiguousarray(a) instead"),
        .init(bytes: npy("{'descr': '>f8', 'fortran_order': False, 'shape': (0,), }"), kind: .unsupported, offset: 10,
              value: ">f8", rule: "big-endian data is not supported; save a.astype(a.dtype.newbyteorder('<')) instead"),
        .init(bytes: npy("{'descr': '<c16', 'fortran_order': False, 'shape': (0,), }"), kind: .unsupported, offset: 10,
              value: "<c16", rule: "supported dtypes are <f2, <f4, <f8, <i4, <i8, <u2, |b1, |S<n> and <U<n>"),
        .init(bytes: npy("{'descr': '<f8', 'shape': (0,), }"), kind: .io, offset: 10,
              value: "{'descr': '<f8', 'shape': (0,), }" + String(repeating: " ", count: 20) + "\\n",
              rule: "the header dict must have exactly the keys 'descr', 'fortran_order', 'shape'"),
        .init(bytes: npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }"), kind: .io, offset: 64,
              value: "x), }               …", rule: "the header is not a valid Python literal: unexpected character"),
        .init(bytes: npy("{'descr': '<f8' 'fortran_order': False, 'shape': (), }"), kind: .io, offset: 26,
              value: "'fortran_order': Fal…", rule: "the header is not a valid Python literal: ',' or '}' expected"),
        .init(bytes: npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }"), kind: .io, offset: 10,
              value: padded("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }"),
              rule: "'shape' must be a tuple of non-negative integers"),
    ]

    @Test(arguments: malformed)
    func malformedFilesNameFileOffsetAndRule(_ bad: Malformed) {
        let dir = TemporaryDirectory()
        let path = dir.write(bad.bytes, to: "bad.npy")
        let error = #expect(throws: ConvMatrixError.self) { try NumPyArray(contentsOf: path) }
        #expect(error == ConvMatrixError(bad.kind, parameter: "\(path) byte \(bad.offset)", value: bad.value, rule: bad.rule,
                                         location: .file(path: path, line: nil, byteOffset: bad.offset)))
    }

    @Test func readsVersionTwoHeaders() throws {
        let bytes = Self.npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", [1, 0, 0, 0, 255, 255, 255, 255], version: 2)
        #expect(try NumPyArray(npy: bytes) == NumPyArray([Int32(1), -1]))
    }
}
