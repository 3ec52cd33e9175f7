import ConvMatrixTestSupport
import Foundation
import Testing

/// Whole outputs of the real binary, compared character for character with the transcripts in
/// `Tests/ConvMatrixCLITests/Golden/NAME.txt` (exit status, standard output, standard error), as
/// swift-argument-parser's own tests do. A transcript is written by hand-checked runs: after a
/// deliberate change of output, regenerate with
/// `CONVMAT_UPDATE_GOLDEN=1 swift test --filter GoldenOutputTests`, then read the diff.
///
/// Commands that read fixtures name them relative to the repository root and run there, so the
/// transcripts hold no machine-specific path.
@Suite struct GoldenOutputTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Tests/ConvMatrixCLITests/Golden")
    static let seeds = "Tests/ConvMatrixTests/Fixtures/seeds"

    static let cases: [(name: String, arguments: [String])] = [
        ("show", ["show"]),
        ("show-convtranspose", ["show", "nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)", "--input", "1x1x2x2"]),
        ("show-transposed-view", ["show", "nn.Conv1d(1, 2, 3, padding=1, padding_mode='reflect')", "--input", "1x1x4",
                                  "--transposed-view"]),
        ("show-channels-last-hybrid", ["show", "nn.Conv2d(2, 2, 3, stride=(1, 2), padding=1)", "--input", "1x3x5x2",
                                       "--layout", "channels_last", "--input-dilation", "2,1", "--fill", "ones"]),
        ("show-summary", ["show", "nn.Conv2d(3, 4, 3, padding=1)", "--input", "1x3x16x16"]),
        ("show-hybrid-block", ["show", "nn.Conv2d(3, 3, 3, stride=(0.5, 2), padding=1)", "--input", "2x3x4x5", "--compact",
                               "--rows", "0:21", "--cols", "0:20"]),
        ("show-overlap", ["show", "nn.ConvTranspose2d(1, 1, 3, stride=2)", "--input", "1x1x4x4", "--overlap"]),
        ("explain-circular", ["explain", "nn.Conv2d(2, 4, 3, padding=1, groups=2, padding_mode='circular')",
                              "--input", "1x2x5x5", "--output", "0,1,0,0"]),
        ("explain-convtranspose-output", ["explain", "nn.ConvTranspose2d(1, 1, 2, stride=2)", "--input", "1x1x2x2",
                                          "--output", "0,0,3,3"]),
        ("explain-convtranspose-input", ["explain", "nn.ConvTranspose2d(1, 1, 2, stride=2, bias=False)", "--input",
                                         "1x1x2x2", "--input-element", "0,0,1,0"]),
        ("explain-column", ["explain", "nn.Conv2d(1, 1, 2)", "--input", "1x1x3x3", "--col", "4"]),
        ("check-seeds", ["check", seeds]),
        ("error-syntax", ["show", "nn.Conv2d(3, 4, 3, strid=2)", "--input", "1x3x8x8"]),
        ("error-channels", ["show", "nn.Conv2d(3, 4, 3)", "--input", "2x8x8"]),
        ("error-groups", ["show", "nn.Conv2d(4, 6, 3, groups=4)", "--input", "1x4x8x8"]),
        ("help", ["--help"]),
        ("help-apply", ["apply", "--help"]),
    ]

    @Test(arguments: cases.map(\.name))
    func outputIsTheTranscript(name: String) throws {
        let arguments = Self.cases.first { $0.name == name }!.arguments
        let result = try CLI.run(arguments, in: Self.root)
        let transcript = "$ convmat " + arguments.map { $0.contains(" ") || $0.contains("(") ? "\"\($0)\"" : $0 }.joined(separator: " ")
            + "\nexit \(result.status)\n--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)"
        let file = Self.folder.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["CONVMAT_UPDATE_GOLDEN"] == "1" {
            try transcript.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(transcript == expected, "Golden/\(name).txt differs; the run printed:\n\(transcript)")
    }
}
