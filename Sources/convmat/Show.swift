import ArgumentParser
import ConvMatrix

/// `convmat show` — the README's main job: a small layer's `W` as a labelled grid, with `W·x`
/// and `Wᵀ·y`, checked against the dense path.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a convolution's matrix W, W·x and Wᵀ·y, and check them against the dense path.",
        discussion: """
            Without arguments it shows the example of the transposed-convolution chapter: the 2×2
            kernel K = [[1, 2], [3, 4]] on a 3×3 input is the 4×9 matrix W; W·x is the convolution
            and Wᵀ·y the transposed convolution, with the same W.

            Example:
              convmat show
            """
    )

    func run() throws {
        let example = try BuiltInExample()
        print(example.report())
        if !example.agrees { throw ExitCode.failure }
    }
}
