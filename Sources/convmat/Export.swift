import ArgumentParser
import ConvMatrix
import ConvMatrixIO
import Foundation

extension MatrixFileFormat: ExpressibleByArgument {}

/// `convmat export` — `W` to a file others read: Matrix Market, SciPy `.npz`, SVG, PNG, PDF or an HTML page.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a layer's matrix W as Matrix Market (.mtx), SciPy sparse (.npz), a spy plot (.svg, .png, .pdf) or an interactive page (.html).",
        discussion: """
            The format comes from --format or from the extension of --output. Every write is \
            atomic: the file appears complete or not at all, and a failed export leaves nothing \
            behind.

            mtx: Matrix Market coordinate real general, 1-based, full double precision \
            (scipy.io.mmread); header comments record the layer, the convolution, the shapes and \
            layouts of rows and columns, and where the weights came from.
            npz: scipy.sparse.save_npz's CSR layout (scipy.sparse.load_npz); --compressed deflates.
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

            The file holds W of the convolution: a ConvTranspose layer computes Wᵀ·y with it, so in \
            SciPy its output is W.T @ y, plus the bias per output channel (a bias is not part of W).

            Examples:
              convmat export "nn.Conv2d(3, 8, 3, padding=1)" --input 1x3x32x32 --output W.mtx
              convmat export "nn.ConvTranspose2d(3, 3, (3, 1), stride=(2, 1), padding=(1, 0))" \
            --input 2x3x4x3 --output W.svg
              convmat export "nn.Conv2d(2, 2, 3, stride=2, padding=1)" --input 1x2x5x5 --output W.html
              convmat export --case Tests/ConvMatrixTests/Fixtures/onnx/test_Conv2d.json --format npz --output W.npz
            """
    )

    @OptionGroup var layer: LayerOptions
    @OptionGroup var input: InputShapeOption

    @Option(help: "mtx, npz, svg, png, pdf or html; default: the extension of --output.")
    var format: MatrixFileFormat?

    @Option(help: ArgumentHelp("The file to write.", valueName: "file"))
    var output: String

    @Option(help: "Title of a spy plot (default: the layer).")
    var title: String?

    @Flag(help: "Colour spy-plot cells by value (blue < 0 < red) instead of grey by density.")
    var colorByValue = false

    @Flag(help: "Deflate the .npz entries (like save_npz's default compressed=True).")
    var compressed = false

    func validate() throws {
        if layer.isEmpty { throw ValidationError("give a layer, e.g. \"nn.Conv2d(1, 1, 2)\" --input 1x1x3x3, or --case FILE.json") }
        try input.validate(with: layer)
    }

    func run() throws {
        let format = try self.format ?? MatrixFileFormat(path: output)
        try Self.checkDirectory(of: output)
        let resolved = try layer.resolve(inputShape: input.shape())
        let matrix = try resolved.compile()
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
            if format == .html {
                try matrix.writeTeachingPage(to: output, title: title ?? resolved.title, direction: resolved.convolution.direction)
            } else {
                try matrix.write(to: output, format: format, comments: comments, plot: plot,
                                 npzCompression: compressed ? .deflated() : .stored)
            }
        }
        let kind = switch format {
        case .mtx: "Matrix Market"
        case .npz: "SciPy sparse CSR"
        case .svg: "SVG spy plot"
        case .png: "PNG spy plot"
        case .pdf: "PDF spy plot"
        case .html: "interactive page"
        }
        print("\(output): W \(matrix.rowCount) × \(matrix.columnCount), nnz \(matrix.nonzeroCount) (\(kind)) of \(resolved.title)")
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
