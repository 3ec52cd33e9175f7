// Notebook: checkerboard artifacts — the overlap count Wᵀ·1 of strided transposed convolutions,
// why it is uneven, and what resize-convolution changes.
//
// Run it with `swift run notebook-checkerboard`; its output, committed as README.md beside this
// file, is checked by the tests so that it stays true. Every tensor holds integers
// (NotebookSupport), so every difference printed is exactly 0 on any machine.
import ConvMatrix
import NotebookSupport

/// The number of stored entries in each column of `W`: how many kernel taps reach each element of
/// the transposed layer's output, counted from the structure alone.
func entriesPerColumn(_ w: ConvolutionMatrix) -> [Double] {
    var counts = [Double](repeating: 0, count: w.columnCount)
    for c in w.csr64.columnIndices { counts[Int(c)] += 1 }
    return counts
}

/// `ConvTranspose{1,2}d(1, 1, k, stride=s)` with all-ones weights on an all-ones input of side `n`:
/// its output `Wᵀ·1` through `W` and through the direct convolution, and `W`'s column counts.
func overlap(kernel k: Int, stride s: Int, side n: Int, rank: Int) throws -> (counts: [Double], side: Int, checks: [String]) {
    let kernelSize = AxisValues([Int](repeating: k, count: rank))
    let layer = try ConvolutionLayer.convTranspose(inChannels: 1, outChannels: 1, kernelSize: kernelSize,
                                                   stride: AxisValues([Int](repeating: s, count: rank)),
                                                   weights: [Double](repeating: 1, count: [Int](repeating: k, count: rank).reduce(1, *)))
    let ones = try Tensor(repeating: 1.0, shape: [1, 1] + [Int](repeating: n, count: rank))
    let sparse = try layer(ones, engine: .cholmod), direct = try layer(ones, engine: .dense)
    let columns = entriesPerColumn(try layer.matrix(inputShape: ones.shape))
    return (sparse.scalars, sparse.shape[2], [difference(sparse.scalars, direct.scalars), difference(sparse.scalars, columns)])
}

print("""
# Checkerboard artifacts

Images produced by strided transposed convolutions — the decoders of GANs and autoencoders —
often carry a faint checkerboard, strongest where the picture should be flat. Odena, Dumoulin
and Olah explained it in Distill, "Deconvolution and Checkerboard Artifacts" (2016): the kernel
copies that a transposed convolution scatters overlap *unevenly* when the kernel size is not a
multiple of the stride. In the matrix view the unevenness is a single vector. A transposed
convolution computes `x = Wᵀ·y`; with every weight 1 and every input 1, output element `c` is
the number of entries in column `c` of `W` — the number of kernel taps that reach it. That
vector, `Wᵀ·1`, is the checkerboard in numbers.

Each count below is computed three ways that must agree: `Wᵀ·1` through `W` (CHOLMOD), the
direct transposed convolution (which never reads `W`), and by counting the entries of each
column of `W`.

""")

// 1. Kernel 3, stride 2 against kernel 4, stride 2.
let k3 = try overlap(kernel: 3, stride: 2, side: 4, rank: 2)
let k4 = try overlap(kernel: 4, stride: 2, side: 4, rank: 2)
print("""
## 1. Kernel 3, stride 2 against kernel 4, stride 2

```swift
let layer = try ConvolutionLayer.convTranspose2d(inChannels: 1, outChannels: 1, kernelSize: 3, stride: 2,
                                                 weights: [Double](repeating: 1, count: 9))
let counts = try layer(try Tensor(repeating: 1.0, shape: [1, 1, 4, 4]))     // Wᵀ·1
```

`ConvTranspose2d(1, 1, 3, stride=2)` on a 4×4 input of ones, all weights 1, gives a \(k3.side)×\(k3.side) output
whose every element counts the kernel taps that reach it:

\(table(k3.counts, columns: k3.side))

Inside the border the counts alternate 1, 2, 1, 2 along each axis, and the 2-D count is the
product of the two axes': 1, 2 and 4 in a checkerboard. A layer that must produce a flat colour
from a flat input has to fight this pattern with its weights. With kernel 4 the same layer gives
a \(k4.side)×\(k4.side) output:

\(table(k4.counts, columns: k4.side))

Away from the border every position is reached by exactly 2 × 2 = 4 taps. (Through `W` and
directly: differences \(k3.checks[0]) and \(k4.checks[0]); against the entries counted per column of `W`: \(k3.checks[1]) and \(k4.checks[1]).)

""")

// 2. Why: k mod s.
/// `⌊k/s⌋` and `⌈k/s⌉`.
func bounds(_ k: Int, _ s: Int) -> (Int, Int) { (k / s, (k + s - 1) / s) }
let friends = [(2, 2), (3, 2), (4, 2), (5, 2), (6, 3), (5, 3)]
let rows = try friends.map { k, s -> String in
    let counts = try overlap(kernel: k, stride: s, side: 6, rank: 1)
    precondition(counts.checks == ["0", "0"], "k\(k)/s\(s): the three counts disagree: \(counts.checks)")
    let interior = Array(counts.counts[(k - 1)..<(counts.side - k + 1)])
    let (low, high) = bounds(k, s)
    precondition(Set(interior) == Set(low == high ? [Double(low)] : [Double(low), Double(high)]),
                 "k\(k)/s\(s): interior counts \(interior) are not ⌊k/s⌋ = \(low) and ⌈k/s⌉ = \(high)")
    let verdict = k % s == 0 ? "even" : "uneven"
    return "| \(k) | \(s) | \(k % s) | `\(counts.counts.map(compactNumber).joined(separator: " "))` | \(Set(interior).sorted().map(compactNumber).joined(separator: ", ")) | \(verdict) |"
}
let grid3 = k3.counts, line3 = try overlap(kernel: 3, stride: 2, side: 4, rank: 1).counts
let outer = line3.flatMap { a in line3.map { a * $0 } }
print("""
## 2. Why: the kernel size modulo the stride

Output position `p` of a 1-D transposed convolution with stride `s` receives tap `a = p − s·i` of
input `i` whenever `0 ≤ a < k`: it counts the multiples of `s` in the window `(p − k, p]`. A window
of `k` consecutive integers holds `⌊k/s⌋` or `⌈k/s⌉` multiples of `s`, depending on where it starts —
the same number everywhere exactly when `s` divides `k`. Along one axis, on a length-6 input of
ones:

| kernel `k` | stride `s` | `k mod s` | `Wᵀ·1` | away from the edges | overlap |
|---|---|---|---|---|---|
\(rows.joined(separator: "\n"))

Each row was checked three ways as above, and its counts away from the edges are exactly
`⌊k/s⌋` and `⌈k/s⌉`. In 2-D the count is the product of the axes' counts: the 9×9 grid of section 1
and the outer product of its 1-D row differ by \(difference(grid3, outer)). The 2-D checkerboard is the 1-D
unevenness twice.

""")

// 3. Even overlap is necessary, not sufficient.
let taps: [Double] = [1, 2, 3, 4]
let k4Weighted = try ConvolutionLayer.convTranspose1d(inChannels: 1, outChannels: 1, kernelSize: 4, stride: 2, weights: taps)
let onesLine = try Tensor(repeating: 1.0, shape: [1, 1, 6])
let weightedLine = try k4Weighted(onesLine), weightedLineDense = try k4Weighted(onesLine, engine: .dense)
print("""
## 3. Even overlap is necessary, not sufficient

With `k = 4, s = 2` every interior position receives two taps — but *which* two alternates: even
positions get taps 0 and 2, odd ones taps 1 and 3. With weights `[1, 2, 3, 4]` on a flat input of
ones the output is

    \(weightedLine.scalars.map(compactNumber).joined(separator: " "))

(direct convolution: difference \(difference(weightedLine.scalars, weightedLineDense.scalars))): 1 + 3 = 4 and 2 + 4 = 6 alternate. Training
can learn to balance the two *phases* of the kernel (sub-kernels with equal sums), but nothing in
the layer makes it; with `k mod s ≠ 0` it cannot even count on equal numbers of taps.

""")

// 4. Resize-convolution.
let n = 4, up = 2 * n
/// Nearest-neighbour upsampling by 2 as an explicit 0/1 matrix: output `(p, q)` copies input `(p/2, q/2)`.
func nearestUpsampling(side n: Int) throws -> LinearMap {
    let outSide = 2 * n
    let columns = (0..<(outSide * outSide)).map { r in Int64((r / outSide / 2) * n + (r % outSide) / 2) }
    let matrix = try CSRMatrix<Int64>(rowCount: outSide * outSide, columnCount: n * n,
                                      rowPointers: (0...(outSide * outSide)).map(Int64.init), columnIndices: columns,
                                      values: [Double](repeating: 1, count: outSide * outSide))
    return try LinearMap(name: "nearest ×2", inputShape: [1, n, n], outputShape: [1, outSide, outSide], matrix: matrix)
}
let upsample = try nearestUpsampling(side: n)
let copyLayer = try ConvolutionLayer.convTranspose2d(inChannels: 1, outChannels: 1, kernelSize: 2, stride: 2,
                                                     weights: [1, 1, 1, 1])
let copyAsLayer = try LinearMap.transposedConvolution(copyLayer.matrix(inputShape: [1, 1, n, n]))
let kernel = integers(9, in: -2...3, seed: 1)
let smooth = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 3, padding: 1, weights: kernel)
let smoothOnes = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 3, padding: 1,
                                             weights: [Double](repeating: 1, count: 9))
let resizeCounts = try LinearPipeline([upsample, .convolution(smoothOnes.matrix(inputShape: [1, 1, up, up]))]).composed()
let resize = try LinearPipeline([upsample, .convolution(smooth.matrix(inputShape: [1, 1, up, up]))]).composed()
let onesInput = [Double](repeating: 1, count: n * n)
/// `T` folds a 3-tap kernel applied after ×2 nearest upsampling into the 4-tap kernel of a stride-2
/// transposed convolution: `[w₀, w₁, w₂] ↦ [w₂, w₁ + w₂, w₀ + w₁, w₀]`; in 2-D, `K₄ = T·K·Tᵀ`.
let fold: [[Double]] = [[0, 0, 1], [0, 1, 1], [1, 1, 0], [1, 0, 0]]
/// `K₄[a, b] = Σᵢⱼ T[a, i]·K[i, j]·T[b, j]`.
func folding(_ k: [Double]) -> [Double] {
    var k4 = [Double](repeating: 0, count: 16)
    for a in 0..<4 {
        for b in 0..<4 {
            for i in 0..<3 {
                for j in 0..<3 { k4[a * 4 + b] += fold[a][i] * k[i * 3 + j] * fold[b][j] }
            }
        }
    }
    return k4
}
let folded = folding(kernel)
let equivalent = try ConvolutionLayer.convTranspose2d(inChannels: 1, outChannels: 1, kernelSize: 4, stride: 2, padding: 1,
                                                      weights: folded)
let equivalentMap = try LinearMap.transposedConvolution(equivalent.matrix(inputShape: [1, 1, n, n]))
/// The sum of the sub-kernel of `k4` whose taps have parity `(pa, pb)`.
func phaseSum(_ k4: [Double], _ pa: Int, _ pb: Int) -> Double {
    var sum = 0.0
    for a in [pa, pa + 2] {
        for b in [pb, pb + 2] { sum += k4[a * 4 + b] }
    }
    return sum
}
let phaseSums = [(0, 0), (0, 1), (1, 0), (1, 1)].map { phaseSum(folded, $0.0, $0.1) }
let flat = try resize.apply(onesInput, batch: 1)
let flatDense = try smooth(try Tensor(shape: [1, 1, up, up], scalars: try upsample.apply(onesInput, batch: 1)), engine: .dense)
print("""
## 4. Resize-convolution

Distill's remedy: upsample by copying (nearest neighbour), then convolve with stride 1. Both are
matrices. Nearest-neighbour ×2 on a \(n)×\(n) input is the 0/1 matrix `U` (\(upsample.matrix.rowCount) × \(upsample.matrix.columnCount)) whose row `(p, q)`
has its single 1 in column `(⌊p/2⌋, ⌊q/2⌋)`. It is itself a transposed convolution —
`ConvTranspose2d(1, 1, 2, stride=2)` with weights of ones, `k = s`, even overlap — and the two
matrices differ by \(difference(dense(upsample.matrix), dense(copyAsLayer.matrix))) entry by entry. Followed by `Conv2d(1, 1, 3, padding=1)` (matrix `W_c`, \(up * up) × \(up * up)),
the composed map `W_c·U` with all-ones weights counts, on a flat input:

\(table(try resizeCounts.apply(onesInput, batch: 1), columns: up))

Every interior position now sees all 9 taps, whatever the phase; only the padded border sees
fewer.

The reason goes deeper than the counts. Multiplied out, `W_c·U` *is* a stride-2 transposed
convolution with a 4×4 kernel and padding 1, whose kernel is folded from the 3×3 one: along each
axis `[w₀, w₁, w₂] ↦ [w₂, w₁ + w₂, w₀ + w₁, w₀]`, a 4 × 3 matrix `T`, and in 2-D `K₄ = T·K·Tᵀ`. For an integer kernel `K`
(SplitMix64) the composed `W_c·U` and the `Wᵀ` of `ConvTranspose2d(1, 1, 4, stride=2, padding=1)` with
weights `K₄` differ by \(difference(dense(resize.matrix), dense(equivalentMap.matrix))) over all \(resize.matrix.rowCount * resize.matrix.columnCount) entries. So resize-convolution is a
transposed convolution with `k mod s = 0` *and* balanced phases: the four sub-kernels of `K₄` (taps
of equal parity per axis) each sum to `ΣK` = \(compactNumber(kernel.reduce(0, +))) — here \(phaseSums.map(compactNumber).joined(separator: ", ")) — for every
`K`, because each 3-tap weight lands once in each parity class. On a flat input of ones the
output is flat away from the border:

\(table(flat, columns: up))

(through the composed matrix, and through `U` then the direct convolution: difference \(difference(flat, flatDense.scalars))). A
freely trained 4×4 kernel could make the four sums differ, and the checkerboard would be back; the
resize form rules it out by construction.
""")
