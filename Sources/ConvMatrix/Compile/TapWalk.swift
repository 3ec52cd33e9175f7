/// The tap map walk, written once (CSparse shape): entry `e` is fed by the taps
/// `taps[k]`, `k ∈ tapPointers[e] ..< tapPointers[e+1]`, or by the one tap `taps[e]` (`k = e`)
/// when there are no tap pointers; `W[e] = Σ_k w[taps[k]]`.
///
/// Calls `body(e, k, taps[k])` for every incidence `k` of every entry `e` in `entries`, in
/// order. Used by value gathering, the compiler's row writer, the weight gradient, the entry
/// explanation and weight recovery.
///
/// - Precondition: `taps` (and `tapPointers`) cover the incidences of `entries`.
/// - Complexity: O(entries + their incidences) calls of `body`.
@inline(__always)
func forEachTap<Tap: BinaryInteger, Pointer: BinaryInteger>(
    inEntries entries: Range<Int>, taps: UnsafeBufferPointer<Tap>, tapPointers: UnsafeBufferPointer<Pointer>?,
    _ body: (_ entry: Int, _ incidence: Int, _ tap: Int) throws -> Void
) rethrows {
    if let tapPointers {
        for e in entries {
            for k in Int(tapPointers[e])..<Int(tapPointers[e + 1]) { try body(e, k, Int(taps[k])) }
        }
    } else {
        for e in entries { try body(e, e, Int(taps[e])) }
    }
}
