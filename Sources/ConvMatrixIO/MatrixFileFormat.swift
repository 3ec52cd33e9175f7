// The file formats a convolution matrix W is exported to, and the extension that names each.
import ConvMatrix

/// A file format for a convolution matrix `W`.
///
/// | format | writer | read back by |
/// |---|---|---|
/// | ``mtx`` | ``MatrixMarket/write(_:to:comments:)``, with header comments | `scipy.io.mmread`, MATLAB, Julia |
/// | ``npz`` | ``SciPySparseNPZ/write(_:to:compression:zip64:sparseArray:)`` | `scipy.sparse.load_npz` |
/// | ``petsc`` | ``PETScBinary/write(_:to:indexWidth:)`` | PETSc `MatLoad`, `petsc4py` |
/// | ``svg`` | ``SpyPlot/writeSVG(to:)`` | any browser, `rsvg-convert` |
/// | ``png`` | ``SpyPlot/writePNG(to:)`` | any image viewer, `PIL.Image.open` |
/// | ``pdf`` | ``SpyPlot/writePDF(to:)`` | any PDF viewer, LaTeX `\includegraphics` |
/// | ``html`` | ``ConvolutionMatrix/writeTeachingPage(to:title:direction:)`` | any browser, offline |
public enum MatrixFileFormat: String, CaseIterable, Sendable {
    /// Matrix Market `coordinate real general` text, 1-based, full double precision.
    case mtx
    /// `scipy.sparse.save_npz`'s CSR layout.
    case npz
    /// PETSc's binary matrix format (big-endian AIJ), read by `MatLoad`.
    case petsc
    /// A spy plot as SVG (vector).
    case svg
    /// A spy plot as PNG (raster).
    case png
    /// A spy plot as PDF (vector, one page).
    case pdf
    /// The interactive page (``TeachingPage``): input, kernel, output and `W`, linked by pointing.
    case html

    /// Whether the format is a picture of the structure rather than the numbers.
    public var isPicture: Bool { self == .svg || self == .png || self == .pdf }

    /// Whether `W` can be written in blocks of rows, never held whole (``StreamingExport``):
    /// the number formats; a picture or a page needs all of `W` at once.
    public var isStreamable: Bool { self == .mtx || self == .npz || self == .petsc }

    /// The format named by the extension of `path`, case-insensitively: `W.mtx` → ``mtx``.
    ///
    /// - Throws: `ConvMatrixError(.invalidParameter)` naming `path` when it has no extension or
    ///   one that is not `mtx`, `npz`, `petsc`, `svg`, `png`, `pdf` or `html`.
    public init(path: String) throws {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let known = MatrixFileFormat.allCases.map(\.rawValue).joined(separator: ", ")
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
              let format = MatrixFileFormat(rawValue: name[name.index(after: dot)...].lowercased()) else {
            throw ConvMatrixError(.invalidParameter, parameter: "output", value: path,
                                  rule: "the extension must name the format (\(known)), or give the format explicitly")
        }
        self = format
    }
}
