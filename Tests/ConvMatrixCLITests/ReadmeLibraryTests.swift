import Foundation
import Testing

/// The README's "As a library" section is a real program: its code block is
/// `Sources/library-example/main.swift` verbatim (so it compiles with the package), and the output
/// block after it is what that program prints today. Either drifting fails here.
@Suite struct ReadmeLibraryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The fenced blocks of the README section headed `heading`, in order: (info string, body).
    static func blocks(inSection heading: String) throws -> [(info: String, body: String)] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: heading) else { return [] }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("## ") } ?? lines.count
        var blocks: [(String, String)] = [], current: [String]? = nil, info = ""
        for line in lines[(start + 1)..<end] {
            if line.hasPrefix("```") {
                if let body = current {
                    blocks.append((info, body.joined(separator: "\n") + "\n"))
                    current = nil
                } else {
                    info = String(line.dropFirst(3))
                    current = []
                }
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks
    }

    @Test func readmeShowsTheExampleProgramAndItsOutput() throws {
        let blocks = try Self.blocks(inSection: "## As a library")
        try #require(blocks.count >= 2, "README.md's \"## As a library\" needs a swift block and its output block")
        let program = try String(contentsOf: Self.root.appendingPathComponent("Sources/library-example/main.swift"),
                                 encoding: .utf8)
        #expect(blocks[0].info == "swift")
        #expect(blocks[0].body == program, "README.md's library example differs from Sources/library-example/main.swift")
        let result = try CLI.run([], executable: CLI.executable(named: "library-example"))
        #expect(result.status == 0, "\(result)")
        #expect(blocks[1].body == result.stdout,
                "README.md's library example output is stale: `swift run library-example` prints\n\(result.stdout)")
    }

    /// The terminal session at the top of the README is what `convmat show` prints today.
    @Test func readmeShowsTheMainJobsOutput() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let prompt = "$ swift run convmat show\n"
        let start = try #require(readme.range(of: prompt)).upperBound
        let end = try #require(readme.range(of: "```", range: start..<readme.endIndex)).lowerBound
        let result = try CLI.run(["show"])
        #expect(result.status == 0)
        #expect(String(readme[start..<end]) == result.stdout, "README.md's `convmat show` session is stale")
    }
}
