// W from files: a CSR matrix from Matrix Market or .npz, and a layer's W read from one (weight recovery itself is ConvolutionMatrix(recovering:…) in the core).
import ConvMatrix

extension CSRMatrix {
    /// Reads a Matrix Market file (``MatrixMarket/read(_:as:memoryBudget:)``: repeated coordinates summed,
    /// symmetric files expanded).
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path:line` for a malformed file.
    /// - Complexity: O(file size + rows + columns).
    public init(readingMatrixMarket path: String) throws {
        self = try MatrixMarket.read(path, as: Index.self)
    }

    /// Reads a `scipy.sparse.save_npz` file (``SciPySparseNPZ/read(_:as:)``).
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path[entry]` for a malformed archive.
    /// - Complexity: O(file size + rows + columns + nnz).
    public init(readingSciPyNPZ path: String) throws {
        self = try SciPySparseNPZ.read(path, as: Index.self)
    }
}

extension ConvolutionMatrix {
    /// `W` of `geometry` read from a `.mtx` or `.npz` file (format from the extension when
    /// `nil`), with the weights recovered as ``init(recovering:geometry:source:tolerance:options:)``
    /// describes.
    ///
    /// - Throws: `ConvMatrixError(.io)` for a malformed file; `.shapeMismatch` when the file is
    ///   not the matrix of a layer with this geometry; `.invalidParameter` for a picture format,
    ///   `.unsupported` for `.petsc`.
    /// - Complexity: O(file size + rows + nnz).
    public init(reading path: String, format: MatrixFileFormat? = nil, geometry: ConvolutionGeometry,
                tolerance: Double? = nil, options: CompileOptions = CompileOptions()) throws {
        let format = try format ?? MatrixFileFormat(path: path)
        let csr: CSRMatrix<Int64>
        switch format {
        case .mtx: csr = try CSRMatrix(readingMatrixMarket: path)
        case .npz: csr = try CSRMatrix(readingSciPyNPZ: path)
        case .svg, .png, .pdf, .html:
            throw ConvMatrixError(.invalidParameter, parameter: "format", value: format.rawValue,
                                  rule: "a picture or page is not read back; read W from .mtx or .npz")
        case .petsc:
            throw ConvMatrixError(.unsupported, parameter: "format", value: format.rawValue,
                                  rule: "PETSc binary files are written for PETSc's MatLoad, not read back; read W from .mtx or .npz")
        }
        try self.init(recovering: csr, geometry: geometry, source: path, tolerance: tolerance, options: options)
    }
}
