import ConvMatrixTestSupport
import Foundation
import Testing

/// The notebooks' committed renderings (Notebooks-as-text/*/README.md) are exactly what the
/// notebooks print today, so what a reader sees is what the library computes.
@Suite struct NotebookTests {
    static let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Notebooks-as-text")

    /// Every notebook: its executable and its folder.
    static let all = [("notebook-transposed-convolution", "TransposedConvolution"),
                      ("notebook-verify-your-kernel", "VerifyYourKernel"),
                      ("notebook-hybrid-stride", "HybridStride"),
                      ("notebook-channels-last", "ChannelsLast"),
                      ("notebook-grouped-3d-transposed", "GroupedAnd3DTransposed"),
                      ("notebook-checkerboard", "Checkerboard"),
                      ("notebook-padding-modes", "PaddingModes"),
                      ("notebook-not-the-inverse", "NotTheInverse"),
                      ("notebook-singular-values", "SingularValues")]

    @Test(arguments: all)
    func renderingIsCurrent(executable: String, folder: String) throws {
        let result = try CLI.run([], executable: CLI.executable(named: executable))
        #expect(result.status == 0, "\(result)")
        let committed = try String(contentsOf: Self.notebooks.appendingPathComponent(folder).appendingPathComponent("README.md"),
                                   encoding: .utf8)
        #expect(result.stdout == committed,
                "\(folder)/README.md is stale: regenerate with `swift run \(executable) > Notebooks-as-text/\(folder)/README.md`")
    }

    /// Every folder with a notebook is checked above, linked from the learning path and listed
    /// with its regeneration command there.
    @Test func everyNotebookIsCheckedAndOnTheLearningPath() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.notebooks.path).filter {
            FileManager.default.fileExists(atPath: Self.notebooks.appendingPathComponent($0).appendingPathComponent("main.swift").path)
        }
        #expect(Set(folders) == Set(Self.all.map(\.1)), "notebook folders and the checked list differ")
        let path = try String(contentsOf: Self.notebooks.appendingPathComponent("README.md"), encoding: .utf8)
        for (executable, folder) in Self.all {
            #expect(path.contains("](\(folder)/README.md)"), "the learning path does not link \(folder)")
            let lines = path.split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("swift run \(executable)") && $0.hasSuffix("> Notebooks-as-text/\(folder)/README.md") },
                    "the learning path does not say how to regenerate \(folder)")
        }
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
