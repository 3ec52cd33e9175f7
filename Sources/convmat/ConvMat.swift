import ArgumentParser
import ConvMatrix
import ConvMatrixIO

/// `convmat`: compile convolutions into explicit sparse matrices, show, explain, apply, export,
/// check and invert them.
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
              convmat apply "nn.Conv2d(1, 1, 2)" --input Tests/Examples/x.npy --output y.npy
              convmat export "nn.Conv2d(3, 8, 3, padding=1)" --input 1x3x32x32 --output W.svg
              convmat verify "nn.Conv2d(3, 8, 3, padding=1)" --input Tests/Examples/verify/x.npy --weights Tests/Examples/verify/w.npy \
            --output Tests/Examples/verify/y_nobias.npy
              convmat check Tests/ConvMatrixTests/Fixtures/onnx
              convmat solve "nn.Conv1d(1, 1, 2, stride=3, bias=False)" --input 1x1x8 --fill ones \
            --output Notebooks-as-text/NotTheInverse/strided.npy --result x.npy
              convmat spectrum "nn.Conv2d(3, 8, 3, padding=1)" --input 1x3x16x16 --fill random
              convmat layers Tests/ConvMatrixModelsTests/Fixtures/two_convs.onnx
            """,
        subcommands: [Show.self, Explain.self, Apply.self, Export.self, Verify.self, Vectors.self, Check.self, Solve.self, Spectrum.self, Layers.self],
        defaultSubcommand: nil
    )

    /// Parses and runs the subcommand; a ``ConvMatrixError`` from anywhere becomes
    /// `error: <description>` on standard error and exit status 1 (a layer syntax error also
    /// shows the layer with a caret under the column). Usage errors (ArgumentParser's messages)
    /// exit with status 2.
    /// `verify` keeps status 1 for "your output is wrong" and exits 2 on any bad input.
    static func main() {
        AtomicFile.acceptTerminationSignals()
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
            // Usage errors exit with 2, as POSIX utilities do (ArgumentParser's default is 64);
            // `verify` also maps every other failure to 2 ("bad input", not "wrong output").
            let code = exitCode(for: error)
            guard code == .validationFailure || (verifying && !code.isSuccess) else { exit(withError: error) }
            Diagnostics.write(fullMessage(for: error) + "\n")
            exit(withError: ExitCode(2))
        }
    }
}
