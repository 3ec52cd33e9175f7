import ArgumentParser
import ConvMatrix
import ConvMatrixIO
import Foundation

extension MatrixFileFormat: ExpressibleByArgument {}

/// `convmat export` — `W` to a file others read: Matrix Market, SciPy `.npz`, SVG, PNG, PDF or an HTML page.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a layer's matrix W as Matrix Market (.mtx), SciPy sparse (.npz), PETSc binary (.petsc), a spy plot (.svg, .png, .pdf) or an interactive page (.html).",
        discussion: """
            The format comes from --format or from the extension of --output. Every write is \
            atomic: the file appears complete or not at all, and a failed export leaves nothing \
            behind.

            mtx: Matrix Market coordinate real general, 1-based, full double precision \
            (scipy.io.mmread); header comments record the layer, the convolution, the shapes and \
            layouts of rows and columns, and where the weights came from.
            npz: scipy.sparse.save_npz's CSR layout (scipy.sparse.load_npz); --compressed deflates.
            petsc: PETSc's binary AIJ format (MatLoad, petsc4py), big-endian, 32-bit PetscInt \
            (--petsc-int64 for a PETSc configured --with-64-bit-indices).
            svg: a spy plot, cells grey by density (or --color-by-value), grid lines between \
            channel blocks (rows per output channel, columns per input channel, when channels-first; \
            every 2nd, 4th, ... block when blocks are small), the layer as title, a legend. For a \
            ConvTranspose the rows are its input and the columns its output, and the axes say so.
            png: the same picture as a raster; pdf: the same picture as a one-page PDF.
            html: one self-contained page (no network, nothing external) with the input grid(s), \
            the kernel, the output grid(s) and W. Point at an output element: its row of W, its \
            receptive field and the kernel taps light up; at an input element: its column, the \
            outputs it feeds. A toggle switches to the transposed layer's reading (Wᵀ). 1-D and \
            2-D layers with up to 4 channels a side are drawn in full, larger ones as a zoomable \
            spy plot (at most 250000 stored entries).

            A W larger than --memory-budget (default ¾ of physical memory) is compiled and \
            written block by block of rows, never held whole (mtx, npz and petsc; --streaming \
            forces it); a progress line with a percentage and an ETA shows on a terminal. --rows \
            r0:r1 writes only those rows of W, as an (r1−r0) × columns matrix: one file per MPI \
            rank, or one block of a larger job.

            The file holds W of the convolution: a ConvTranspose layer computes Wᵀ·y with it, so in \
            SciPy its output is W.T @ y, plus the bias per output channel (a bias is not part of W).

            Examples:
              convmat export "nn.Conv2d(3, 8, 3, padding=1)" --input 1x3x32x32 --output W.mtx
              convmat export "nn.ConvTranspose2d(3, 3, (3, 1), stride=(2, 1), padding=(1, 0))" \
            --input 2x3x4x3 --output W.svg
              convmat export "nn.Conv2d(2, 2, 3, stride=2, padding=1)" --input 1x2x5x5 --output W.html
              convmat export --case Tests/ConvMatrixTests/Fixtures/onnx/test_Conv2d.json --format npz --output W.npz
              convmat export "nn.Conv2d(16, 16, 3, padding=1)" --input 1x16x28x28 --memory-budget 4MB \
            --output W.petsc
              convmat export "nn.Conv2d(16, 16, 3, padding=1)" --input 1x16x28x28 --rows 0:6272 \
            --output W-rank0.petsc
              convmat export --onnx Tests/ConvMatrixModelsTests/Fixtures/two_convs.onnx --node conv1 --output W.mtx
              convmat export --onnx Tests/ConvMatrixModelsTests/Fixtures/two_convs.onnx --all --output-dir layers --format mtx

            --all with --onnx writes every Conv and ConvTranspose node's W into --output-dir, one \
            file per node, and manifest.json beside them: node, op, input, weight and output \
            shapes, W's size and nnz, and the file.
            """
    )

    @OptionGroup var layer: LayerOptions
    @OptionGroup var input: InputShapeOption

    @Option(help: "mtx, npz, petsc, svg, png, pdf or html; default: the extension of --output.")
    var format: MatrixFileFormat?

    @Option(help: ArgumentHelp("The file to write.", valueName: "file"))
    var output: String?

    @Flag(help: "With --onnx: every conv node of the model, into --output-dir, with a manifest.json.")
    var all = false

    @Option(name: .customLong("output-dir"), help: ArgumentHelp("With --all: the folder to write into (made if missing).", valueName: "dir"))
    var outputDirectory: String?

    @Option(help: "Title of a spy plot (default: the layer).")
    var title: String?

    @Flag(help: "Colour spy-plot cells by value (blue < 0 < red) instead of grey by density.")
    var colorByValue = false

    @Flag(help: "Deflate the .npz entries (like save_npz's default compressed=True).")
    var compressed = false

    @OptionGroup var blocks: BlockOptions

    @Flag(help: "Compile and write W block by block of rows even when it fits the memory budget (mtx, npz, petsc).")
    var streaming = false

    @Flag(name: .customLong("petsc-int64"), help: "Write PETSc's format with 64-bit PetscInt (a PETSc configured --with-64-bit-indices).")
    var petscInt64 = false

    func validate() throws {
        if all || outputDirectory != nil { return try validateAll() }
        guard let output else { throw ValidationError("give the file to write with --output FILE") }
        if layer.isEmpty { throw ValidationError("give a layer, e.g. \"nn.Conv2d(1, 1, 2)\" --input 1x1x3x3, or --case FILE.json") }
        try input.validate(with: layer)
        if petscInt64, (format ?? (try? MatrixFileFormat(path: output))) != .petsc {
            throw ValidationError("--petsc-int64 applies to --format petsc (or an --output ending in .petsc)")
        }
    }

    func run() throws {
        if all { return try runAll() }
        let output = self.output!
        let format = try self.format ?? MatrixFileFormat(path: output)
        try Self.checkDirectory(of: output)
        let resolved = try layer.resolve(inputShape: input.shape())
        let budget = try blocks.budget(), rows = try blocks.rowRange()
        if streaming || rows != nil {
            return try writeStreamed(resolved, to: output, format: format, budget: budget, rows: rows, reason: nil)
        }
        let matrix: ConvolutionMatrix
        do {
            matrix = try Progress.run("compiling W (\(resolved.geometry.outputCount) × \(resolved.geometry.inputCount))") {
                try ConvolutionMatrix(resolved.geometry, weights: resolved.weights, options: CompileOptions(memoryBudget: budget))
            }
        } catch let error as ConvMatrixError where error.kind == .overBudget && format.isStreamable {
            return try writeStreamed(resolved, to: output, format: format, budget: budget, rows: nil, reason: error.description)
        }
        try write(matrix, of: resolved, to: output, format: format)
        print("\(output): W \(matrix.rowCount) × \(matrix.columnCount), nnz \(matrix.nonzeroCount) (\(Self.kind(format))) of \(resolved.title)")
    }

    /// Writes `matrix` of `resolved` as `format`, with the layer in the header, title or page.
    func write(_ matrix: ConvolutionMatrix, of resolved: ResolvedLayer, to output: String, format: MatrixFileFormat) throws {
        let notes = [
            "layer input: \(IntegerList.shapeText(resolved.inputShape)), layer output: \(IntegerList.shapeText(resolved.outputShape)), \(resolved.layout)",
            "weights: \(resolved.weightNote)",
            "bias (not part of W): \(resolved.biasNote)",
            "written by: convmat export \(resolved.arguments) --format mtx",
        ].map(Self.ascii)
        let comments = matrix.headerComments(layer: resolved.title, direction: resolved.convolution.direction, notes: notes)
        let heading = title ?? (resolved.isTransposed ? "\(resolved.title): W, applied as Wᵀ·y" : resolved.title)
        let plot = matrix.spyPlotOptions(title: heading, colorByValue: colorByValue, direction: resolved.convolution.direction)
        try Progress.run("writing \(output)") {
            if format == .petsc {
                try matrix.writePETSc(to: output, indexWidth: petscInt64 ? .int64 : .int32)
            } else if format == .html {
                try matrix.writeTeachingPage(to: output, title: title ?? resolved.title, direction: resolved.convolution.direction)
            } else {
                try matrix.write(to: output, format: format, comments: comments, plot: plot,
                                 npzCompression: compressed ? .deflated() : .stored)
            }
        }
    }

    /// The format in words for the summary line.
    static func kind(_ format: MatrixFileFormat) -> String {
        switch format {
        case .mtx: "Matrix Market"
        case .npz: "SciPy sparse CSR"
        case .petsc: "PETSc binary"
        case .svg: "SVG spy plot"
        case .png: "PNG spy plot"
        case .pdf: "PDF spy plot"
        case .html: "interactive page"
        }
    }

    /// Rows `rows` (all by default) of `W` written block by block under `budget`; `reason` is
    /// the over-budget error that made an unforced export stream.
    private func writeStreamed(_ resolved: ResolvedLayer, to output: String, format: MatrixFileFormat, budget: Int, rows: Range<Int>?,
                               reason: String?) throws {
        if !format.isStreamable {
            throw ConvMatrixError(.unsupported, parameter: "--format", value: format.rawValue,
                                  rule: "a picture or page needs all of W in memory; --streaming and --rows write mtx, npz or petsc")
        }
        let export = try Diagnostics.naming("--rows", ["rows"]) {
            try Diagnostics.naming("--memory-budget", ["memory budget", "memory"]) {
                try StreamingExport(resolved.geometry, weights: resolved.weights, rows: rows, memoryBudget: budget)
            }
        }
        let part = export.rows
        let nnz = try export.nonzeroCount()
        if let reason {
            Diagnostics.note("\(reason); writing W block by block (at most \(export.maximumBlockEntries) entries at a time)")
        }
        var notes = [
            "layer input: \(IntegerList.shapeText(resolved.inputShape)), layer output: \(IntegerList.shapeText(resolved.outputShape)), \(resolved.layout)",
            "weights: \(resolved.weightNote)",
            "bias (not part of W): \(resolved.biasNote)",
            "written by: convmat export \(resolved.arguments) --format mtx\(rows.map { " --rows \($0.lowerBound):\($0.upperBound)" } ?? "")",
        ]
        if let rows {
            notes.append("this file holds rows \(rows.lowerBound)..<\(rows.upperBound) of W: its row i is row \(rows.lowerBound)+i-1 of W (1-based i)")
        }
        let comments = resolved.geometry.matrixHeaderComments(layer: resolved.title, direction: resolved.convolution.direction,
                                                              notes: notes.map(Self.ascii))
        try ProgressBar.run("writing \(output)") { report in
            try export.write(to: output, format: format, comments: comments, npzCompression: compressed ? .deflated() : .stored,
                             petscIndexWidth: petscInt64 ? .int64 : .int32, progress: report)
        }
        let what = rows == nil ? "W" : "rows \(part.lowerBound):\(part.upperBound) of W:"
        print("\(output): \(what) \(part.count) × \(resolved.geometry.inputCount), nnz \(nnz) (\(Self.kind(format)), streamed in row blocks of at most \(export.maximumBlockEntries) entries) of \(resolved.title)")
    }

    /// Fails early, before compiling, when the destination's directory is missing.
    static func checkDirectory(of path: String) throws {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory.isEmpty ? "/" : directory, isDirectory: &isDirectory)
        guard exists, isDirectory.boolValue else {
            throw ConvMatrixError(.io, parameter: "--output", value: path, rule: "the directory \(directory) does not exist")
        }
    }

    /// Matrix Market comments stay ASCII: `…` → `...`, `ᵀ` → `^T`, `·` → `*`, `×` → `x`.
    static func ascii(_ text: String) -> String {
        text.replacingOccurrences(of: "…", with: "...").replacingOccurrences(of: "ᵀ", with: "^T")
            .replacingOccurrences(of: "·", with: "*").replacingOccurrences(of: "×", with: "x")
    }
}
