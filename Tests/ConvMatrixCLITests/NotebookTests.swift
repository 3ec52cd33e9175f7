import Foundation
import Testing

/// The notebooks' committed renderings (Notebooks-as-text/*/README.md) are exactly what the
/// notebooks print today, so what a reader sees is what the library computes.
@Suite struct NotebookTests {
    static let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Notebooks-as-text")

    @Test(arguments: [("notebook-transposed-convolution", "TransposedConvolution"),
                      ("notebook-verify-your-kernel", "VerifyYourKernel"),
                      ("notebook-singular-values", "SingularValues")])
    func renderingIsCurrent(executable: String, folder: String) throws {
        let result = try CLI.run([], executable: CLI.executable(named: executable))
        #expect(result.status == 0, "\(result)")
        let committed = try String(contentsOf: Self.notebooks.appendingPathComponent(folder).appendingPathComponent("README.md"),
                                   encoding: .utf8)
        #expect(result.stdout == committed,
                "\(folder)/README.md is stale: regenerate with `swift run \(executable) > Notebooks-as-text/\(folder)/README.md`")
    }
}
