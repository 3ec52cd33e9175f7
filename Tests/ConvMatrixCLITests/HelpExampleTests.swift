import ConvMatrixTestSupport
import Foundation
import Testing

/// Every example in `convmat --help` and in each subcommand's help runs as written from a fresh
/// clone: the lines are read from the real help (at a width where nothing wraps), split as a
/// shell would, and run with exit status 0 from a scratch directory whose `Tests` is the
/// repository's (so the example files under `Tests/Examples` and the fixtures are there, and the
/// files examples write land in the scratch directory).
@Suite struct HelpExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The subcommands `convmat --help` lists.
    static func subcommands() throws -> [String] {
        let help = try CLI.run(["--help"], environment: ["COLUMNS": "1000"]).lines
        guard let start = help.firstIndex(of: "SUBCOMMANDS:") else { return [] }
        return help[(start + 1)...].prefix { !$0.isEmpty }.compactMap { line in
            line.hasPrefix("  ") && !line.hasPrefix("   ") ? line.split(separator: " ").first.map(String.init) : nil
        }
    }

    /// The `convmat …` lines of one help text, indented by two spaces.
    static func examples(_ subcommand: String?) throws -> [ExampleCommand] {
        let help = try CLI.run((subcommand.map { [$0] } ?? []) + ["--help"], environment: ["COLUMNS": "1000"])
        return try help.lines.filter { $0.hasPrefix("  convmat ") }.compactMap { try ExampleCommand($0) }
    }

    @Test func everySubcommandIsListed() throws {
        #expect(try Set(Self.subcommands()) == Set(Self.all.compactMap { $0 }))
    }

    /// `convmat` itself (nil) and every subcommand.
    static let all: [String?] = [nil, "show", "explain", "apply", "export", "verify", "vectors", "check", "solve", "spectrum", "layers"]

    @Test(arguments: all)
    func examplesRunAsWritten(subcommand: String?) throws {
        let examples = try Self.examples(subcommand)
        #expect(!examples.isEmpty, "convmat \(subcommand ?? "") --help shows no example")
        for example in examples where !example.isReleaseOnly {
            let scratch = TemporaryDirectory()
            let result = try example.run(in: scratch, root: Self.root)
            #expect(result.status == 0, "\(example) failed:\n\(result)")
            #expect(!result.stderr.contains("error"), "\(example) printed an error:\n\(result)")
        }
    }

    /// The split handles the quoting the examples use.
    @Test func shellSplitting() throws {
        let example = try #require(try ExampleCommand(#"  convmat show "nn.Conv1d(2, 2, 3, padding_mode='circular')" --input 2x5   # a comment"#))
        #expect(example.arguments == ["show", "nn.Conv1d(2, 2, 3, padding_mode='circular')", "--input", "2x5"])
        #expect(try ExampleCommand("$ swift run -c release convmat check 'a b'")?.arguments == ["check", "a b"])
        #expect(try ExampleCommand("swift build") == nil)
    }
}
