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

    /// As ``apply(_:transposed:_:columns:into:alpha:beta:)`` with blocks of `blockEntries`
    /// entries (tests compare blockings; `Int.max` is one call over the whole matrix).
    static func apply<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, transposed: Bool,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double, blockEntries: Int
    ) throws {
        try apply(w, transposed: transposed, x, columns: k, into: y, alpha: alpha, beta: beta, rows: nil, blockEntries: blockEntries)
    }

    /// `Y[rows, :] ← α·W[rows, :]·X + β·Y[rows, :]`: the rows `rows` of `W·X` only (`y` is the
    /// whole `rowCount × k` output; the other rows are not touched), so threads can share one
    /// pass over `W` instead of each reading all of it.
    static func apply<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, rows: Range<Int>,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double, blockEntries: Int = Cholmod.blockEntries
    ) throws {
        try apply(w, transposed: false, x, columns: k, into: y, alpha: alpha, beta: beta, rows: rows, blockEntries: blockEntries)
    }

    private static func apply<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, transposed: Bool,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double, rows: Range<Int>?, blockEntries: Int = Cholmod.blockEntries
    ) throws {
        let outRows = transposed ? w.columnCount : w.rowCount
        if transposed, rows == nil, needsShiftedColumns(rows: outRows, columns: k, entries: w.nonzeroCount) {
            try scatterIntoShiftedColumns(w, x, columns: k, into: y, alpha: alpha, beta: beta, blockEntries: blockEntries)
            return
        }
        let part = rows ?? 0..<outRows
        try blockedSdmult(w, transposed: transposed, x, columns: k, into: y.baseAddress! + part.lowerBound, rows: part.count,
                          leadingDimension: outRows, alpha: alpha, beta: beta, viewRows: rows, blockEntries: blockEntries)
    }

    /// Entries of `W` per block of a product with more than 4 columns: 384 KiB of `Int32`
    /// indices and `Double` values (512 KiB with `Int64`), the same blocks as CXSparse's.
    ///
    /// `cholmod_sdmult` takes the columns 4 at a time, one pass over its matrix per 4, so 8
    /// columns read `W` from memory twice; one call per block of rows keeps the block in the L2
    /// cache for the second pass. conv2d_c64_56_k3 (112.9 M entries, 8 columns, Intel Xeon):
    /// `W·X` 326–338 ms against 354–417, `Wᵀ·Y` 438–467 against 457–496 (alternating runs).
    static let blockEntries = CXSparse.blockEntries

    /// `cholmod_sdmult` block of `W`'s rows by block when there is more than one pass of 4
    /// columns: `W·X` computes each block's own output rows; `Wᵀ·Y` first applies `β` to the
    /// whole output, then adds every block's terms into it (`β = 1`). Each output entry gets
    /// the same operations in the same order as one call over the whole matrix, so the result
    /// is the same to the bit.
    ///
    /// - Parameters: as ``sdmult(_:transposed:_:columns:into:rows:leadingDimension:alpha:beta:viewRows:common:inputLeadingDimension:)``;
    ///   `viewRows` only for `W·X`.
    private static func blockedSdmult<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, transposed: Bool, _ x: UnsafeBufferPointer<Double>, columns k: Int,
        into y: UnsafeMutablePointer<Double>, rows: Int, leadingDimension: Int,
        alpha: Double, beta: Double, viewRows: Range<Int>?, blockEntries: Int
    ) throws {
        let common = try CholmodCommon(Index.width)
        let all = viewRows ?? 0..<w.rowCount
        let entries = Int(w.rowPointers[all.upperBound]) - Int(w.rowPointers[all.lowerBound])
        guard k > 4, entries > blockEntries, all.count > 1 else {
            return try sdmult(w, transposed: transposed, x, columns: k, into: y, rows: rows, leadingDimension: leadingDimension,
                              alpha: alpha, beta: beta, viewRows: viewRows, common: common)
        }
        if transposed {
            // β once on the whole output (as cholmod_sdmult does first), then every block adds.
            for c in 0..<k { scaleColumns(UnsafeMutableBufferPointer(start: y + c * leadingDimension, count: rows), by: beta) }
        }
        var first = all.lowerBound
        while first < all.upperBound {
            let end = w.firstRow(beginningAtOrAfter: Int(w.rowPointers[first]) + blockEntries, in: (first + 1)..<all.upperBound)
            let block = first..<end
            if transposed {
                // The block's rows of Y (rowCount × k) scattered into all of the output.
                let input = UnsafeBufferPointer(rebasing: x[block.lowerBound...])
                try sdmult(w, transposed: true, input, columns: k, into: y, rows: rows, leadingDimension: leadingDimension,
                           alpha: alpha, beta: 1, viewRows: block, common: common, inputLeadingDimension: w.rowCount)
            } else {
                try sdmult(w, transposed: false, x, columns: k, into: y + (block.lowerBound - all.lowerBound), rows: block.count,
                           leadingDimension: leadingDimension, alpha: alpha, beta: beta, viewRows: block, common: common)
            }
            first = end
        }
    }

    /// The one `cholmod_sdmult` call: `y ← α·op(W)·x + β·y` with `y` a `rows × k` matrix whose
    /// columns lie `leadingDimension` apart, and `W` (or its rows `viewRows`) viewed as `A = Wᵀ`.
    /// `x` has the rows `op(W)` reads (the columns of `W`, or for `Wᵀ` the rows `viewRows`),
    /// its columns `inputLeadingDimension` apart (default: that row count).
    private static func sdmult<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, transposed: Bool, _ x: UnsafeBufferPointer<Double>, columns k: Int,
        into y: UnsafeMutablePointer<Double>, rows: Int, leadingDimension: Int,
        alpha: Double, beta: Double, viewRows: Range<Int>?, common: CholmodCommon, inputLeadingDimension: Int? = nil
    ) throws {
        let inRows = transposed ? (viewRows ?? 0..<w.rowCount).count : w.columnCount
        var xd = cholmodDense(UnsafeMutablePointer(mutating: x.baseAddress!), rows: inRows, columns: k,
                              leadingDimension: inputLeadingDimension)
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
        into y: UnsafeMutableBufferPointer<Double>, alpha: Double, beta: Double, blockEntries: Int
    ) throws {
        let rows = w.columnCount, ld = rows + scatterColumnShift
        var shifted = try uninitializedLargeArray(Double.self, count: ld * k, hugePages: false)
        try shifted.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!, out = y.baseAddress!
            // With β = 0, cholmod_sdmult clears its output before adding into it.
            if beta != 0 {
                for c in 0..<k { (base + c * ld).update(from: out + c * rows, count: rows) }
            }
            try blockedSdmult(w, transposed: true, x, columns: k, into: base, rows: rows, leadingDimension: ld,
                              alpha: alpha, beta: beta, viewRows: nil, blockEntries: blockEntries)
            for c in 0..<k { (out + c * rows).update(from: base + c * ld, count: rows) }
        }
    }
}
