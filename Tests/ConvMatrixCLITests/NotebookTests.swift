import ConvMatrixTestSupport
import Foundation
import Testing

/// The notebooks' committed renderings (Notebooks-as-text/*/README.md) are exactly what the
/// notebooks print today, so what a reader sees is what the library computes.
@Suite struct NotebookTests {
    static let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Notebooks-as-text")

    @Test(arguments: [("notebook-transposed-convolution", "TransposedConvolution"),
                      ("notebook-verify-your-kernel", "VerifyYourKernel"),
                      ("notebook-not-the-inverse", "NotTheInverse")])
    func renderingIsCurrent(executable: String, folder: String) throws {
        let result = try CLI.run([], executable: CLI.executable(named: executable))
        #expect(result.status == 0, "\(result)")
        let committed = try String(contentsOf: Self.notebooks.appendingPathComponent(folder).appendingPathComponent("README.md"),
                                   encoding: .utf8)
        #expect(result.stdout == committed,
                "\(folder)/README.md is stale: regenerate with `swift run \(executable) > Notebooks-as-text/\(folder)/README.md`")
    }

    /// The pictures and arrays committed beside NotTheInverse/README.md are the bytes the notebook
    /// writes today.
    @Test func notTheInverseFilesAreCurrent() throws {
        let scratch = TemporaryDirectory()
        let result = try CLI.run([scratch.url.path], executable: CLI.executable(named: "notebook-not-the-inverse"))
        #expect(result.status == 0, "\(result)")
        let folder = Self.notebooks.appendingPathComponent("NotTheInverse")
        let written = scratch.contents
        #expect(written.count == 12, "\(written)")
        for name in written {
            let committed = try Data(contentsOf: folder.appendingPathComponent(name))
            #expect(committed == Data(scratch.bytes(name)),
                    "NotTheInverse/\(name) is stale: regenerate with `swift run notebook-not-the-inverse Notebooks-as-text/NotTheInverse > Notebooks-as-text/NotTheInverse/README.md`")
        }
    }
}
