import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

/// Every user mistake: a typed message on standard error, a non-zero exit, and no file left.
@Suite struct ErrorTests {
    struct BadLayer: CustomStringConvertible, Sendable {
        let text: String
        let column: Int
        let message: String
        var description: String { text }
    }

    /// Columns counted by hand (1-based).
    static let badLayers = [
        BadLayer(text: "nn.Conv2d(3, 4, 3, strid=2)", column: 20, message: "Conv2d has no parameter 'strid'"),
        BadLayer(text: "nn.Conv2d(3, 4, 3", column: 18, message: "expected ',' or ')'"),
        BadLayer(text: "nn.Conv9d(1, 1, 3)", column: 4, message: "unknown layer 'Conv9d'"),
        BadLayer(text: "nn.Conv2d(1, 1, 3, padding='same)", column: 28, message: "unterminated string"),
        BadLayer(text: "nn.Conv2d(1, 1, 3, stride=2, 5)", column: 30, message: "a positional argument cannot follow keyword arguments"),
    ]

    @Test(arguments: badLayers)
    func badLayerPointsAtTheColumn(_ bad: BadLayer) throws {
        let dir = TemporaryDirectory()
        let result = try CLI.run(["export", bad.text, "--input", "1x1x8x8", "--output", dir.path("W.mtx")])
        #expect(result.status == 1, "\(result)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result)")
        #expect(lines[0].hasPrefix("error: layer = \"\(bad.text)\": column \(bad.column): \(bad.message)"), "\(result)")
        #expect(lines[1] == "  " + bad.text)
        #expect(lines[2] == String(repeating: " ", count: 2 + bad.column - 1) + "^")
        #expect(result.stdout.isEmpty)
        #expect(dir.contents.isEmpty)
    }

    @Test(arguments: ["1x3xqx8", "1x3x0x8", "x"])
    func badInputShape(_ shape: String) throws {
        let result = try CLI.run(["show", "nn.Conv2d(3, 4, 3)", "--input", shape])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.hasPrefix("error: --input = "), "\(result)")
    }

    @Test func inputShapeThatDoesNotFitTheLayer() throws {
        let channels = try CLI.run(["show", "nn.Conv2d(3, 4, 3)", "--input", "1x2x8x8"])
        #expect(channels.status == 1)
        #expect(channels.stderr == "error: input shape = [1, 2, 8, 8]: has 2 channels but the layer's in_channels is 3\n")
        let rank = try CLI.run(["show", "nn.Conv2d(3, 4, 3)", "--input", "3x8"])
        #expect(rank.status == 1)
        #expect(rank.stderr.contains("a 2-d convolution takes 4 dimensions"), "\(rank)")
        let groups = try CLI.run(["show", "nn.Conv2d(3, 4, 3, groups=2)", "--input", "1x3x8x8"])
        #expect(groups.stderr == "error: groups = 2: must divide in_channels = 3\n")
        let missing = try CLI.run(["show", "nn.Conv2d(3, 4, 3)"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("give the layer's input shape with --input"))
    }

    @Test func weightsOfTheWrongShapeOrFile() throws {
        let dir = TemporaryDirectory()
        try NumPyArray(shape: [2, 2], storage: .float64([1, 2, 3, 4])).write(to: dir.path("w.npy"))
        let shape = try CLI.run(["export", "nn.Conv2d(1, 1, 2)", "--input", "1x1x3x3", "--weights", dir.path("w.npy"),
                                 "--output", dir.path("W.mtx")])
        #expect(shape.status == 1)
        #expect(shape.stderr == "error: --weights \(dir.path("w.npy")) = shape (2, 2): must be the layer's weight shape (1, 1, 2, 2)\n")
        try Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 0x20, 0]).write(to: dir.url.appendingPathComponent("bad.npy"))
        let malformed = try CLI.run(["export", "nn.Conv2d(1, 1, 2)", "--input", "1x1x3x3", "--weights", dir.path("bad.npy"),
                                     "--output", dir.path("W.mtx")])
        #expect(malformed.status == 1)
        #expect(malformed.stderr.hasPrefix("error: --weights \(dir.path("bad.npy")) byte "), "\(malformed)")
        let bias = try CLI.run(["show", "nn.Conv2d(1, 1, 2, bias=False)", "--input", "1x1x3x3", "--bias", dir.path("w.npy")])
        #expect(bias.status == 1)
        #expect(bias.stderr.contains("the layer is written with bias=False"))
        #expect(dir.contents == ["bad.npy", "w.npy"])
    }

    @Test func malformedTensorForApply() throws {
        let dir = TemporaryDirectory()
        try Data("not a numpy file".utf8).write(to: dir.url.appendingPathComponent("x.npy"))
        let result = try CLI.run(["apply", "nn.Conv2d(1, 1, 2)", "--input", dir.path("x.npy"), "--output", dir.path("y.npy")])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: --input \(dir.path("x.npy")) byte 0 = "), "\(result)")
        try NumPyArray(shape: [1, 1, 3, 3], storage: .int64(Array(0..<9))).write(to: dir.path("ints.npy"))
        let ints = try CLI.run(["apply", "nn.Conv2d(1, 1, 2)", "--input", dir.path("ints.npy"), "--output", dir.path("y.npy")])
        #expect(ints.status == 1)
        #expect(ints.stderr.contains("must be float32 or float64"))
        try NumPyArray(shape: [1, 2, 3, 3], storage: .float64([Double](repeating: 1, count: 18))).write(to: dir.path("two.npy"))
        let channels = try CLI.run(["apply", "nn.Conv2d(1, 1, 2)", "--input", dir.path("two.npy"), "--output", dir.path("y.npy")])
        #expect(channels.status == 1)
        #expect(dir.contents == ["ints.npy", "two.npy", "x.npy"])
    }

    @Test func malformedCaseFile() throws {
        let dir = TemporaryDirectory()
        dir.write("{\"op\": \"Conv\", \"X\": ", to: "truncated.json")
        dir.write("{\"op\": \"Conv\", \"attributes\": {\"stridez\": [1]}, \"X\": {\"shape\": [1, 1, 2], \"data\": [1, 2]}, \"W\": {\"shape\": [1, 1, 1], \"data\": [1]}, \"Y\": {\"shape\": [1, 1, 2], \"data\": [1, 2]}}", to: "unknown.json")
        for name in ["truncated.json", "unknown.json", "missing.json"] {
            let result = try CLI.run(["export", "--case", dir.path(name), "--output", dir.path("W.mtx")])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.hasPrefix("error: "), "\(result)")
        }
        #expect(dir.contents == ["truncated.json", "unknown.json"])
    }

    @Test func missingOutputDirectoryLeavesNothing() throws {
        let dir = TemporaryDirectory()
        for format in ["mtx", "npz", "svg", "png", "pdf"] {
            let target = dir.path("absent/W.\(format)")
            let result = try CLI.run(["export", "nn.Conv2d(1, 1, 2)", "--input", "1x1x3x3", "--output", target])
            #expect(result.status == 1)
            #expect(result.stderr == "error: --output = \(target): the directory \(dir.path("absent")) does not exist\n")
        }
        try NumPyArray(shape: [1, 4], storage: .float64([1, 2, 3, 4])).write(to: dir.path("x.npy"))
        let apply = try CLI.run(["apply", "nn.Conv1d(1, 1, 2)", "--input", dir.path("x.npy"), "--output", dir.path("absent/y.npy")])
        #expect(apply.status == 1)
        #expect(apply.stderr == "error: --output = \(dir.path("absent/y.npy")): the directory \(dir.path("absent")) does not exist\n")
        #expect(dir.contents == ["x.npy"])
    }

    /// A failed export leaves an existing file exactly as it was, with no temporary beside it.
    @Test func failedExportKeepsTheOldFile() throws {
        let dir = TemporaryDirectory()
        dir.write("old contents\n", to: "W.mtx")
        let result = try CLI.run(["export", "nn.Conv2d(1, 1, 2)", "--input", "1x1x3x3", "--fill", "ones", "--weights", "w.npy",
                                  "--output", dir.path("W.mtx")])
        #expect(result.status != 0)
        let broken = try CLI.run(["export", "nn.Conv2d(1, 1, 2", "--input", "1x1x3x3", "--output", dir.path("W.mtx")])
        #expect(broken.status == 1)
        #expect(try String(contentsOfFile: dir.path("W.mtx"), encoding: .utf8) == "old contents\n")
        #expect(dir.contents == ["W.mtx"])
        // The destination is a directory: the write fails and nothing else appears.
        try FileManager.default.createDirectory(atPath: dir.path("D.mtx"), withIntermediateDirectories: false)
        let directory = try CLI.run(["export", "nn.Conv2d(1, 1, 2)", "--input", "1x1x3x3", "--output", dir.path("D.mtx")])
        #expect(directory.status == 1, "\(directory)")
        #expect(dir.contents == ["D.mtx", "W.mtx"])
    }

    @Test func conflictingOptionsAreUsageErrors() throws {
        let both = try CLI.run(["show", "nn.Conv2d(1, 1, 2)", "--case", "x.json"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("give either LAYER or --case FILE, not both"))
        let orphan = try CLI.run(["show", "--input", "1x1x3x3"])
        #expect(orphan.status == 2)
        let seed = try CLI.run(["show", "nn.Conv2d(1, 1, 2)", "--input", "1x1x3x3", "--seed", "3"])
        #expect(seed.status == 2)
        #expect(seed.stderr.contains("--seed applies to --fill random"))
    }
}
