/// How many kernel taps reach each output and each input element: the row and column sums of
/// `W` compiled with every weight 1 (`W₁·1` and `W₁ᵀ·1`), counted from the stored pattern.
///
/// For a transposed layer (`x = Wᵀ·y`) the column counts are the overlap on its output grid:
/// with kernel 3 and stride 2 they alternate 1, 2, 1, 2, … per axis — the checkerboard of
/// Odena et al.'s "Deconvolution and Checkerboard Artifacts" in numbers.
extension ConvolutionMatrix {
    /// Taps per row of `W` (per output element of the convolution): `Σ_e |taps(e)|` over the row.
    /// Taps that land on zero padding or injected zeros store nothing and are not counted; with
    /// reflect, replicate or circular padding they land on an input element and are.
    ///
    /// - Throws: with multi-tap entries, as ``PatternArrays/tapMap()`` (built on first use).
    /// - Complexity: O(rows + nnz + stored taps).
    public var tapsPerRow: [Int] { get throws { try pattern.open(TapCounter(byColumn: false)) } }

    /// Taps per column of `W` (per input element of the convolution; per output element of the
    /// transposed layer): `(W₁ᵀ·1)[j]` with `W₁` the matrix of all-ones weights.
    ///
    /// - Throws: with multi-tap entries, as ``PatternArrays/tapMap()`` (built on first use).
    /// - Complexity: O(columns + nnz + stored taps).
    public var tapsPerColumn: [Int] { get throws { try pattern.open(TapCounter(byColumn: true)) } }
}

/// Sums the tap counts of the entries of each row (or column); one per entry, without reading
/// the tap map, when every entry has one tap.
private struct TapCounter: PatternArraysVisitor {
    let byColumn: Bool

    func visit<Index: SparseIndex>(_ p: PatternArrays<Index>) throws -> [Int] {
        let map = p.isSingleTap ? nil : try p.tapMap()
        var counts = [Int](repeating: 0, count: byColumn ? p.columnCount : p.rowCount)
        for r in 0..<p.rowCount {
            for e in Int(p.rowPointers[r])..<Int(p.rowPointers[r + 1]) {
                counts[byColumn ? Int(p.columnIndices[e]) : r] += map?.tapCount(ofEntry: e) ?? 1
            }
        }
        return counts
    }
}
