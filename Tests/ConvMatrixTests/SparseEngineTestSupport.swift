@testable import ConvMatrix

/// Independent truth for the SuiteSparse bridge tests: random CSR matrices built by hand and
/// dense triple-loop products that never call the bridge.
enum SparseReference {
    /// A deterministic generator (xorshift64*), private to these tests so a failing case can be
    /// re-run from its printed seed.
    struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
        /// Uniform in [0, 1).
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        /// Uniform in [-1, 1), never exactly 0.
        mutating func value() -> Double {
            let v = 2 * unit() - 1
            return v == 0 ? 0.5 : v
        }
    }

    /// A random `rows × columns` CSR matrix of the given density; rows in `emptyRows` and
    /// columns in `emptyColumns` get no entries. Built row by row in column order.
    static func matrix(rows: Int, columns: Int, density: Double, seed: UInt64,
                       emptyRows: Set<Int> = [], emptyColumns: Set<Int> = []) -> CSRMatrix<Int32> {
        var g = Generator(seed: seed)
        var rowPointers: [Int32] = [0], columnIndices: [Int32] = [], values: [Double] = []
        for r in 0..<rows {
            for c in 0..<columns where !emptyRows.contains(r) && !emptyColumns.contains(c) && g.unit() < density {
                columnIndices.append(Int32(c))
                values.append(g.value())
            }
            rowPointers.append(Int32(columnIndices.count))
        }
        return try! CSRMatrix(rowCount: rows, columnCount: columns, rowPointers: rowPointers,
                         columnIndices: columnIndices, values: values)
    }

    /// `count` random values in [-1, 1).
    /// `α·op(W)·x + β·start` through `CSRMatrix.perform` (the one internal product path) on
    /// one thread: `op(W) = Wᵀ` when `transposed`.
    static func performed(_ w: CSRMatrix<Int32>, transposed: Bool, _ x: [Double], start: [Double], columns k: Int,
                          alpha: Double, beta: Double, engine: SparseEngine) throws -> [Double] {
        var y = start
        try x.withUnsafeBufferPointer { x in
            try y.withUnsafeMutableBufferPointer { y in
                try w.perform(transposed: transposed, x, columns: k, into: y, alpha: alpha, beta: beta, engine: engine, threads: 1)
            }
        }
        return y
    }

    /// `out += op(W)·x` by the plain loop over the stored entries, column by column and row by
    /// row (`x` and `out` column-major with `k` columns): terms reach each output entry in the
    /// order of `W`'s rows.
    static func accumulate(_ w: CSRMatrix<Int32>, transposed: Bool, _ x: [Double], columns k: Int, into out: inout [Double]) {
        let outRows = transposed ? w.columnCount : w.rowCount, inRows = transposed ? w.rowCount : w.columnCount
        for c in 0..<k {
            for r in 0..<w.rowCount {
                for e in Int(w.rowPointers[r])..<Int(w.rowPointers[r + 1]) {
                    let col = Int(w.columnIndices[e]), v = w.values[e]
                    if transposed {
                        out[col + c * outRows] += v * x[r + c * inRows]
                    } else {
                        out[r + c * outRows] += v * x[col + c * inRows]
                    }
                }
            }
        }
    }

    static func vector(_ count: Int, seed: UInt64) -> [Double] {
        var g = Generator(seed: seed)
        return (0..<count).map { _ in g.value() }
    }

    /// `Dᵀ` of a dense row-major matrix with `columns` columns.
    static func transpose(_ d: [[Double]], columns: Int) -> [[Double]] {
        (0..<columns).map { c in d.map { $0[c] } }
    }

    /// `D·X` by the plain triple loop: `D` dense `m × n`, `X` column-major `n × k`.
    static func multiply(_ d: [[Double]], columns n: Int, _ x: [Double], k: Int) -> [Double] {
        let m = d.count
        var y = [Double](repeating: 0, count: m * k)
        for j in 0..<k {
            for i in 0..<m {
                var s = 0.0
                for t in 0..<n { s += d[i][t] * x[j * n + t] }
                y[j * m + i] = s
            }
        }
        return y
    }

    /// `|D|·|X|`: the magnitude each entry of `D·X` is computed from (its rounding scale).
    static func magnitude(_ d: [[Double]], columns n: Int, _ x: [Double], k: Int) -> [Double] {
        multiply(d.map { $0.map(abs) }, columns: n, x.map(abs), k: k)
    }

    /// `A·B` of dense row-major matrices (`m × n` times `n × p`) by the plain triple loop.
    static func product(_ a: [[Double]], _ b: [[Double]], inner n: Int, columns p: Int) -> [[Double]] {
        a.map { row in
            (0..<p).map { j in
                var s = 0.0
                for t in 0..<n { s += row[t] * b[t][j] }
                return s
            }
        }
    }

    /// Largest `|a − b| / max(scale, tiny)` over all entries: 0 when equal, ~1e-16 for rounding.
    static func relativeError(_ a: [Double], _ b: [Double], scale: [Double]) -> Double {
        precondition(a.count == b.count && b.count == scale.count)
        var worst = 0.0
        for i in a.indices {
            worst = max(worst, abs(a[i] - b[i]) / max(scale[i], Double.leastNormalMagnitude))
        }
        return worst
    }

    /// The same matrix with 64-bit indices.
    static func widened(_ w: CSRMatrix<Int32>) -> CSRMatrix<Int64> {
        try! CSRMatrix(rowCount: w.rowCount, columnCount: w.columnCount, rowPointers: w.rowPointers.map(Int64.init),
                  columnIndices: w.columnIndices.map(Int64.init), values: w.values)
    }

    /// The stored column indices of each row: the structural pattern, values ignored.
    static func structure<Index>(_ w: CSRMatrix<Index>) -> [[Int]] {
        (0..<w.rowCount).map { r in (Int(w.rowPointers[r])..<Int(w.rowPointers[r + 1])).map { Int(w.columnIndices[$0]) } }
    }
}

/// One random-matrix case of a sweep, printed when an expectation fails.
struct SparseCase: CustomStringConvertible, Sendable {
    let rows: Int
    let columns: Int
    let density: Double
    let seed: UInt64
    var emptyRows: Set<Int> = []
    var emptyColumns: Set<Int> = []

    var matrix: CSRMatrix<Int32> {
        SparseReference.matrix(rows: rows, columns: columns, density: density, seed: seed,
                               emptyRows: emptyRows, emptyColumns: emptyColumns)
    }

    var description: String {
        "W \(rows)×\(columns) density \(density) seed \(seed) emptyRows \(emptyRows.sorted()) emptyColumns \(emptyColumns.sorted())"
    }

    /// Rectangular shapes, tall and wide, with empty rows and empty columns, one fully empty.
    static let sweep: [SparseCase] = [
        SparseCase(rows: 1, columns: 1, density: 1, seed: 1),
        SparseCase(rows: 5, columns: 3, density: 0.5, seed: 2, emptyRows: [1]),
        SparseCase(rows: 3, columns: 8, density: 0.4, seed: 3, emptyColumns: [0, 5]),
        SparseCase(rows: 17, columns: 11, density: 0.3, seed: 4, emptyRows: [0, 16], emptyColumns: [3]),
        SparseCase(rows: 40, columns: 64, density: 0.1, seed: 5, emptyRows: [7, 8, 9], emptyColumns: [63]),
        SparseCase(rows: 64, columns: 40, density: 0.15, seed: 6, emptyRows: [0], emptyColumns: [0, 39]),
        SparseCase(rows: 9, columns: 6, density: 0.0, seed: 7),
    ]
}
