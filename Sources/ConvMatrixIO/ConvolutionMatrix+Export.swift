// W to files: Matrix Market with self-describing header comments, SciPy .npz, spy plots, the interactive page.
import ConvMatrix

extension ConvolutionMatrix {
    /// The comment lines that make an exported `W` explain itself: which layer it is the matrix
    /// of, in which direction the layer uses it, and how rows and columns map to tensor elements.
    ///
    /// ```
    /// % W: the matrix of one convolution on one sample, y = W*x (written by ConvMatrix)
    /// % layer: nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)
    /// % the layer is the transposed convolution x = W^T*y: W is the matrix of the convolution it transposes
    /// % convolution: Conv(in_channels=1, out_channels=1, input=[3, 3], kernel=[2, 2], ...)
    /// % rows: 4 = the elements of y, logical shape [C, spatial...] = [1, 2, 2], channels_first, memory shape [1, 2, 2]
    /// % columns: 9 = the elements of x, logical shape [C, spatial...] = [1, 3, 3], channels_first, memory shape [1, 3, 3]
    /// % entry (i, j) of this file is W[i-1, j-1]: row i-1 is y at that flat index of its memory shape, column j-1 likewise x
    /// % weights: PyTorch layout (C_out, C_in/groups, k...) = [1, 1, 2, 2]; a bias is not part of W
    /// ```
    ///
    /// Lines are ASCII (`W^T`, `*`) so that every Matrix Market reader accepts them.
    ///
    /// - Parameters:
    ///   - layer: the layer as the user wrote it (`nn.Conv2d(…)`), or `nil`.
    ///   - direction: `.transposed` when the layer is the transposed convolution `Wᵀ·y`.
    ///   - notes: further lines (where the weights came from, …), appended as they are.
    public func headerComments(layer: String? = nil, direction: Convolution.Direction = .forward,
                               notes: [String] = []) -> [String] {
        geometry.matrixHeaderComments(layer: layer, direction: direction, notes: notes)
    }

    /// Spy-plot options of `W` for a forward layer (rows: output y, columns: input x); see
    /// ``spyPlotOptions(title:colorByValue:direction:)``.
    public func spyPlotOptions(title: String? = nil, colorByValue: Bool = false) -> SpyPlotOptions {
        spyPlotOptions(title: title, colorByValue: colorByValue, direction: .forward)
    }

    /// The spy plot of `W` (see ``SpyPlot``), with ``spyPlotOptions(title:colorByValue:)`` by default.
    ///
    /// - Complexity: O(rows + nnz + cells).
    public func spyPlot(options: SpyPlotOptions? = nil) throws -> SpyPlot {
        let options = options ?? spyPlotOptions()
        return try withCSR(SpyPlotMaker(options: options))
    }

    /// Writes `W` to `path` in `format` (inferred from the extension when `nil`), atomically:
    /// on any failure nothing is left at `path` and an existing file there is untouched.
    ///
    /// - ``MatrixFileFormat/mtx``: every stored entry, 1-based, shortest round-trip values;
    ///   `comments` (default ``headerComments(layer:direction:notes:)``) after the banner.
    /// - ``MatrixFileFormat/npz``: `scipy.sparse.save_npz`'s CSR layout; `npzCompression`
    ///   `.stored` (like `compressed=False`) or `.deflated()`.
    /// - ``MatrixFileFormat/petsc``: PETSc's binary format with 32-bit `PetscInt`
    ///   (``PETScBinary``; ``writePETSc(to:indexWidth:)`` for 64-bit).
    /// - ``MatrixFileFormat/svg``, ``MatrixFileFormat/png``, ``MatrixFileFormat/pdf``: the spy
    ///   plot with `plot` (default ``spyPlotOptions(title:colorByValue:)``).
    /// - ``MatrixFileFormat/html``: the interactive page (``TeachingPage``) in the forward reading,
    ///   titled `plot?.title`; ``writeTeachingPage(to:title:direction:)`` picks the reading.
    ///
    /// - Throws: `ConvMatrixError(.invalidParameter)` when the format cannot be inferred;
    ///   `ConvMatrixError(.io)` naming `path` when it cannot be written.
    /// - Complexity: O(rows + nnz) for the matrix formats, O(rows + nnz + cells) for pictures.
    public func write(to path: String, format: MatrixFileFormat? = nil, comments: [String]? = nil,
                      plot: SpyPlotOptions? = nil, npzCompression: ZipCompression = .stored) throws {
        let format = try format ?? MatrixFileFormat(path: path)
        switch format {
        case .mtx, .npz:
            try withCSR(MatrixFileWriter(path: path, format: format, comments: comments ?? headerComments(),
                                         compression: npzCompression))
        case .petsc: try withCSR(PETScFileWriter(path: path, indexWidth: .int32))
        case .svg: try spyPlot(options: plot).writeSVG(to: path)
        case .png: try spyPlot(options: plot).writePNG(to: path)
        case .pdf: try spyPlot(options: plot).writePDF(to: path)
        case .html: try writeTeachingPage(to: path, title: plot?.title ?? geometry.description)
        }
    }
}

/// ``SpyPlot`` of `W` at its index width.
private struct SpyPlotMaker: CSRVisitor {
    let options: SpyPlotOptions
    func visit<Index: SparseIndex>(_ w: CSRMatrix<Index>) throws -> SpyPlot { try SpyPlot(w, options: options) }
}

/// Writes `W` at its index width as Matrix Market or `.npz`.
private struct MatrixFileWriter: CSRVisitor {
    let path: String
    let format: MatrixFileFormat
    let comments: [String]
    let compression: ZipCompression

    func visit<Index: SparseIndex>(_ w: CSRMatrix<Index>) throws {
        if format == .npz {
            try SciPySparseNPZ.write(w, to: path, compression: compression)
        } else {
            try MatrixMarket.write(w, to: path, comments: comments)
        }
    }
}

private func list(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }
