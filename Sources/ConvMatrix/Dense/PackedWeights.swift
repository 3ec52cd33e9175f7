/// Weights in the panel order of the GEMM micro-kernel: rows (output channels of the GEMM)
/// in panels of `MR`, and inside a panel the `MR` values of one `k` side by side, so that
/// one tile step broadcasts `MR` consecutive numbers.
///
/// `packed[(m/MR)·K·MR + k·MR + m%MR] = W[m, k]`, rows past `M` zero.
/// - Complexity: O(⌈M/MR⌉·MR·K) time and memory.
func packWeights<E: KernelElement>(rows: Int, depth: Int, tileRows: Int,
                                   _ element: (_ row: Int, _ k: Int) -> E) -> [E] {
    let panels = (rows + tileRows - 1) / tileRows
    var packed = [E](repeating: 0, count: panels * tileRows * depth)
    packed.withUnsafeMutableBufferPointer { p in
        for m in 0..<rows {
            let base = (m / tileRows) * depth * tileRows + m % tileRows
            for k in 0..<depth { p[base + k * tileRows] = element(m, k) }
        }
    }
    return packed
}

/// Multi-indices of a kernel `[k₁, …, k_D]` in row-major order (the weight layout's tap order).
func kernelTaps(_ shape: [Int]) -> [[Int]] {
    var taps: [[Int]] = [[]]
    for k in shape { taps = taps.flatMap { t in (0..<k).map { t + [$0] } } }
    return taps
}
