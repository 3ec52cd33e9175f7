// Hostile files: sizes from headers are checked before anything is allocated or read, and only
// regular files are read. Every case is a typed error naming the file (or its byte), at once.
import ConvMatrix
@testable import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

@Suite struct HostileFileTests {
    /// A `.npy` file with `dict` as its header (padded as NumPy pads it) and `body` after it.
    static func npy(_ dict: String, body: [UInt8] = []) -> [UInt8] {
        var header = Array(dict.utf8)
        let total = 10 + header.count + 1
        header += [UInt8](repeating: 0x20, count: (64 - total % 64) % 64) + [0x0A]
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header + body
    }

    @Test func aUnicodeItemSizeThatOverflowsIsRefusedFromTheHeader() throws {
        let dir = TemporaryDirectory()
        let path = dir.write(Self.npy("{'descr': '<U2305843009213693952', 'fortran_order': False, 'shape': (1,), }"), to: "u.npy")
        let error = #expect(throws: ConvMatrixError.self) { try NumPyArray(contentsOf: path) }
        #expect(error?.kind == .unsupported)
        #expect(error?.value == "<U2305843009213693952")
        #expect(error?.rule == "the item size 4 × 2305843009213693952 bytes would exceed 2⁶³ − 1")
    }

    @Test func aZeroWidthStringDtypeIsNamedAsWritten() throws {
        let bytes = Self.npy("{'descr': '|S0', 'fortran_order': False, 'shape': (1,), }")
        let error = #expect(throws: ConvMatrixError.self) { try NumPyArray(npy: bytes, source: "s.npy") }
        #expect(error?.value == "|S0")
    }

    @Test func aHeaderPromisingMoreDataThanTheFileHoldsFailsBeforeReadingTheBody() throws {
        // 2⁴⁰ float64 elements declared, 16 bytes present: the size check comes first.
        let dir = TemporaryDirectory()
        let path = dir.write(Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }",
                                      body: [UInt8](repeating: 0, count: 16)), to: "big.npy")
        let error = #expect(throws: ConvMatrixError.self) { try NumPyArray(contentsOf: path) }
        #expect(error?.kind == .io)
        #expect(error?.value == "16 bytes")
        #expect(error?.rule.hasPrefix("the data is truncated: shape (1099511627776,) needs 8796093022208 bytes") == true)
    }

    @Test func aSparseTerabyteFileWithAValidHeaderIsRefusedWithoutReadingIt() throws {
        // A 1 TB sparse file: its header declares 16 elements, so a terabyte of trailing bytes
        // is found from the file size alone, never read.
        let dir = TemporaryDirectory()
        let path = dir.write(Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (16,), }"), to: "huge.npy")
        #expect(truncate(path, 1 << 40) == 0)
        let error = #expect(throws: ConvMatrixError.self) { try NumPyArray(contentsOf: path) }
        #expect(error?.kind == .io)
        #expect(error?.rule == "bytes follow the data of shape (16,)")
    }

    @Test func aHeaderLengthBeyondTheFileIsTruncation() throws {
        var bytes = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }")
        bytes[8] = 0xFF; bytes[9] = 0xFF  // 65535 header bytes declared
        let dir = TemporaryDirectory()
        let path = dir.write(bytes, to: "h.npy")
        let error = #expect(throws: ConvMatrixError.self) { try NumPyArray(contentsOf: path) }
        #expect(error?.rule == "the header is truncated: 65535 bytes declared")
    }

    @Test(arguments: ["/dev/zero", "/dev/null", "/"])
    func nonRegularFilesAreRefusedBeforeReading(_ path: String) throws {
        let error = #expect(throws: ConvMatrixError.self) { try NumPyArray(contentsOf: path) }
        #expect(error?.kind == .io)
        #expect(error?.parameter == "file")
        #expect(error?.value == path)
        #expect(error?.rule.contains("not a regular file") == true)
    }

    @Test func aFIFOWithoutAWriterIsRefusedWithoutBlocking() throws {
        let dir = TemporaryDirectory()
        let path = dir.path("fifo")
        #expect(mkfifo(path, 0o600) == 0)
        for read in [{ _ = try NumPyArray(contentsOf: path) }, { _ = try MatrixMarket.read(path) as CSRMatrix<Int64> },
                     { _ = try NumPyArchive.read(path) }] {
            let error = #expect(throws: ConvMatrixError.self) { try read() }
            #expect(error?.rule.hasPrefix("is a FIFO (named pipe), not a regular file") == true)
        }
    }

    @Test func aMissingFileSaysSoAndNamesThePathAsValue() {
        let error = #expect(throws: ConvMatrixError.self) { try NumPyArray(contentsOf: "/nonexistent/x.npy") }
        #expect(error?.parameter == "file")
        #expect(error?.value == "/nonexistent/x.npy")
        #expect(error?.rule == "cannot open for reading: no such file or directory")
    }

    @Test func aMatrixMarketSizeLineBeyondTheBudgetIsRefusedBeforeAllocating() {
        // One entry, but 2⁶⁰ rows: the row pointers alone would need 2⁶³ bytes.
        let text = "%%MatrixMarket matrix coordinate real general\n1152921504606846976 1 1\n1 1 1.0\n"
        let error = #expect(throws: ConvMatrixError.self) { _ = try MatrixMarket.parse(text, source: "W.mtx") as CSRMatrix<Int64> }
        #expect(error?.kind == .overBudget)
        #expect(error?.parameter == "W.mtx:2")
    }

    @Test func aMatrixMarketReadTakesTheCallersBudget() throws {
        // The fuzzer's finding (Tests/Fuzz/Corpus/matrix-market/regression-billion-rows-two-entries.mtx):
        // 921,950,039 rows declared in 71 bytes. Its pointers need (921,950,039 + 3) · 16 bytes
        // = 14,751,200,672 bytes, within ¾ of a 24 GiB machine but far beyond a 16 MB budget.
        let text = "%%MatrixMarket matrix coordinate pattern general\n921950039 3 2\n1 1\n3 2\n"
        let error = #expect(throws: ConvMatrixError.self) {
            _ = try MatrixMarket.parse(text, source: "W.mtx", as: Int32.self, memoryBudget: 16 << 20)
        }
        #expect(error?.kind == .overBudget)
        #expect(error?.parameter == "W.mtx:2")
        #expect(error?.value == "921950039 3 2")
        // The budget allows (16,777,216 − 16) / 16 = 1,048,575 pointers: 1,048,572 rows + 3
        // columns is exactly that and reads; one row more is refused.
        let fits = "%%MatrixMarket matrix coordinate pattern general\n1048572 3 2\n1 1\n3 2\n"
        let w = try MatrixMarket.parse(fits, source: "W.mtx", as: Int32.self, memoryBudget: 16 << 20)
        #expect(w.rowCount == 1_048_572 && w.nonzeroCount == 2)
        let over = "%%MatrixMarket matrix coordinate pattern general\n1048573 3 2\n1 1\n3 2\n"
        #expect(throws: ConvMatrixError.self) {
            _ = try MatrixMarket.parse(over, source: "W.mtx", as: Int32.self, memoryBudget: 16 << 20)
        }
    }

    @Test func aZipEntryDeclaringAHugeUncompressedSizeIsRefusedBeforeInflating() throws {
        // A valid one-entry archive, then its sizes patched: central directory and local header
        // say the stored entry is 2⁶² bytes (through ZIP64 fields it cannot be; use 0xFFFFFFFE
        // in the 32-bit field and a stored method, so the size check must fire before Array(data)).
        let dir = TemporaryDirectory()
        let path = dir.path("a.npz")
        try NumPyArchive.write([(name: "x", array: NumPyArray(shape: [2], storage: .float64([1, 2])))], to: path)
        var bytes = dir.bytes("a.npz")
        // Central directory header: signature 0x02014b50; uncompressed size at +24.
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let at = try #require((0..<(bytes.count - 4)).first { Array(bytes[$0..<($0 + 4)]) == signature })
        for k in 0..<4 { bytes[at + 24 + k] = 0xFE }
        for k in 0..<4 { bytes[at + 20 + k] = 0xFE }  // compressed size too: a stored entry must agree
        _ = dir.write(bytes, to: "a.npz")
        let error = #expect(throws: ConvMatrixError.self) { try NumPyArchive.read(path) }
        #expect(error != nil)
        #expect(error?.kind == .io || error?.kind == .overBudget)
    }
}

/// Inputs the fuzzers found, kept as regression tests (`Fixtures/fuzz/`).
@Suite struct FuzzFindingTests {
    @Test func aDeflatedEntryDeclaringFourGigabytesIsRefusedBeforeAllocating() throws {
        // Found by `Scripts/fuzz.sh npz`: a small deflated entry whose declared uncompressed size
        // (4294901936 bytes) sized the inflater's buffer. Deflate expands at most 1032:1.
        let path = Fixtures.io("fuzz/npz-declared-4GB-inflate.npz")
        // The scipy.sparse reader asks for that entry by name (`indices.npy`).
        let error = #expect(throws: ConvMatrixError.self) { _ = try SciPySparseNPZ.read(path, as: Int64.self) }
        #expect(error?.kind == .io)
        #expect(error?.rule.contains("declares more than deflate can expand to (1032:1)") == true, "\(String(describing: error))")
        #expect(throws: ConvMatrixError.self) { try NumPyArchive.read(path) }
    }
}
