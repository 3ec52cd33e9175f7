// AtomicFile: a write either lands complete or leaves nothing (and leaves an old file untouched).
import ConvMatrix
@testable import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

@Suite struct AtomicFileTests {
    @Test func replacesAnExistingFileAndLeavesNoTemporaryFile() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("old", to: "a.txt")
        try AtomicFile.write(Array("new contents".utf8), to: path)
        #expect(dir.bytes("a.txt") == Array("new contents".utf8))
        #expect(dir.contents == ["a.txt"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test func aMissingDirectoryIsAnIOErrorNamingThePath() {
        let dir = TemporaryDirectory()
        let path = dir.path("missing/a.mtx")
        let error = #expect(throws: ConvMatrixError.self) { try AtomicFile.write([1, 2, 3], to: path) }
        #expect(error?.kind == .io)
        #expect(error?.parameter == "file")
        #expect(error?.value == path)
        #expect(error?.rule == "cannot create a temporary file in \(dir.url.path)/missing: no such file or directory")
        #expect(dir.contents.isEmpty)
    }

    @Test func aDirectoryInTheWayFailsTheRenameAndTheTemporaryFileIsRemoved() {
        let dir = TemporaryDirectory()
        try? FileManager.default.createDirectory(atPath: dir.path("taken"), withIntermediateDirectories: false)
        let error = #expect(throws: ConvMatrixError.self) { try AtomicFile.write([1, 2, 3], to: dir.path("taken")) }
        #expect(error?.kind == .io)
        #expect(error?.rule == "cannot rename the temporary file into place: is a directory")
        #expect(dir.contents == ["taken"])
    }

    @Test func aThrowingBodyLeavesTheOldFileAndNoTemporaryFile() {
        struct Interrupted: Error {}
        let dir = TemporaryDirectory()
        let path = dir.write("old", to: "a.txt")
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(to: path) { sink in
                try sink.write(Array(repeating: 7, count: 3 << 20))  // past the buffer: bytes reach the file
                throw Interrupted()
            }
        }
        #expect(dir.bytes("a.txt") == Array("old".utf8))
        #expect(dir.contents == ["a.txt"])
    }

    @Test(.enabled(if: getuid() != 0, "root writes into read-only directories"))
    func aReadOnlyDirectoryIsAnIOError() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path("ro"), withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o555])
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path("ro")) }
        let error = #expect(throws: ConvMatrixError.self) { try AtomicFile.write([1], to: dir.path("ro/a.npy")) }
        #expect(error?.rule.hasSuffix(": permission denied") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("ro")).isEmpty)
    }

    /// Every writer, pointed at a missing directory, throws `.io` naming the path and leaves nothing.
    @Test(arguments: ["mtx", "npy", "npz", "npz-named", "svg", "png", "pdf"])
    func everyWriterFailsCleanly(format: String) throws {
        let dir = TemporaryDirectory()
        let path = dir.path("missing/W.\(format)")
        let w = Reference.r(Int32.self)
        let error = #expect(throws: ConvMatrixError.self, "\(format)") {
            switch format {
            case "mtx": try MatrixMarket.write(w, to: path)
            case "npy": try NumPyArray(w.values).write(to: path)
            case "npz": try SciPySparseNPZ.write(w, to: path)
            case "npz-named": try NumPyArchive.write([("x", NumPyArray(w.values))], to: path)
            case "svg": try SpyPlot(w).writeSVG(to: path)
            case "pdf": try SpyPlot(w).writePDF(to: path)
            default: try SpyPlot(w).writePNG(to: path)
            }
        }
        #expect(error?.kind == .io)
        #expect(error?.parameter == "file")
        #expect(error?.value == path)
        #expect(dir.contents.isEmpty)
    }
}
