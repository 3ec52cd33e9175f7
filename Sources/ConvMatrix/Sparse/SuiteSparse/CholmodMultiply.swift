internal import CSuiteSparse

/// The CHOLMOD engine: every product reads `W`'s CSR arrays in place as `A = Wᵀ` (CSC).
enum Cholmod {
    /// `Y ← α·W·X + β·Y` (`transposed == false`, `cholmod_sdmult` with `A'`) or
    /// `Y ← α·Wᵀ·X + β·Y` (`transposed == true`, `cholmod_sdmult` with `A`), where `A = Wᵀ`
    /// is the zero-copy view of `W`. No second matrix is ever formed.
    ///
    /// `x` is `inRows × k` and `y` is `outRows × k`, column-major, both wrapped without copying.
    /// Shapes are checked by the caller; `W` has at least one entry and `k > 0`.
    ///
    /// - Complexity: O(nnz·k + outRows·k).
    static func apply<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, transposed: Bool,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double
    ) throws {
        try apply(w, transposed: transposed, x, columns: k, into: y, alpha: alpha, beta: beta, rows: nil)
    }

    /// `Y[rows, :] ← α·W[rows, :]·X + β·Y[rows, :]`: the rows `rows` of `W·X` only (`y` is the
    /// whole `rowCount × k` output; the other rows are not touched), so threads can share one
    /// pass over `W` instead of each reading all of it.
    static func apply<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, rows: Range<Int>,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double
    ) throws {
        try apply(w, transposed: false, x, columns: k, into: y, alpha: alpha, beta: beta, rows: rows)
    }

    private static func apply<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, transposed: Bool,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double, rows: Range<Int>?
    ) throws {
        let outRows = transposed ? w.columnCount : w.rowCount
        if transposed, rows == nil, needsShiftedColumns(rows: outRows, columns: k, entries: w.nonzeroCount) {
            try scatterIntoShiftedColumns(w, x, columns: k, into: y, alpha: alpha, beta: beta)
            return
        }
        let part = rows ?? 0..<outRows
        try sdmult(w, transposed: transposed, x, columns: k, into: y.baseAddress! + part.lowerBound, rows: part.count,
                   leadingDimension: outRows, alpha: alpha, beta: beta, viewRows: rows)
    }

    /// The one `cholmod_sdmult` call: `y ← α·op(W)·x + β·y` with `y` a `rows × k` matrix whose
    /// columns lie `leadingDimension` apart, and `W` (or its rows `viewRows`) viewed as `A = Wᵀ`.
    private static func sdmult<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, transposed: Bool, _ x: UnsafeBufferPointer<Double>, columns k: Int,
        into y: UnsafeMutablePointer<Double>, rows: Int, leadingDimension: Int,
        alpha: Double, beta: Double, viewRows: Range<Int>?
    ) throws {
        let common = try CholmodCommon(Index.width)
        let inRows = transposed ? w.rowCount : w.columnCount
        var xd = cholmodDense(UnsafeMutablePointer(mutating: x.baseAddress!), rows: inRows, columns: k)
        var yd = cholmodDense(y, rows: rows, columns: k, leadingDimension: leadingDimension)
        var alphaPair = [alpha, 0]
        var betaPair = [beta, 0]
        // W·X = Aᵀ·X  → transpose = 1;   Wᵀ·Y = A·Y → transpose = 0.
        let ok = w.withCholmodTransposeView(common.api, rows: viewRows) { a in
            common.api.sdmult(a, transposed ? 0 : 1, &alphaPair, &betaPair, &xd, &yd, common.pointer)
        }
        try common.check("sdmult", succeeded: ok != 0)
    }

    /// Leading dimension shift, in `Double`s, of the scatter's output columns (64 bytes).
    static let scatterColumnShift = 8

    /// Whether `Wᵀ·Y` into `rows × columns` with `entries` stored entries should go through
    /// shifted columns: more than one column, each a multiple of 4 KiB long, and at least 32
    /// entries per output row, so that the gain outweighs the copy.
    ///
    /// `cholmod_sdmult`'s scatter (`Wᵀ·Y = A·Y`) adds each stored entry into 4 output columns
    /// `d` apart: a load of `y[i + d]` right after the store to `y[i]`. When `8·d` is a multiple
    /// of 4096 — every reference shape: 64·56·56, 3·224·224, 16·32³ … rows — the two addresses
    /// agree in their low 12 bits, and the core holds the load back as if it depended on the
    /// store (4K aliasing). With columns shifted by 64 bytes, conv2d_c64_56_k3's `Wᵀ·Y` took
    /// 457–474 ms instead of 508 at best, c3to64's 555 instead of 584 (medians 513–589 against
    /// 617, 577 against 671; 8 alternating runs each, Intel Xeon, AVX-512); convT2d_c64to32's
    /// (247 entries per output row) 116 ms instead of 128 (medians of 10 alternating calls).
    /// The copy costs a fresh output-sized array and a pass over it: the depthwise shape (9
    /// entries per output row) took 19.3 ms with it against 16.9 without, hence the 32.
    static func needsShiftedColumns(rows: Int, columns: Int, entries: Int) -> Bool {
        columns > 1 && rows > 0 && (rows * MemoryLayout<Double>.stride) % 4096 == 0 && entries / 32 >= rows
    }

    /// `y ← α·Wᵀ·x + β·y` computed into a copy of `y` whose columns lie `rows + 8` apart
    /// (``needsShiftedColumns(rows:columns:entries:)``), then copied back.
    ///
    /// - Throws: `.overBudget` naming `memory` when the copy cannot be allocated.
    /// - Complexity: O(nnz·k) for the product, O(rows·k) for the copies and `rows·k` doubles
    ///   of scratch.
    private static func scatterIntoShiftedColumns<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, _ x: UnsafeBufferPointer<Double>, columns k: Int,
        into y: UnsafeMutableBufferPointer<Double>, alpha: Double, beta: Double
    ) throws {
        let rows = w.columnCount, ld = rows + scatterColumnShift
        var shifted = try uninitializedLargeArray(Double.self, count: ld * k, hugePages: false)
        try shifted.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!, out = y.baseAddress!
            // With β = 0, cholmod_sdmult clears its output before adding into it.
            if beta != 0 {
                for c in 0..<k { (base + c * ld).update(from: out + c * rows, count: rows) }
            }
            try sdmult(w, transposed: true, x, columns: k, into: base, rows: rows, leadingDimension: ld,
                       alpha: alpha, beta: beta, viewRows: nil)
            for c in 0..<k { (out + c * rows).update(from: base + c * ld, count: rows) }
        }
    }
}
