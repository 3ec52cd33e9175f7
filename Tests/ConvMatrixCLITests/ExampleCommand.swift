import ConvMatrixTestSupport
import Foundation

/// A `convmat …` command line as the help or the README prints it, split into arguments the way
/// a POSIX shell would for the quoting these examples use (`"…"`, `'…'`, a trailing `# comment`),
/// and run from a directory that looks like a fresh clone.
struct ExampleCommand: CustomStringConvertible {
    /// The line as written (`convmat show "nn.Conv2d(1, 1, 2)" --input 1x1x3x3`).
    let text: String
    /// The arguments after `convmat`.
    let arguments: [String]
    /// Whether the line says it is meant for a release build (a trailing `# release build …`
    /// comment): such a command takes minutes in the debug build the tests run, so the tests
    /// list it instead of running it (the closing notes give its measured time).
    let isReleaseOnly: Bool

    var description: String { text }

    /// `nil` when `line` does not start with `convmat ` (after `$ `, `swift run`, `-c release`).
    init?(_ line: String) throws {
        var words = try Self.split(line)
        if words.first == "$" { words.removeFirst() }
        if words.starts(with: ["swift", "run"]) { words.removeFirst(2) }
        if words.starts(with: ["-c", "release"]) { words.removeFirst(2) }
        guard words.first == "convmat" else { return nil }
        text = line.trimmingCharacters(in: .whitespaces)
        arguments = Array(words.dropFirst())
        isReleaseOnly = line.range(of: #"#\s*release build"#, options: .regularExpression) != nil
    }

    /// Shell words: quotes group and are removed, `#` outside quotes starts a comment.
    static func split(_ line: String) throws -> [String] {
        var words = [String](), current = "", inWord = false, quote: Character? = nil
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
                inWord = true
            } else if c == "#", !inWord {
                break
            } else if c == " " || c == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        guard quote == nil else { throw ExampleError.unbalancedQuote(line) }
        if inWord { words.append(current) }
        return words
    }

    enum ExampleError: Error { case unbalancedQuote(String) }

    /// The repository folders whose files examples may read.
    static let readableFolders = ["Tests", "Notebooks-as-text"]

    /// Runs the command in `directory`, a scratch directory where `Tests` and `Notebooks-as-text`
    /// link to the repository's (so the files the examples name are found, and whatever they
    /// write lands in the scratch directory, not in the repository).
    func run(in directory: TemporaryDirectory, root: URL) throws -> CommandResult {
        for folder in Self.readableFolders where !FileManager.default.fileExists(atPath: directory.path(folder)) {
            try FileManager.default.createSymbolicLink(atPath: directory.path(folder),
                                                       withDestinationPath: root.appendingPathComponent(folder).path)
        }
        return try CLI.run(arguments, in: directory.url)
    }
}
