/// Steps a multi-index through `shape` in row-major order (the last axis fastest); after the
/// last index it wraps to all zeros. O(rank) worst case, O(1) amortised.
func advanceRowMajor(_ index: inout [Int], in shape: [Int]) {
    var a = shape.count - 1
    while a >= 0 {
        index[a] += 1
        if index[a] < shape[a] { return }
        index[a] = 0
        a -= 1
    }
}
