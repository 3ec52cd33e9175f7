import ArgumentParser
import ConvMatrix
import Foundation

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

            --rows a:b and --cols c:d show a block of the grid (Python slices: 0:21, :8, -3:), \
            checked against its size. Grids keep within $COLUMNS (the terminal's width, or 120 when \
            output is not a terminal): too wide with full labels, they switch to --compact (each \
            column's coordinates c, i, j stacked above it, columns as narrow as the values), and \
            past that show the columns that fit. --overlap prints, per spatial plane of the layer's \
            output, how many kernel taps reach each position (Wᵀ·1 counted in taps for a \
            transposed layer): uneven numbers are the checkerboard of a strided transposed \
            convolution.

            Examples:
              convmat show
              convmat show "nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)" --input 1x1x2x2
              convmat show "nn.Conv1d(2, 2, 3, padding=1, groups=2, padding_mode='circular')" \
            --input 2x5 --fill ones
              convmat show "nn.Conv2d(3, 8, 3, padding=1)" --input 1x3x32x32
              convmat show --case Tests/ConvMatrixTests/Fixtures/seeds/d2l_corr2d_matrix.json
              convmat show --matrix Tests/ConvMatrixIOTests/Fixtures/scipy_chapter_W.mtx "nn.Conv2d(1, 1, 2)" --input 1x1x3x3
              convmat show "nn.Conv2d(3, 3, 3, stride=(0.5, 2), padding=1)" --input 2x3x4x5 --compact \
            --rows 0:21 --cols 0:20
              convmat show "nn.ConvTranspose2d(1, 1, 3, stride=2)" --input 1x1x4x4 --overlap
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

    @Flag(help: "Label each grid column by its coordinates stacked in header lines (c, i, j), so columns are only as wide as the values.")
    var compact = false

    @Option(help: ArgumentHelp("Grid lines to show, as a Python slice of W's rows (of Wᵀ's with --transposed-view); write a negative start as --rows=-3:.", valueName: "a:b"))
    var rows: String?

    @Option(name: .customLong("cols"), help: ArgumentHelp("Grid columns to show, as a Python slice.", valueName: "c:d"))
    var columns: String?

    @Flag(help: "Print how many kernel taps reach each output position of the layer, per spatial plane, instead of W.")
    var overlap = false

    func validate() throws {
        if layer.isEmpty, matrixFile != nil {
            if input.input != nil || transposedView { throw ValidationError("--input and --transposed-view need a layer; give LAYER or --case") }
            return
        }
        if layer.isEmpty {
            if input.input != nil || transposedView || layer.weights != nil || layer.fill != nil || layer.bias != nil
                || layer.layout != nil || layer.inputDilation != nil || compact || rows != nil || columns != nil || overlap {
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
        if overlap, transposedView || compact || rows != nil || columns != nil {
            throw ValidationError("--overlap prints tap counts, not W: drop --transposed-view, --compact, --rows and --cols")
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
        let (lineCount, cellCount) = transposedView ? (matrix.columnCount, matrix.rowCount) : (matrix.rowCount, matrix.columnCount)
        let name = transposedView ? "Wᵀ" : "W"
        let lines = try rows.map { try GridSlice.parse($0, option: "--rows", count: lineCount, what: "rows of \(name)") } ?? 0..<lineCount
        let cells = try columns.map { try GridSlice.parse($0, option: "--cols", count: cellCount, what: "columns of \(name)") } ?? 0..<cellCount
        print(LayerReport.header(resolved))
        print()
        if overlap {
            print(try OverlapReport.text(matrix, resolved: resolved,
                                         width: TerminalWidth.current(environment: ProcessInfo.processInfo.environment)))
            return
        }
        print(LayerReport.direction(resolved, transposedView: transposedView))
        print()
        print(matrix.summary(transposed: transposedView))
        if lines.count <= maxRows, cells.count <= maxColumns {
            let fitted = FittedGrid(matrix, lines: lines, cells: cells, transposed: transposedView, compact: compact,
                                    width: TerminalWidth.current(environment: ProcessInfo.processInfo.environment))
            if let note = fitted.note(name: name, selected: rows != nil || columns != nil) { print(note) }
            print(fitted.text)
            return
        }
        print(Progress.run("summarising W") {
            MatrixSummary.large(matrix, maxRows: transposedView ? maxColumns : maxRows,
                                maxColumns: transposedView ? maxRows : maxColumns, exportArguments: resolved.arguments,
                               transposedLayer: resolved.isTransposed)
        })
    }
}
