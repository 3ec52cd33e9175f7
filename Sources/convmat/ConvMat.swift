import ArgumentParser
import ConvMatrix

/// `convmat`: compile convolutions into explicit sparse matrices, show, explain, apply, export
/// and check them.
@main
struct ConvMat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convmat",
        abstract: "Compile any convolution into an explicit sparse matrix W; forward is W·x, transposed is Wᵀ·y.",
        discussion: """
            A layer is written as in PyTorch, e.g. "nn.Conv2d(3, 8, 3, padding=1)", with --input for \
            its input shape; or --case FILE.json names a conformance case; or --onnx MODEL.onnx --node NAME \
            a Conv or ConvTranspose node of an ONNX model. `convmat help <subcommand>` \
            explains each subcommand.

            Examples:
              convmat show           # the 4×9 W of the transposed-convolution chapter
              convmat show "nn.ConvTranspose2d(1, 1, 2, bias=False)" --input 1x1x2x2
              convmat explain "nn.Conv2d(1, 1, 2)" --input 1x1x3x3 --output 0,0,1,1
              convmat apply "nn.Conv2d(1, 1, 2)" --input x.npy --output y.npy
              convmat export "nn.Conv2d(3, 8, 3, padding=1)" --input 1x3x32x32 --output W.svg
              convmat verify "nn.Conv2d(3, 8, 3, padding=1)" --input x.npy --weights w.npy --output y.npy
              convmat check Tests/ConvMatrixTests/Fixtures/onnx
              convmat layers Tests/ConvMatrixModelsTests/Fixtures/two_convs.onnx
            """,
        subcommands: [Show.self, Explain.self, Apply.self, Export.self, Verify.self, Vectors.self, Check.self, Layers.self],
        defaultSubcommand: nil
    )

    /// Parses and runs the subcommand; a ``ConvMatrixError`` from anywhere becomes
    /// `error: <description>` on standard error and exit status 1 (a layer syntax error also
    /// shows the layer with a caret under the column). Usage errors are ArgumentParser's.
    /// `verify` keeps status 1 for "your output is wrong" and exits 2 on any bad input.
    static func main() {
        let verifying = CommandLine.arguments.dropFirst().first == "verify"
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ConvMatrixError {
            Diagnostics.report(error)
            exit(withError: verifying ? ExitCode(2) : ExitCode.failure)
        } catch let error as ExitCode {
            exit(withError: error)
        } catch {
            guard verifying, !exitCode(for: error).isSuccess else { exit(withError: error) }
            Diagnostics.write(fullMessage(for: error) + "\n")
            exit(withError: ExitCode(2))
        }
    }
}
