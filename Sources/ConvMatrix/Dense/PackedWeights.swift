internal import CConvKernels

/// Writes weights in the panel order of the GEMM micro-kernel: rows (output channels of the
/// GEMM) in the register tiles of `cvk_tile_rows_at` (`MR = tileRows` rows each, the last
/// `MR + r` rows split in two when `r ≤ MR/2`), and inside a tile of `mr` rows the `mr`
/// values of one `k` side by side, so that one tile step broadcasts `mr` consecutive numbers:
///
/// `packed[m₀·K + k·mr + (m − m₀)] = source[m·rowStride + column(k)]` for the tile of `mr`
/// rows that starts at row `m₀`, where `column(k) = columns[k]`, or `k` when `columns` is `nil`.
///
/// - Precondition: `packed` holds `M·K` elements; `columns`, when given, `K`.
/// - Complexity: O(M·K), one pass writing `packed` in order.
func packWeights<E: KernelElement>(_ source: UnsafePointer<E>, rows: Int, rowStride: Int, depth: Int,
                                   columns: UnsafePointer<Int>?, tileRows: Int, into packed: UnsafeMutablePointer<E>) {
    var out = packed
    var panel = 0
    while panel < rows {
        let live = cvk_tile_rows_at(rows - panel, tileRows)
        let first = source + panel * rowStride
        for k in 0..<depth {
            let column = first + (columns?[k] ?? k)
            for r in 0..<live { out[r] = column[r * rowStride] }
            out += live
        }
        panel += live
    }
}

/// Elements of ``packWeights(_:rows:rowStride:depth:columns:tileRows:into:)``'s output: `M·K`
/// (the tile height fixes the panel order, not the size).
func packedCount(rows: Int, depth: Int) -> Int {
    rows * depth
}

/// Multi-indices of a kernel `[k₁, …, k_D]` in row-major order (the weight layout's tap order).
func kernelTaps(_ shape: [Int]) -> [[Int]] {
    var taps: [[Int]] = [[]]
    for k in shape { taps = taps.flatMap { t in (0..<k).map { t + [$0] } } }
    return taps
}
