import ArgumentParser

/// `convmat`: compile convolutions into explicit sparse matrices, show them, check them.
@main
struct ConvMat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convmat",
        abstract: "Compile any convolution into an explicit sparse matrix W; forward is W·x, transposed is Wᵀ·y.",
        discussion: """
            Examples:
              convmat show                                  # the 4×9 W of the transposed-convolution chapter
              convmat check ../shared/conformance/onnx      # ONNX's own Conv/ConvTranspose cases
            """,
        subcommands: [Show.self, Check.self],
        defaultSubcommand: nil
    )
}
