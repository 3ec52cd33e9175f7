// .npz: scipy.sparse CSR layout and named arrays through our ZIP writer/reader, and broken archives.
import ConvMatrix
@testable import ConvMatrixIO
import ConvMatrixTestSupport
import Testing

@Suite struct NPZTests {
    static let options: [(ZipCompression, ZIP64Policy)] = [(.stored, .whenNeeded), (.deflated(), .whenNeeded),
                                                          (.stored, .always), (.deflated(level: 9), .always)]

    @Test(arguments: 0..<options.count)
    func sparseRoundTrips(option: Int) throws {
        let (compression, zip64) = Self.options[option]
        let dir = TemporaryDirectory()
        try SciPySparseNPZ.write(Reference.r(Int32.self), to: dir.path("r32.npz"), compression: compression, zip64: zip64)
        try SciPySparseNPZ.write(Reference.r(Int64.self), to: dir.path("r64.npz"), compression: compression, zip64: zip64)
        expectIdentical(try SciPySparseNPZ.read(dir.path("r32.npz"), as: Int32.self), Reference.r(Int32.self))
        expectIdentical(try SciPySparseNPZ.read(dir.path("r32.npz"), as: Int64.self), Reference.r(Int64.self))
        expectIdentical(try SciPySparseNPZ.read(dir.path("r64.npz"), as: Int32.self), Reference.r(Int32.self))
    }

    @Test func mirrorsTheEntriesSaveNPZWrites() throws {
        let dir = TemporaryDirectory()
        try SciPySparseNPZ.write(Reference.r(Int32.self), to: dir.path("r.npz"), sparseArray: true)
        let archive = try ZipArchiveReader(contentsOf: dir.path("r.npz"))
        #expect(archive.entries.map(\.name) == ["indices.npy", "indptr.npy", "format.npy", "shape.npy", "data.npy", "_is_array.npy"])
        #expect(archive.entries.allSatisfy { $0.method == 0 && $0.compressedSize == $0.size })
        let arrays = try NumPyArchive.read(dir.path("r.npz"))
        #expect(arrays["format"] == (try NumPyArray(shape: [], storage: .bytes(["csr"]))))
        #expect(arrays["format"]?.dtype == "|S3")
        #expect(arrays["shape"] == NumPyArray([Int64(5), 6]))
        #expect(arrays["indptr"] == NumPyArray([Int32(0), 2, 4, 4, 6, 9]))
        #expect(arrays["indices"] == NumPyArray([Int32(0), 3, 1, 5, 2, 4, 0, 1, 5]))
        #expect(arrays["_is_array"] == (try NumPyArray(shape: [], storage: .bool([true]))))
        #expect(bits(try arrays["data"]!.doubles()) == bits(Reference.values))
    }

    @Test func zip64RecordsAppearOnlyWhenAskedOrNeeded() throws {
        let dir = TemporaryDirectory()
        let arrays = [("x", NumPyArray([1.0, 2.0]))]
        try NumPyArchive.write(arrays, to: dir.path("plain.npz"))
        try NumPyArchive.write(arrays, to: dir.path("zip64.npz"), zip64: .always)
        let plain = dir.bytes("plain.npz"), zip64 = dir.bytes("zip64.npz")
        let zip64End: [UInt8] = [0x50, 0x4B, 0x06, 0x06], locator: [UInt8] = [0x50, 0x4B, 0x06, 0x07]
        #expect(!contains(plain, zip64End) && !contains(plain, locator))
        #expect(contains(zip64, zip64End) && contains(zip64, locator))
        // Local header: version 45, sizes 0xFFFFFFFF, a 20-byte extra field 0x0001 with the sizes.
        #expect(Array(zip64[4..<6]) == [45, 0])
        #expect(Array(zip64[18..<26]) == Array(repeating: 0xFF, count: 8))
        #expect(Array(zip64[28..<30]) == [20, 0])
        #expect(try NumPyArchive.read(dir.path("zip64.npz")) == ["x": NumPyArray([1.0, 2.0])])
    }

    @Test func namedArraysRoundTripInOrder() throws {
        let dir = TemporaryDirectory()
        let arrays: [(String, NumPyArray)] = [
            ("weights", try NumPyArray(shape: [2, 1, 3, 3], storage: .float32((0..<18).map(Float.init)))),
            ("x", NumPyArray([0.5])),
            ("empty", try NumPyArray(shape: [0], storage: .int64([]))),
        ]
        try NumPyArchive.write(arrays, to: dir.path("a.npz"), compression: .deflated())
        let archive = try ZipArchiveReader(contentsOf: dir.path("a.npz"))
        #expect(archive.entries.map(\.name) == ["weights.npy", "x.npy", "empty.npy"])
        #expect(archive.entries.allSatisfy { $0.method == 8 })
        let back = try NumPyArchive.read(dir.path("a.npz"))
        #expect(back.count == 3)
        for (name, array) in arrays { #expect(back[name] == array, "\(name)") }

        let duplicate = #expect(throws: ConvMatrixError.self) {
            try NumPyArchive.write([("x", NumPyArray([1.0])), ("x", NumPyArray([2.0]))], to: dir.path("d.npz"))
        }
        #expect(duplicate == ConvMatrixError(.invalidParameter, parameter: "arrays", value: "x", rule: "array names must be non-empty and distinct"))
        #expect(dir.contents == ["a.npz"])
    }

    @Test func brokenArchivesAreTypedErrors() throws {
        let dir = TemporaryDirectory()
        try SciPySparseNPZ.write(Reference.r(Int32.self), to: dir.path("r.npz"))
        let good = dir.bytes("r.npz")

        let notZip = dir.write(Array("hello, not a zip archive".utf8), to: "plain.npz")
        let e1 = #expect(throws: ConvMatrixError.self) { try SciPySparseNPZ.read(notZip, as: Int32.self) }
        #expect(e1?.kind == .io)
        #expect(e1?.parameter == "\(notZip) byte 2")
        #expect(e1?.rule == "not a ZIP archive: no end-of-central-directory record")

        // Flip one byte of data.npy's last value: the CRC no longer matches.
        var corrupted = good
        let dataStart = find(corrupted, Array("data.npy".utf8))! + 8  // stored entry: no extra field
        corrupted[dataStart + 128 + 8 * 8] ^= 0x01
        let bad = dir.write(corrupted, to: "crc.npz")
        let e2 = #expect(throws: ConvMatrixError.self) { try SciPySparseNPZ.read(bad, as: Int32.self) }
        #expect(e2?.parameter == "\(bad) byte \(dataStart)")
        #expect(e2?.rule.hasPrefix("CRC-32 of data.npy does not match the recorded 0x") == true)

        let truncated = dir.write(Array(good.prefix(good.count - 30)), to: "short.npz")
        let e3 = #expect(throws: ConvMatrixError.self) { try SciPySparseNPZ.read(truncated, as: Int32.self) }
        #expect(e3?.kind == .io)
    }

    @Test func inconsistentSparseArraysNameTheEntry() throws {
        let dir = TemporaryDirectory()
        func write(_ name: String, rows: Int64 = 2, indptr: [Int32], indices: [Int32], format: String = "csr") throws -> String {
            let path = dir.path(name)
            try NumPyArchive.write([
                ("indices", NumPyArray(indices)), ("indptr", NumPyArray(indptr)),
                ("format", try NumPyArray(shape: [], storage: .bytes([format]))),
                ("shape", NumPyArray([rows, 3])), ("data", NumPyArray(indices.map { _ in 1.0 })),
            ], to: path)
            return path
        }
        let wrongEnd = try write("end.npz", indptr: [0, 1, 1], indices: [0, 1])
        let e1 = #expect(throws: ConvMatrixError.self) { try SciPySparseNPZ.read(wrongEnd, as: Int32.self) }
        #expect(e1 == ConvMatrixError(.io, parameter: "\(wrongEnd)[indptr.npy]", value: "[0 … 1]",
                                      rule: "must run from 0 to nnz = 2 (data has 2)"))
        let decreasing2 = try write("dec.npz", rows: 3, indptr: [0, 2, 1, 2], indices: [0, 1])
        let e5 = #expect(throws: ConvMatrixError.self) { try SciPySparseNPZ.read(decreasing2, as: Int32.self) }
        #expect(e5 == ConvMatrixError(.io, parameter: "\(decreasing2)[indptr.npy]", value: "indptr[1] = 2 > indptr[2] = 1",
                                      rule: "must not decrease"))

        let outOfRange = try write("range.npz", indptr: [0, 1, 2], indices: [0, 3])
        let e2 = #expect(throws: ConvMatrixError.self) { try SciPySparseNPZ.read(outOfRange, as: Int32.self) }
        #expect(e2 == ConvMatrixError(.io, parameter: "\(outOfRange)[indices.npy]", value: "indices[1] = 3", rule: "outside 0..<3"))

        let bsr = try write("bsr.npz", indptr: [0, 0, 0], indices: [], format: "bsr")
        let e3 = #expect(throws: ConvMatrixError.self) { try SciPySparseNPZ.read(bsr, as: Int32.self) }
        #expect(e3 == ConvMatrixError(.unsupported, parameter: "\(bsr)[format.npy]", value: "bsr", rule: "only csr, csc and coo matrices can be read"))

        let arrays = dir.path("arrays.npz")
        try NumPyArchive.write([("x", NumPyArray([1.0]))], to: arrays)
        let e4 = #expect(throws: ConvMatrixError.self) { try SciPySparseNPZ.read(arrays, as: Int32.self) }
        #expect(e4 == ConvMatrixError(.io, parameter: "\(arrays)[format.npy]", value: "missing", rule: "a scipy.sparse .npz must hold format.npy"))
    }

    private func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool { find(haystack, needle) != nil }
}
