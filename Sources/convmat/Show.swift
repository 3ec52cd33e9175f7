import ArgumentParser
import ConvMatrix

/// `convmat show` — the README's main job without arguments (the chapter's 4×9 `W`, `W·x` and
/// `Wᵀ·y`, checked against the dense path); with a layer, its `W` as a labelled grid, or in
/// numbers when it is large.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a convolution's matrix W: a labelled grid for small layers, a summary for large ones.",
        discussion: """
            Without arguments it shows the example of the transposed-convolution chapter: the 2×2 \
            kernel K = [[1, 2], [3, 4]] on a 3×3 input is the 4×9 matrix W; W·x is the convolution \
            and Wᵀ·y the transposed convolution, with the same W, checked against the dense path.

            With a layer it prints the layer, its input and output shapes, its weights, and W: rows \
            y[c=…, i, j] are the convolution's output elements, columns x[c=…, i, j] its input \
            elements, '.' marks structural zeros (entries W does not store). A ConvTranspose layer \
            computes Wᵀ·y with the W of the convolution it transposes: the grid is that W (its rows \
            are the layer's input), or Wᵀ with --transposed-view. Weights default to --fill arange \
            (1, 2, …, n). A W with more than --max-rows rows or --max-columns columns gets a summary \
            instead: entries per row and column, memory, and how to export it.

            Examples:
              convmat show
              convmat show "nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)" --input 1x1x2x2
              convmat show "nn.Conv1d(2, 2, 3, padding=1, groups=2, padding_mode='circular')" \
            --input 2x5 --fill ones
              convmat show "nn.Conv2d(3, 8, 3, padding=1)" --input 1x3x32x32
              convmat show --case Tests/ConvMatrixTests/Fixtures/seeds/d2l_corr2d_matrix.json
              convmat show --matrix Tests/ConvMatrixIOTests/Fixtures/scipy_chapter_W.mtx "nn.Conv2d(1, 1, 2)" --input 1x1x3x3
            """
    )

    @OptionGroup var layer: LayerOptions
    @OptionGroup var input: InputShapeOption

    @Flag(help: "Print Wᵀ (rows = the input elements x) instead of W.")
    var transposedView = false

    /// The largest grid `show` prints: 2²² cells (a 2048 × 2048 grid, ≈ 60 MB of text).
    static let gridCellLimit = 1 << 22

    @Option(name: .customLong("matrix"), help: ArgumentHelp(
        "Inspect a matrix file (.mtx or .npz, e.g. one `convmat export` or SciPy wrote): its shape, entries and values; with a layer (LAYER --input SHAPE, or --case), whether it is that layer's W, with the weights recovered from it. Exit status 1 when it is not.",
        valueName: "file"))
    var matrixFile: String?

    @Option(help: "Largest W printed as a grid: rows.")
    var maxRows = 64

    @Option(help: "Largest W printed as a grid: columns.")
    var maxColumns = 64

    func validate() throws {
        if layer.isEmpty, matrixFile != nil {
            if input.input != nil || transposedView { throw ValidationError("--input and --transposed-view need a layer; give LAYER or --case") }
            return
        }
        if layer.isEmpty {
            if input.input != nil || transposedView || layer.weights != nil || layer.fill != nil || layer.bias != nil
                || layer.layout != nil || layer.inputDilation != nil {
                throw ValidationError("these options describe a layer; give one, e.g. \"nn.Conv2d(1, 1, 2)\" --input 1x1x3x3, or --case FILE.json")
            }
            return
        }
        try input.validate(with: layer)
        guard maxRows >= 1, maxColumns >= 1 else { throw ValidationError("--max-rows and --max-columns must be ≥ 1") }
        // A grid is built in memory before it is printed: bound it before any work.
        let (cells, overflow) = maxRows.multipliedReportingOverflow(by: maxColumns)
        guard !overflow, cells <= Self.gridCellLimit else {
            throw ValidationError("--max-rows × --max-columns may be at most \(Self.gridCellLimit) cells (got \(maxRows) × \(maxColumns)); a larger W reads better as a summary, a picture or a file: convmat export")
        }
    }

    func run() throws {
        if let matrixFile {
            let resolved = layer.isEmpty ? nil : try layer.resolve(inputShape: input.shape())
            let compare = layer.weights != nil || layer.fill != nil || layer.caseFile != nil
            guard try MatrixFileReport.run(path: matrixFile, layer: resolved, compareWeights: compare,
                                           maxRows: maxRows, maxColumns: maxColumns) else { throw ExitCode.failure }
            return
        }
        guard !layer.isEmpty else {
            let example = try BuiltInExample()
            print(example.report())
            if !example.agrees { throw ExitCode.failure }
            return
        }
        let resolved = try layer.resolve(inputShape: input.shape())
        let matrix = try resolved.compile()
        print(LayerReport.header(resolved))
        print()
        print(LayerReport.direction(resolved, transposedView: transposedView))
        print()
        if transposedView {
            print(matrix.summary(transposed: true))
            if let grid = matrix.denseDescription(maxRows: maxRows, maxColumns: maxColumns, transposed: true) {
                print(grid)
                return
            }
        } else {
            print(matrix.summary)
            if let grid = matrix.denseDescription(maxRows: maxRows, maxColumns: maxColumns) {
                print(grid)
                return
            }
        }
        print(Progress.run("summarising W") {
            MatrixSummary.large(matrix, maxRows: transposedView ? maxColumns : maxRows,
                                maxColumns: transposedView ? maxRows : maxColumns, exportArguments: resolved.arguments)
        })
    }
}
