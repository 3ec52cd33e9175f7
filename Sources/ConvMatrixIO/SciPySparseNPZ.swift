// scipy.sparse.save_npz / load_npz: a CSR matrix as the .npz entries data, indices, indptr, format, shape.
import ConvMatrix

/// The `.npz` layout of `scipy.sparse.save_npz` for a CSR matrix `A` (`m × n`, nnz entries):
///
/// | entry | dtype, shape | holds |
/// |---|---|---|
/// | `indices.npy` | `<i4` or `<i8`, `(nnz,)` | column of each entry |
/// | `indptr.npy` | same dtype, `(m+1,)` | row `r` is `indptr[r] ..< indptr[r+1]` |
/// | `format.npy` | `\|S3`, `()` | `b'csr'` |
/// | `shape.npy` | `<i8`, `(2,)` | `(m, n)` |
/// | `data.npy` | `<f8`, `(nnz,)` | values |
/// | `_is_array.npy` | `\|b1`, `()` | present only for `csr_array` |
///
/// Those are exactly CSRMatrix's three arrays, so writing costs no conversion, and
/// `scipy.sparse.load_npz(path)` returns `A` (a `csr_matrix`, or `csr_array` when written with
/// `sparseArray: true`). SciPy ≥ 1.0 writes `format` as bytes (`|S3`); older files hold `<U3`;
/// both are read.
public enum SciPySparseNPZ {
    /// Writes `matrix` as `scipy.sparse.save_npz` does. Atomic (``AtomicFile``).
    ///
    /// - Parameters:
    ///   - matrix: `W`; its three arrays become `indptr`, `indices` and `data` as they are.
    ///   - path: the destination file.
    ///   - compression: `.stored` like `save_npz(..., compressed=False)`, `.deflated()` like the
    ///     default `compressed=True`.
    ///   - zip64: ``ZIP64Policy/whenNeeded`` (an entry or offset past 4 GiB) or ``ZIP64Policy/always``.
    ///   - sparseArray: also write `_is_array = True`, so `load_npz` returns a `csr_array`.
    /// - Throws: `ConvMatrixError(.io)` naming `path` when it cannot be written.
    /// - Complexity: O(rows + nnz) time; the CSR arrays stream into the file without a copy.
    public static func write<Index: SparseIndex>(_ matrix: CSRMatrix<Index>, to path: String,
                                                 compression: ZipCompression = .stored,
                                                 zip64: ZIP64Policy = .whenNeeded,
                                                 sparseArray: Bool = false) throws {
        var arrays: [(name: String, array: NumPyArray)] = [
            ("indices", NumPyArray(indices: matrix.columnIndices)),
            ("indptr", NumPyArray(indices: matrix.rowPointers)),
            ("format", try NumPyArray(shape: [], storage: .bytes(["csr"]))),
            ("shape", NumPyArray([Int64(matrix.rowCount), Int64(matrix.columnCount)])),
            ("data", NumPyArray(matrix.values)),
        ]
        if sparseArray { arrays.append(("_is_array", try NumPyArray(shape: [], storage: .bool([true])))) }
        try NumPyArchive.write(arrays, to: path, compression: compression, zip64: zip64)
    }

    /// Reads a sparse matrix written by `scipy.sparse.save_npz` (stored or deflated) into
    /// canonical CSR: `csr`, `csc` and `coo` formats; data of any real, integer or boolean dtype
    /// becomes `Double`. Unsorted columns are sorted and repeated coordinates **summed**, as
    /// SciPy's `sum_duplicates` does.
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `<path>[<entry>]` for a missing entry, a wrong
    ///   dtype or length, decreasing `indptr` or an index out of range (and the ZIP/NPY errors
    ///   of ``NumPyArchive/read(_:)``); `.unsupported` for other formats (`bsr`, `dia`) or when
    ///   the matrix does not fit `Index`.
    /// - Complexity: O(file size + rows + columns + nnz).
    public static func read<Index: SparseIndex>(_ path: String, as indexType: Index.Type = Index.self) throws -> CSRMatrix<Index> {
        try read(try ZipArchiveReader(contentsOf: path))
    }

    /// Reads a `scipy.sparse.save_npz` archive held in memory; `source` names it in errors.
    ///
    /// - Complexity: as ``read(_:as:)``.
    public static func read<Index: SparseIndex>(bytes: [UInt8], source: String = "<bytes>",
                                                as indexType: Index.Type = Index.self) throws -> CSRMatrix<Index> {
        try read(try ZipArchiveReader(bytes: bytes, source: source))
    }

    static func read<Index: SparseIndex>(_ archive: ZipArchiveReader) throws -> CSRMatrix<Index> {
        let path = archive.source
        func array(_ name: String) throws -> NumPyArray {
            guard let entry = archive.entries.first(where: { $0.name == name + ".npy" || $0.name == name }) else {
                throw ConvMatrixError.io("\(path)[\(name).npy]", "missing",
                                         "a scipy.sparse .npz must hold \(name).npy")
            }
            return try NumPyArchive.array(entry, in: archive)
        }
        func place(_ name: String) -> String { "\(path)[\(name).npy]" }

        let formatArray = try array("format")
        guard formatArray.count == 1, let format = try? formatArray.strings()[0] else {
            throw ConvMatrixError.io(place("format"), formatArray.dtype, "must hold one string such as 'csr'")
        }
        let shapeArray = try array("shape")
        guard let shape = try? shapeArray.int64s(), shape.count == 2, shape[0] >= 0, shape[1] >= 0 else {
            throw ConvMatrixError.io(place("shape"), "\(shapeArray.dtype) \(NumPyArray.shapeText(shapeArray.shape))",
                                     "must hold two non-negative integers")
        }
        let (rows, columns) = (Int(shape[0]), Int(shape[1]))
        let data = try array("data")
        let values: [Double]
        do { values = try data.doubles() } catch {
            throw ConvMatrixError(.unsupported, parameter: place("data"), value: data.dtype,
                                  rule: "data must be real, integer or boolean")
        }

        var entries = CoordinateEntries(rowCount: rows, columnCount: columns, reserving: values.count)
        switch format {
        case "csr", "csc":
            let major = format == "csr" ? rows : columns, minor = format == "csr" ? columns : rows
            let pointers = try integers(array("indptr"), place("indptr"))
            let indices = try integers(array("indices"), place("indices"))
            guard pointers.count == major + 1 else {
                throw ConvMatrixError.io(place("indptr"), "\(pointers.count) entries", "must have \(major + 1) for shape (\(rows), \(columns))")
            }
            guard indices.count == values.count, pointers.first == 0, pointers.last == indices.count else {
                throw ConvMatrixError.io(place("indptr"), "[\(pointers.first ?? 0) … \(pointers.last ?? 0)]",
                                         "must run from 0 to nnz = \(indices.count) (data has \(values.count))")
            }
            for k in 0..<major where pointers[k] > pointers[k + 1] {
                throw ConvMatrixError.io(place("indptr"), "indptr[\(k)] = \(pointers[k]) > indptr[\(k + 1)] = \(pointers[k + 1])",
                                         "must not decrease")
            }
            var canonical = true
            for k in 0..<major {
                var previous = -1
                for e in pointers[k]..<pointers[k + 1] {
                    let i = indices[e]
                    guard i >= 0, i < minor else {
                        throw ConvMatrixError.io(place("indices"), "indices[\(e)] = \(i)", "outside 0..<\(minor)")
                    }
                    canonical = canonical && i > previous
                    previous = i
                }
            }
            try requireFits(Index.self, rows: rows, columns: columns, entries: indices.count, place: FilePlace(path: path))
            // What save_npz writes from a canonical csr_matrix is already our CSR: wrap it.
            if format == "csr", canonical {
                return try csrMatrix(rows: rows, columns: columns, pointers: pointers, indices: indices, values: values)
            }
            for k in 0..<major {
                for e in pointers[k]..<pointers[k + 1] {
                    if format == "csr" { entries.append(row: k, column: indices[e], value: values[e]) }
                    else { entries.append(row: indices[e], column: k, value: values[e]) }
                }
            }
        case "coo":
            let rowIndices = try integers(array("row"), place("row"))
            let columnIndices = try integers(array("col"), place("col"))
            guard rowIndices.count == values.count, columnIndices.count == values.count else {
                throw ConvMatrixError.io(place("row"), "\(rowIndices.count), \(columnIndices.count), \(values.count)",
                                         "row, col and data must have the same length")
            }
            for e in values.indices {
                guard rowIndices[e] >= 0, rowIndices[e] < rows else {
                    throw ConvMatrixError.io(place("row"), "row[\(e)] = \(rowIndices[e])", "outside 0..<\(rows)")
                }
                guard columnIndices[e] >= 0, columnIndices[e] < columns else {
                    throw ConvMatrixError.io(place("col"), "col[\(e)] = \(columnIndices[e])", "outside 0..<\(columns)")
                }
                entries.append(row: rowIndices[e], column: columnIndices[e], value: values[e])
            }
        default:
            throw ConvMatrixError(.unsupported, parameter: place("format"), value: format,
                                  rule: "only csr, csc and coo matrices can be read")
        }
        try requireFits(Index.self, rows: rows, columns: columns, entries: entries.count, place: FilePlace(path: path))
        return try entries.compressed()
    }

    /// CSR over canonical arrays already checked to fit `Index`, converted through concrete
    /// index types (generic code reached from another module would convert by witness calls).
    private static func csrMatrix<Index: SparseIndex>(rows: Int, columns: Int, pointers: [Int], indices: [Int],
                                                      values: [Double]) throws -> CSRMatrix<Index> {
        if Index.self == Int32.self {
            return try CSRMatrix<Int32>(rowCount: rows, columnCount: columns, rowPointers: narrowed(pointers),
                                    columnIndices: narrowed(indices), values: values) as! CSRMatrix<Index>
        }
        if Index.self == Int64.self {
            return try CSRMatrix<Int64>(rowCount: rows, columnCount: columns, rowPointers: pointers.map(Int64.init),
                                    columnIndices: indices.map(Int64.init), values: values) as! CSRMatrix<Index>
        }
        return try CSRMatrix(rowCount: rows, columnCount: columns, rowPointers: pointers.map { Index($0) },
                         columnIndices: indices.map { Index($0) }, values: values)
    }

    /// An index array's values as `Int`.
    private static func integers(_ array: NumPyArray, _ place: String) throws -> [Int] {
        guard array.shape.count == 1, case let values? = try? array.int64s() else {
            throw ConvMatrixError.io(place, "\(array.dtype) \(NumPyArray.shapeText(array.shape))",
                                     "must be a 1-d array of int32 or int64")
        }
        return values.map { Int($0) }
    }
}

extension NumPyArray {
    /// A 1-d `int32` or `int64` array sharing the storage of a CSR index array (no copy for
    /// `Int32`/`Int64` indices).
    init<Index: SparseIndex>(indices: [Index]) {
        if Index.self == Int32.self {
            self.init(unsafeBitCast(indices, to: [Int32].self))
        } else if Index.self == Int64.self {
            self.init(unsafeBitCast(indices, to: [Int64].self))
        } else {
            self.init(indices.map { Int64($0) })
        }
    }
}
