/// Rows `[r0, r1)` of a convolution's matrix `W`, compiled alone by ``RowRangeCompiler``: a
/// `(r1 − r0) × columnCount` CSR block whose row `i` is row `r0 + i` of `W`.
///
/// Row pointers are local (`rowPointers[0] = 0`); columns are `W`'s own column indices,
/// strictly increasing within a row. ``values`` are present when weights were given, the tap
/// map (``taps``, ``tapPointers``) when asked for; both follow ``PatternArrays``'s conventions
/// with local entry numbers: entry `e` holds `Σ weights[t]` over its taps.
public struct RowBlock<Index: SparseIndex>: Sendable, Equatable {
    /// The rows of `W` this block holds.
    public let rows: Range<Int>
    public let columnCount: Int
    /// `rows.count + 1` local pointers: row `i` is entries `rowPointers[i] ..< rowPointers[i+1]`.
    public let rowPointers: [Index]
    public let columnIndices: [Index]
    /// `values[e] = Σ weights[t]` over the taps of entry `e`; `nil` when compiled without weights.
    public let values: [Double]?
    /// Flat weight indices feeding each entry (the tap map); `nil` unless asked for.
    public let taps: [Index]?
    /// Entry `e` is fed by `taps[tapPointers[e] ..< tapPointers[e+1]]`; `nil` when every entry
    /// has exactly one tap (`taps[e]`) or the tap map was not asked for.
    public let tapPointers: [Index]?

    /// Stored entries of the block.
    public var nonzeroCount: Int { columnIndices.count }

    /// The block as a `rows.count × columnCount` ``CSRMatrix`` (sharing the arrays).
    ///
    /// - Throws: `.invalidParameter` naming `values` when the block was compiled without weights.
    /// - Complexity: O(1) (the invariants hold by construction; asserted in debug builds).
    public func matrix() throws -> CSRMatrix<Index> {
        guard let values else {
            throw ConvMatrixError.invalid("values", "none", "the block was compiled without weights; pass weights to compile it with values")
        }
        return CSRMatrix(unchecked: rows.count, columnCount: columnCount, rowPointers: rowPointers,
                         columnIndices: columnIndices, values: values)
    }
}
