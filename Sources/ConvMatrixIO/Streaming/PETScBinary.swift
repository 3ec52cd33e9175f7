// PETSc's binary matrix format (MatView/MatLoad of an AIJ matrix): big-endian header, row lengths, columns, values.
import ConvMatrix

/// PETSc's binary format for a sparse matrix, as `MatView` writes and `MatLoad` reads it
/// (`PetscViewerBinaryOpen`, `petsc4py.PETSc.Mat().load(viewer)`); `MatLoad` under `mpirun`
/// distributes the rows over the ranks.
///
/// | field | type | count |
/// |---|---|---|
/// | `MAT_FILE_CLASSID` = 1211216 | `PetscInt` | 1 |
/// | rows `M`, columns `N`, stored entries `nz` | `PetscInt` | 3 |
/// | entries of each row | `PetscInt` | `M` |
/// | column of each entry, 0-based, row by row | `PetscInt` | `nz` |
/// | value of each entry | `PetscScalar` (binary64) | `nz` |
///
/// Everything is big-endian. `PetscInt` is 32 bits in a default PETSc build (Debian's
/// `petsc-dev`) and 64 bits in one configured `--with-64-bit-indices` (Debian's `petsc64-dev`);
/// ``IndexWidth/int64`` writes that form, header included.
public enum PETScBinary {
    /// `MAT_FILE_CLASSID`, the first `PetscInt` of a matrix in PETSc's binary format.
    public static let matrixClassID = 1_211_216

    /// Writes `matrix` in PETSc's binary format, atomically (``AtomicFile``).
    ///
    /// - Parameter indexWidth: the width of `PetscInt` of the PETSc that will read the file.
    /// - Throws: `.invalidParameter` naming `--petsc-int64` when `indexWidth` is `.int32` and the
    ///   rows, columns or stored entries exceed `2³¹ − 1`; `.io` naming `path` when it cannot be
    ///   written.
    /// - Complexity: O(rows + nnz) time, O(1) memory beyond 64 Ki-element conversion chunks.
    public static func write<Index: SparseIndex>(_ matrix: CSRMatrix<Index>, to path: String,
                                                 indexWidth: IndexWidth = .int32) throws {
        try write(CSRRowSource(matrix: matrix), to: path, indexWidth: indexWidth)
    }

    /// Writes `source` (two passes: structure, then values) in PETSc's binary format.
    static func write(_ source: some RowSource, to path: String, indexWidth: IndexWidth) throws {
        try checkWidth(indexWidth, rows: source.rowCount, columns: source.columnCount, entries: source.nonzeroCount)
        try AtomicFile.write(to: path) { sink in
            let emit: (UnsafeRawBufferPointer) throws -> Void = { try sink.write($0) }
            let header = [matrixClassID, source.rowCount, source.columnCount, source.nonzeroCount]
            if indexWidth == .int32 {
                try emitIntegers(header, as: Int32.self, order: .big, emit)
                try source.forEachRowLengthChunk { try emitIntegers($0, as: Int32.self, order: .big, emit) }
            } else {
                try emitIntegers(header, as: Int64.self, order: .big, emit)
                try source.forEachRowLengthChunk { try emitIntegers($0, as: Int64.self, order: .big, emit) }
            }
            var columns = ColumnEmitter(width: indexWidth, order: .big, emit: emit)
            try source.forEachBlock(values: false, &columns)
            var values = ValueEmitter(order: .big, emit: emit)
            try source.forEachBlock(values: true, &values)
        }
    }

    /// A 32-bit `PetscInt` must hold the rows, columns and stored entries.
    static func checkWidth(_ width: IndexWidth, rows: Int, columns: Int, entries: Int) throws {
        let largest = max(rows, columns, entries)
        guard width == .int64 || largest <= Int(Int32.max) else {
            throw ConvMatrixError(.invalidParameter, parameter: "--petsc-int64", value: "not given",
                                  rule: "W is \(rows) × \(columns) with \(entries) stored entries, more than a 32-bit PetscInt holds (2147483647); write 64-bit indices with --petsc-int64 for a PETSc configured --with-64-bit-indices")
        }
    }
}
