import ArgumentParser
import ConvMatrix
import ConvMatrixIO
import Foundation

extension MatrixFileFormat: ExpressibleByArgument {}

/// `convmat export` — `W` to a file others read: Matrix Market, SciPy `.npz`, SVG or PNG.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a layer's matrix W as Matrix Market (.mtx), SciPy sparse (.npz), or a spy plot (.svg, .png).",
        discussion: """
            The format comes from --format or from the extension of --output. Every write is \
            atomic: the file appears complete or not at all, and a failed export leaves nothing \
            behind.

            mtx: Matrix Market coordinate real general, 1-based, full double precision \
            (scipy.io.mmread); header comments record the layer, the convolution, the shapes and \
            layouts of rows and columns, and where the weights came from.
            npz: scipy.sparse.save_npz's CSR layout (scipy.sparse.load_npz); --compressed deflates.
            svg: a spy plot, cells grey by density (or --color-by-value), grid lines between \
            channel blocks (rows per output channel, columns per input channel, when channels-first), \
            the layer as title.
            png: the same picture as a raster.

            The file holds W of the convolution: a ConvTranspose layer computes Wᵀ·y with it, so in \
            SciPy its output is W.T @ y, plus the bias per output channel (a bias is not part of W).

            Examples:
              convmat export "nn.Conv2d(3, 8, 3, padding=1)" --input 1x3x32x32 --output W.mtx
              convmat export "nn.ConvTranspose2d(3, 3, (3, 1), stride=(2, 1), padding=(1, 0))" \
            --input 2x3x4x3 --output W.svg
              convmat export --case test_Conv2d.json --format npz --output W.npz
              convmat export --onnx Tests/ConvMatrixModelsTests/Fixtures/two_convs.onnx --node conv1 --output W.mtx
              convmat export --onnx Tests/ConvMatrixModelsTests/Fixtures/two_convs.onnx --all --output-dir layers --format mtx

            --all with --onnx writes every Conv and ConvTranspose node's W into --output-dir, one \
            file per node, and manifest.json beside them: node, op, input, weight and output \
            shapes, W's size and nnz, and the file.
            """
    )

    @OptionGroup var layer: LayerOptions
    @OptionGroup var input: InputShapeOption

    @Option(help: "mtx, npz, svg or png; default: the extension of --output.")
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

    func validate() throws {
        if all || outputDirectory != nil { return try validateAll() }
        if output == nil { throw ValidationError("give the file to write with --output FILE") }
        if layer.isEmpty { throw ValidationError("give a layer, e.g. \"nn.Conv2d(1, 1, 2)\" --input 1x1x3x3, or --case FILE.json") }
        try input.validate(with: layer)
    }

    func run() throws {
        if all { return try runAll() }
        let output = self.output!
        let format = try self.format ?? MatrixFileFormat(path: output)
        try Self.checkDirectory(of: output)
        let resolved = try layer.resolve(inputShape: input.shape())
        let matrix = try resolved.compile()
        try write(matrix, of: resolved, to: output, format: format)
        let kind = switch format {
        case .mtx: "Matrix Market"
        case .npz: "SciPy sparse CSR"
        case .svg: "SVG spy plot"
        case .png: "PNG spy plot"
        }
        print("\(output): W \(matrix.rowCount) × \(matrix.columnCount), nnz \(matrix.nonzeroCount) (\(kind)) of \(resolved.title)")
    }

    /// Writes `matrix` of `resolved` as `format`, with the layer in the header or title.
    func write(_ matrix: ConvolutionMatrix, of resolved: ResolvedLayer, to output: String, format: MatrixFileFormat) throws {
        let notes = [
            "layer input: \(IntegerList.shapeText(resolved.inputShape)), layer output: \(IntegerList.shapeText(resolved.outputShape)), \(resolved.layout)",
            "weights: \(resolved.weightNote)",
            "bias (not part of W): \(resolved.biasNote)",
            "written by: convmat export \(resolved.arguments) --format mtx",
        ].map(Self.ascii)
        let comments = matrix.headerComments(layer: resolved.title, direction: resolved.convolution.direction, notes: notes)
        let heading = title ?? (resolved.isTransposed ? "\(resolved.title): W, applied as Wᵀ·y" : resolved.title)
        let plot = matrix.spyPlotOptions(title: heading, colorByValue: colorByValue)
        try Progress.run("writing \(output)") {
            try matrix.write(to: output, format: format, comments: comments, plot: plot,
                             npzCompression: compressed ? .deflated() : .stored)
        }
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
