/// Writes weights in the panel order of the GEMM micro-kernel: rows (output channels of the
/// GEMM) in panels of `MR = tileRows`, and inside a panel the `MR` values of one `k` side by
/// side, so that one tile step broadcasts `MR` consecutive numbers:
///
/// `packed[(m/MR)·K·MR + k·MR + m%MR] = source[m·rowStride + column(k)]`, rows past `M` zero,
/// where `column(k) = columns[k]`, or `k` when `columns` is `nil`.
///
/// - Precondition: `packed` holds `⌈M/MR⌉·MR·K` elements; `columns`, when given, `K`.
/// - Complexity: O(⌈M/MR⌉·MR·K), one pass writing `packed` in order.
func packWeights<E: KernelElement>(_ source: UnsafePointer<E>, rows: Int, rowStride: Int, depth: Int,
                                   columns: UnsafePointer<Int>?, tileRows: Int, into packed: UnsafeMutablePointer<E>) {
    var out = packed
    for panel in stride(from: 0, to: rows, by: tileRows) {
        let live = min(tileRows, rows - panel)
        let first = source + panel * rowStride
        for k in 0..<depth {
            let column = first + (columns?[k] ?? k)
            for r in 0..<live { out[r] = column[r * rowStride] }
            for r in live..<tileRows { out[r] = 0 }
            out += tileRows
        }
    }
}

/// Elements of ``packWeights(_:rows:rowStride:depth:columns:tileRows:into:)``'s output: `⌈M/MR⌉·MR·K`.
func packedCount(rows: Int, depth: Int, tileRows: Int) -> Int {
    (rows + tileRows - 1) / tileRows * tileRows * depth
}

/// Multi-indices of a kernel `[k₁, …, k_D]` in row-major order (the weight layout's tap order).
func kernelTaps(_ shape: [Int]) -> [[Int]] {
    var taps: [[Int]] = [[]]
    for k in shape { taps = taps.flatMap { t in (0..<k).map { t + [$0] } } }
    return taps
}
