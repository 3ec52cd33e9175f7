import ConvMatrixTestSupport
import Foundation
import Testing

/// Every `convmat …` command in README.md runs as written from a fresh clone: the command lines
/// of its fenced blocks (also after `&&`, also as `swift run [-c release] convmat …`) and its
/// inline `` `convmat …` `` commands, run in order in one scratch directory whose `Tests` is the
/// repository's. Synopsis lines with placeholders (`convmat verify LAYER --input X.npy …`) are
/// not commands and are left out.
@Suite struct ReadmeCommandTests {
    static let root = HelpExampleTests.root


    static func commands() throws -> [ExampleCommand] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var commands = [ExampleCommand](), inBlock = false
        for line in readme.components(separatedBy: "\n") {
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            let pieces: [String]
            if inBlock {
                pieces = line.components(separatedBy: "&&")
            } else {
                // Inline code spans: the odd pieces between backticks.
                pieces = line.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            }
            for piece in pieces where !piece.contains("LAYER") {
                if let command = try ExampleCommand(piece) { commands.append(command) }
            }
        }
        return commands
    }

    @Test func everyReadmeCommandRuns() throws {
        let commands = try Self.commands()
        // The README's main job, the terminal section, check, vectors and the suite at least.
        #expect(commands.count >= 9, "\(commands)")
        let scratch = TemporaryDirectory()
        for command in commands where !command.isReleaseOnly {
            if command.arguments.starts(with: ["verify", "--suite"]), command.arguments.count > 2 {
                try writeResultsBesideEachCase(scratch.path(command.arguments[2]))
            }
            let result = try command.run(in: scratch, root: Self.root)
            #expect(result.status == 0, "\(command) failed:\n\(result)")
        }
    }

    /// The README's step before `convmat verify --suite vectors`: "write your results beside
    /// each case (out.npy …)". A right kernel's results: the reference y.npy itself.
    private func writeResultsBesideEachCase(_ suite: String) throws {
        let manager = FileManager.default
        for folder in try manager.contentsOfDirectory(atPath: suite) {
            let y = suite + "/" + folder + "/y.npy", out = suite + "/" + folder + "/out.npy"
            if manager.fileExists(atPath: y), !manager.fileExists(atPath: out) { try manager.copyItem(atPath: y, toPath: out) }
        }
    }
}
