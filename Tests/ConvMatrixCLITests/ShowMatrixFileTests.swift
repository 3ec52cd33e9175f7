// `convmat show --matrix FILE`: matrix files written by SciPy and by `convmat export` are read
// back, described, and recognised (or not) as the W of a layer.
import ConvMatrixTestSupport
import Foundation
import Testing

@Suite struct ShowMatrixFileTests {
    /// The chapter's 4×9 W typed in by hand in `make_fixtures.py` and written by SciPy.
    static let scipyFiles = ["scipy_chapter_W.mtx", "scipy_chapter_W.npz"].map(Fixtures.io)

    @Test(arguments: scipyFiles)
    func scipyFilesAreDescribedAndRecognised(_ path: String) throws {
        let plain = try CLI.run(["show", "--matrix", path])
        #expect(plain.status == 0, "\(plain)")
        #expect(plain.lines[0] == "\(path): 4 × 9, nnz 16, density 44.444%")
        #expect(plain.lines[1] == "entries per row: min 4, max 4; per column: min 1, max 4")
        // Row 0 of the grid is the hand-typed first row [1, 2, 0, 3, 4, 0, 0, 0, 0].
        let row0 = try #require(plain.lines.first { $0.hasPrefix("0  ") })
        #expect(row0.split(separator: " ").dropFirst() == ["1", "2", ".", "3", "4", ".", ".", ".", "."])

        let layer = try CLI.run(["show", "--matrix", path, "nn.Conv2d(1, 1, 2)", "--input", "1x1x3x3"])
        #expect(layer.status == 0, "\(layer)")
        #expect(layer.stdout.contains("weights recovered from the file: [1, 2, 3, 4]"), "\(layer)")

        let wrongWeights = try CLI.run(["show", "--matrix", path, "nn.Conv2d(1, 1, 2)", "--input", "1x1x3x3", "--fill", "ones"])
        #expect(wrongWeights.status == 1, "\(wrongWeights)")
        #expect(wrongWeights.stdout.contains("max |difference| = 3, they differ"), "\(wrongWeights)")

        let wrongLayer = try CLI.run(["show", "--matrix", path, "nn.Conv2d(1, 1, 2, padding=1)", "--input", "1x1x3x3"])
        #expect(wrongLayer.status == 1, "\(wrongLayer)")
        #expect(wrongLayer.stdout.contains("is not the W of"), "\(wrongLayer)")
    }

    @Test(arguments: ["mtx", "npz"])
    func exportedFilesReadBackAsTheirLayer(_ format: String) throws {
        let dir = TemporaryDirectory()
        let path = dir.path("W.\(format)")
        let layer = ["nn.Conv2d(2, 4, 3, padding=1, groups=2, padding_mode='reflect')", "--input", "1x2x5x5", "--fill", "random", "--seed", "3"]
        let export = try CLI.run(["export"] + layer + ["--output", path])
        #expect(export.status == 0, "\(export)")
        let shown = try CLI.run(["show", "--matrix", path] + layer)
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.contains("max |difference| = 0, the same"), "\(shown)")
    }

    @Test func hostileMatrixFilesAreTypedErrorsNamingTheOption() throws {
        let dir = TemporaryDirectory()
        let truncated = dir.write("%%MatrixMarket matrix coordinate real general\n1152921504606846976 1 1\n", to: "huge.mtx")
        let zip = dir.write([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0xFF, count: 18), to: "bad.npz")
        let fifo = dir.path("fifo.mtx")
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, expected) in [(fifo, "error: --matrix = \(fifo): is a FIFO (named pipe), not a regular file"),
                                 ("/dev/zero", "error: --matrix = /dev/zero: must be a Matrix Market (.mtx) or scipy.sparse (.npz) file"),
                                 (truncated, "error: --matrix \(truncated):2 = "),
                                 (zip, "error: --matrix \(zip) byte ")] {
            let result = try CLI.run(["show", "--matrix", path])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.hasPrefix(expected), "\(result)")
        }
    }
}
