/// Which weight elements feed each stored entry of `W`: entry `e` (in CSR order) holds
/// `Σ weights[t]` over its taps, `taps[e]` when ``tapPointers`` is `nil` (one tap per entry —
/// always so for zeros padding), otherwise `taps[tapPointers[e] ..< tapPointers[e+1]]` (reflect,
/// replicate and circular padding can land several taps on one input element). Tap indices are
/// flat indices into the weight tensor in PyTorch's layout `(C_out, C_in/groups, k₁, …, k_D)`.
///
/// A product with `W` never reads it; refilling from new weights with it is a gather instead of
/// a recompile, and the weight gradient, weight recovery and the entry explanations need it.
/// So ``PatternArrays`` builds it the first time one of those asks (``PatternArrays/tapMap()``)
/// and keeps it: `4 B` (Int32) or `8 B` (Int64) per tap, plus a pointer per entry when some
/// entry has several taps.
public struct TapMap<Index: SparseIndex>: Sendable, Equatable {
    public let taps: [Index]
    public let tapPointers: [Index]?

    /// Bytes of ``taps`` and ``tapPointers``.
    public var byteCount: Int { (taps.count + (tapPointers?.count ?? 0)) * MemoryLayout<Index>.stride }

    /// ``forEachTap(inEntries:taps:tapPointers:_:)`` over this map.
    ///
    /// - Complexity: O(entries + their incidences).
    @inline(__always)
    func forEachTap(inEntries entries: Range<Int>, _ body: (_ entry: Int, _ incidence: Int, _ tap: Int) throws -> Void) rethrows {
        try taps.withUnsafeBufferPointer { taps in
            if let tapPointers {
                try tapPointers.withUnsafeBufferPointer { tp in
                    try ConvMatrix.forEachTap(inEntries: entries, taps: taps, tapPointers: tp, body)
                }
            } else {
                try ConvMatrix.forEachTap(inEntries: entries, taps: taps, tapPointers: nil as UnsafeBufferPointer<Index>?, body)
            }
        }
    }

    /// The flat weight indices entry `e` sums, in tap-map order.
    ///
    /// - Complexity: O(taps of `e`).
    func taps(ofEntry e: Int) -> [Int] {
        var found = [Int]()
        forEachTap(inEntries: e..<(e + 1)) { _, _, t in found.append(t) }
        return found
    }

    /// Taps of entry `e`: `1` without tap pointers.
    ///
    /// - Complexity: O(1).
    func tapCount(ofEntry e: Int) -> Int {
        tapPointers.map { Int($0[e + 1] - $0[e]) } ?? 1
    }

    /// Values `out[e] = Σ_{t ∈ taps(e)} weights[t]` for the `out.count` entries.
    ///
    /// - Complexity: O(nnz) (O(incidences) with multi-tap entries).
    func gatherValues(_ weights: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        out.update(repeating: 0)
        forEachTap(inEntries: 0..<out.count) { e, _, t in out[e] += weights[t] }
    }
}
