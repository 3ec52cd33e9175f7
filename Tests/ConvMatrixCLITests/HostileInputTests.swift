// The reproducers of the hostile-input report (issue 12), run against the real binary: each is
// `error: …` with status 1 at once; an interrupted export leaves nothing behind.
import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

@Suite struct HostileInputTests {
    /// `.npy` bytes with `dict` as header.
    static func npy(_ dict: String) -> [UInt8] {
        var header = Array(dict.utf8)
        let total = 10 + header.count + 1
        header += [UInt8](repeating: 0x20, count: (64 - total % 64) % 64) + [0x0A]
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
    }

    @Test func hostileFilesGiveTypedErrorsNamingTheOption() throws {
        let dir = TemporaryDirectory()
        let x = dir.path("x.npy")
        try NumPyArray(shape: [1, 1, 4, 4], storage: .float64(Array(repeating: 0, count: 16))).write(to: x)
        let unicode = dir.write(Self.npy("{'descr': '<U2305843009213693952', 'fortran_order': False, 'shape': (1,), }"), to: "u.npy")
        let terabyte = dir.write([], to: "t.npy")
        #expect(truncate(terabyte, 1 << 40) == 0)
        let fifo = dir.path("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let layer = "nn.Conv2d(1, 1, 2)"
        let cases: [([String], String)] = [
            (["apply", layer, "--input", unicode, "--output", dir.path("y.npy")], "error: --input \(unicode) byte 10 = <U2305843009213693952: "),
            (["apply", layer, "--input", x, "--weights", unicode, "--output", dir.path("y.npy")], "error: --weights \(unicode) byte 10 = "),
            (["apply", layer, "--input", x, "--bias", unicode, "--output", dir.path("y.npy")], "error: --bias \(unicode) byte 10 = "),
            (["apply", layer, "--input", terabyte, "--output", dir.path("y.npy")], "error: --input \(terabyte) byte 0 = "),
            (["apply", layer, "--input", "/dev/zero", "--output", dir.path("y.npy")], "error: --input = /dev/zero: is a character device, not a regular file"),
            (["apply", layer, "--input", fifo, "--output", dir.path("y.npy")], "error: --input = \(fifo): is a FIFO (named pipe), not a regular file"),
            (["apply", layer, "--input", x, "--weights", "/nonexistent.npy", "--output", dir.path("y.npy")],
             "error: --weights = /nonexistent.npy: cannot open for reading: no such file or directory"),
            (["show", "--case", "/dev/zero"], "error: --case = /dev/zero: is a character device"),
        ]
        for (arguments, expected) in cases {
            let result = try CLI.run(arguments)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.hasPrefix(expected), "\(result)")
        }
        #expect(!dir.contents.contains("y.npy"))
    }

    @Test func aCaseWithAnOverflowingShapeFailsOnlyThatCase() throws {
        let dir = TemporaryDirectory()
        _ = dir.write(#"{"op":"Conv","X":{"shape":[4294967296,4294967296],"data":[]},"W":{"shape":[1,1,1],"data":[1]},"Y":{"shape":[1],"data":[1]}}"#,
                      to: "a.json")
        try FileManager.default.copyItem(atPath: Fixtures.conformance("onnx/test_basic_conv_with_padding.json"), toPath: dir.path("b.json"))
        let result = try CLI.run(["check", dir.url.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("X.shape = [4294967296, 4294967296]: the element count would exceed 2⁶³ − 1"), "\(result)")
        #expect(result.stdout.contains("1 passed, 1 failed"), "\(result)")
    }

    @Test func sigtermDuringAnExportLeavesNoFileAndTheNextExportSucceeds() throws {
        let dir = TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        // Large enough to be still writing when the signal comes (≈ 7 M entries). The test
        // runner spawns children with SIGTERM blocked: convmat unblocks it at start.
        process.arguments = ["export", "nn.Conv2d(32, 32, 3, padding=1)", "--input", "1x32x28x28", "--output", dir.path("W.mtx")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for the temporary file to appear, then interrupt.
        let deadline = Date().addingTimeInterval(60)
        while !dir.contents.contains(where: { $0.hasPrefix(".W.mtx.convmat-") }), process.isRunning, Date() < deadline {
            usleep(20_000)
        }
        #expect(process.isRunning, "the export ended before it could be interrupted")
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGTERM)
        #expect(dir.contents.isEmpty, "\(dir.contents)")
        let again = try CLI.run(["export", "nn.Conv2d(1, 1, 3, padding=1)", "--input", "1x1x5x5", "--output", dir.path("W.mtx")])
        #expect(again.status == 0, "\(again)")
        #expect(dir.contents == ["W.mtx"])
    }

    /// The geometry reproducers of the report: each is refused from closed-form counts, before
    /// any work proportional to the output or any allocation (a hang would stall this test).
    static let geometryReproducers: [[String]] = [
        ["show", "nn.Conv1d(1, 1, 1, padding=4611686018427387904)", "--input", "1x1x1"],
        ["show", "nn.ConvTranspose1d(1, 1, 1, stride=4611686018427387904)", "--input", "1x1x3"],
        ["show", "nn.Conv3d(1, 2, 1, padding=1000000)", "--input", "1x1x1x1x1"],
        ["show", "nn.Conv3d(1, 1, 1)", "--input-dilation", "3000000,3000000,3000000", "--input", "1x1x2x2x2"],
        ["show", "nn.ConvTranspose1d(1, 4611686018427387904, 3)", "--input", "1x1x3"],
        ["show", "nn.Conv1d(1, 1, 1, padding=-4611686018427387904)", "--input", "1x1x1"],
        ["show", "nn.Conv1d(1, 1, 4611686018427387903)", "--input", "1x1x4611686018427387903"],
        ["show", "nn.Conv1d(1, 1, 1, stride=1000000000000)", "--input", "1x1x1000000000000"],
        ["show", "nn.Conv1d(1, 1, 1, padding=4294967296)", "--input", "1x1x1"],
        ["show", "nn.Conv1d(1, 1, 1)", "--input", "1x1x1000000000"],
    ]

    @Test(arguments: geometryReproducers)
    func geometryReproducersAreErrors(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.hasPrefix("error: "), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test func anUnprintableGridIsAUsageErrorBeforeAnyWork() throws {
        let result = try CLI.run(["show", "nn.Conv1d(1, 1, 2)", "--input", "1x1x100000", "--max-rows", "1000000", "--max-columns", "1000000"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("--max-rows × --max-columns may be at most 4194304 cells"), "\(result)")
    }
}
