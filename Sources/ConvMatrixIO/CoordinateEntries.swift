// Coordinate (row, column, value) triplets → canonical CSR: count → prefix sum → fill.
import ConvMatrix

/// Entries of an `rowCount × columnCount` matrix in any order, possibly repeated, as the
/// readers gather them before compression. Indices are 0-based and already range-checked.
struct CoordinateEntries {
    let rowCount: Int
    let columnCount: Int
    var rows: [Int] = []
    var columns: [Int] = []
    var values: [Double] = []

    init(rowCount: Int, columnCount: Int, reserving capacity: Int = 0) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        rows.reserveCapacity(capacity)
        columns.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    var count: Int { rows.count }

    mutating func append(row: Int, column: Int, value: Double) {
        rows.append(row)
        columns.append(column)
        values.append(value)
    }

    /// Whether the entries are strictly increasing in (row, column): already canonical CSR order.
    private var isCanonicalOrder: Bool {
        for k in rows.indices.dropFirst() {
            let (r0, r1) = (rows[k - 1], rows[k])
            if r1 < r0 || (r1 == r0 && columns[k] <= columns[k - 1]) { return false }
        }
        return true
    }

    /// The CSR matrix `A` with `A[i, j] = Σ values[k]` over the entries `k` at `(i, j)`:
    /// duplicates are **summed** (as `scipy.sparse.coo_matrix.tocsr` does), columns sorted within
    /// each row. A sum that cancels to zero stays stored as an explicit zero.
    ///
    /// Two stable counting sorts — by column, then by row — leave every row's columns in order
    /// without a comparison sort (`cs_compress` + `cs_transpose`, twice). Input already in
    /// canonical order skips straight to the row count.
    ///
    /// - Precondition: every index is in range and the dimensions and `count` fit `Index`
    ///   (callers check with ``requireFits(_:place:)``).
    /// - Complexity: O(nnz + rows + columns) time and memory.
    func compressed<Index: SparseIndex>(as _: Index.Type = Index.self) throws -> CSRMatrix<Index> {
        // Generic code reached from another module runs unspecialised (a witness call per
        // element): hand the loops concrete index types.
        if Index.self == Int32.self { return try compress(Int32.self) as! CSRMatrix<Index> }
        if Index.self == Int64.self { return try compress(Int64.self) as! CSRMatrix<Index> }
        return try compress(Index.self)
    }

    private func compress<Index: SparseIndex>(_: Index.Type) throws -> CSRMatrix<Index> {
        let n = count
        var rowStart = [Int](repeating: 0, count: rowCount + 1)
        for r in rows { rowStart[r + 1] += 1 }
        for r in 0..<rowCount { rowStart[r + 1] += rowStart[r] }

        if isCanonicalOrder {
            return try CSRMatrix(rowCount: rowCount, columnCount: columnCount,
                             rowPointers: rowStart.map { Index($0) }, columnIndices: columns.map { Index($0) },
                             values: values)
        }

        // Pass 1: entry numbers ordered by column (stable).
        var next = [Int](repeating: 0, count: columnCount + 1)
        for c in columns { next[c + 1] += 1 }
        for c in 0..<columnCount { next[c + 1] += next[c] }
        var byColumn = [Int](repeating: 0, count: n)
        for k in 0..<n {
            byColumn[next[columns[k]]] = k
            next[columns[k]] += 1
        }

        // Pass 2: scatter into rows in column order, so each row's columns arrive sorted.
        var cursor = rowStart
        var columnIndices = [Index](repeating: 0, count: n)
        var sortedValues = [Double](repeating: 0, count: n)
        for k in byColumn {
            let p = cursor[rows[k]]
            cursor[rows[k]] = p + 1
            columnIndices[p] = Index(columns[k])
            sortedValues[p] = values[k]
        }

        // Pass 3: sum duplicates (now adjacent) in place.
        var rowPointers = [Index](repeating: 0, count: rowCount + 1)
        var write = 0
        for r in 0..<rowCount {
            let rowFirst = write
            for p in rowStart[r]..<rowStart[r + 1] {
                if write > rowFirst, columnIndices[write - 1] == columnIndices[p] {
                    sortedValues[write - 1] += sortedValues[p]
                } else {
                    columnIndices[write] = columnIndices[p]
                    sortedValues[write] = sortedValues[p]
                    write += 1
                }
            }
            rowPointers[r + 1] = Index(write)
        }
        columnIndices.removeLast(n - write)
        sortedValues.removeLast(n - write)
        return try CSRMatrix(rowCount: rowCount, columnCount: columnCount, rowPointers: rowPointers,
                         columnIndices: columnIndices, values: sortedValues)
    }
}

/// Throws unless a `rows × columns` matrix with `entries` stored entries fits `Index`.
func requireFits<Index: SparseIndex>(_: Index.Type, rows: Int, columns: Int, entries: Int,
                                     place: FilePlace) throws {
    let limit = Int(Index.max)
    guard rows <= limit, columns <= limit, entries <= limit else {
        throw ConvMatrixError(.unsupported, at: place, value: "\(rows) × \(columns), \(entries) entries",
                              rule: "does not fit \(Index.self) indices; read it as CSRMatrix<Int64>")
    }
}

/// `values` as `Int32`, each known to fit.
///
/// - Complexity: O(count), one allocation.
func narrowed(_ values: [Int]) -> [Int32] {
    [Int32](unsafeUninitializedCapacity: values.count) { buffer, initialized in
        for i in values.indices { buffer[i] = Int32(truncatingIfNeeded: values[i]) }
        initialized = values.count
    }
}
