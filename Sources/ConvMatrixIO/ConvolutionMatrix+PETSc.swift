// W to PETSc's binary matrix format, at a chosen PetscInt width.
import ConvMatrix

extension ConvolutionMatrix {
    /// Writes `W` in PETSc's binary format (``PETScBinary``), atomically.
    ///
    /// - Parameter indexWidth: `PetscInt` of the reading PETSc: `.int32` (default build) or
    ///   `.int64` (configured `--with-64-bit-indices`).
    /// - Throws: `.invalidParameter` naming `--petsc-int64` when 32 bits cannot hold the sizes;
    ///   `.io` naming `path`.
    /// - Complexity: O(rows + nnz).
    public func writePETSc(to path: String, indexWidth: IndexWidth = .int32) throws {
        try withCSR(PETScFileWriter(path: path, indexWidth: indexWidth))
    }
}

/// ``PETScBinary/write(_:to:indexWidth:)`` at `W`'s index width.
struct PETScFileWriter: CSRVisitor {
    let path: String
    let indexWidth: IndexWidth
    func visit<Index: SparseIndex>(_ w: CSRMatrix<Index>) throws { try PETScBinary.write(w, to: path, indexWidth: indexWidth) }
}
