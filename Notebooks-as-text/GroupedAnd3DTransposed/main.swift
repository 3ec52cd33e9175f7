// Notebook: grouped and 3-D transposed convolution — values by hand, and the blocks groups give W.
//
// Run it with `swift run notebook-grouped-3d-transposed`; its output, committed as README.md beside
// this file, is checked by the tests so that it stays true. Every tensor holds integers
// (NotebookSupport), so every difference printed is exactly 0 on any machine.
import ConvMatrix
import NotebookSupport

/// Channel `c` of a channels-first sample as `side × side` tables, one per depth slice when `depth > 1`.
func channel(_ t: Tensor<Double>, _ c: Int, side: Int, depth: Int = 1) -> String {
    let size = side * side * depth
    return (0..<depth).map { d in
        (depth > 1 ? "    depth \(d):\n" : "") + table(t.scalars[(c * size + d * side * side)..<(c * size + (d + 1) * side * side)], columns: side)
    }.joined(separator: "\n")
}

/// The layer applied through `W` (CHOLMOD) and through the direct convolution; they must agree.
func both(_ layer: ConvolutionLayer, _ x: Tensor<Double>) throws -> (Tensor<Double>, String) {
    let sparse = try layer(x, engine: .cholmod), dense = try layer(x, engine: .dense)
    return (sparse, difference(sparse.scalars, dense.scalars))
}

/// How many entries of `W` connect each pair of channel blocks, seen in the transposed layer's own
/// direction (`x = Wᵀ·y`): one line per layer output channel, one column per layer input channel.
func blockPattern(_ w: ConvolutionMatrix, outputChannels: Int, inputChannels: Int) -> String {
    let csr = w.csr64
    let perRow = w.rowCount / inputChannels, perColumn = w.columnCount / outputChannels
    var counts = [[Int]](repeating: [Int](repeating: 0, count: inputChannels), count: outputChannels)
    for r in 0..<w.rowCount {
        for e in Int(csr.rowPointers[r])..<Int(csr.rowPointers[r + 1]) { counts[Int(csr.columnIndices[e]) / perColumn][r / perRow] += 1 }
    }
    let width = max(3, counts.joined().map { String($0).count }.max()!)
    func cell(_ s: String) -> String { String(repeating: " ", count: width - s.count) + s }
    let header = "          in " + (0..<inputChannels).map { cell(String($0)) }.joined(separator: " ")
    return ([header] + counts.enumerated().map { co, line in
        "    out \(co)    " + line.map { cell($0 == 0 ? "·" : String($0)) }.joined(separator: " ")
    }).joined(separator: "\n")
}

print("""
# Grouped and 3-D transposed convolution

Two layers from the founding examples of this project, filled with ones so that every output
can be checked by hand: `nn.ConvTranspose2d(2, 4, 3, groups=2)` and
`nn.ConvTranspose3d(1, 2, 2, bias=False)`, each on an input holding `0, 1, 2, …` (`torch.arange`).
ConvMatrix computes both as `x = Wᵀ·y` with the matrix `W` of the convolution they transpose —
through CHOLMOD and through the direct convolution, which never reads `W` — and the values are
compared with the ones the source prints.

A transposed convolution *scatters*: input element `y[i, j]` adds a copy of the kernel, scaled
by `y[i, j]`, at output positions `(i + a, j + b)`. With a kernel of ones, output `(p, q)`
is the plain sum of the inputs whose copy covers it, `Σ y[i, j]` over `p − 2 ≤ i ≤ p`,
`q − 2 ≤ j ≤ q` for a 3×3 kernel.

""")

// 1. Grouped 2-D.
let grouped = try ConvolutionLayer.convTranspose2d(inChannels: 2, outChannels: 4, kernelSize: 3, groups: 2,
                                                   weights: [Double](repeating: 1, count: 2 * 2 * 3 * 3))
let y2 = try Tensor(shape: [1, 2, 3, 3], scalars: (0..<18).map(Double.init))
let (x2, x2Paths) = try both(grouped, y2)
/// The source's printed output, channel by channel (channels 0 and 1, and 2 and 3, are equal).
let printedGroupA: [Double] = [0, 1, 3, 3, 2, 3, 8, 15, 12, 7, 9, 21, 36, 27, 15, 9, 20, 33, 24, 13, 6, 13, 21, 15, 8]
let printedGroupB: [Double] = [9, 19, 30, 21, 11, 21, 44, 69, 48, 25, 36, 75, 117, 81, 42, 27, 56, 87, 60, 31, 15, 31, 48, 33, 17]
let printed2 = printedGroupA + printedGroupA + printedGroupB + printedGroupB
print("""
## 1. `ConvTranspose2d(2, 4, 3, groups=2)`

```swift
let layer = try ConvolutionLayer.convTranspose2d(inChannels: 2, outChannels: 4, kernelSize: 3, groups: 2,
                                                 weights: [Double](repeating: 1, count: 36))
let x = try layer(try Tensor(shape: [1, 2, 3, 3], scalars: (0..<18).map(Double.init)))
```

Weight shape \(tuple(grouped.weightShape)) — `(C_in, C_out/groups, 3, 3)` — all ones; input \(tuple(y2.shape)) holding
0…8 in channel 0 and 9…17 in channel 1:

\(channel(y2, 0, side: 3))

\(channel(y2, 1, side: 3))

The output has shape \(tuple(x2.shape)): each side grows from 3 to 3 + 3 − 1 = 5. With two groups, input
channel 0 feeds output channels 0 and 1 only, input channel 1 feeds 2 and 3. Output channel 0
(channel 1 is the same):

\(channel(x2, 0, side: 5))

and output channel 2 (channel 3 is the same):

\(channel(x2, 2, side: 5))

By hand, in channel 0: the corner `x[0, 0, 0]` is covered only by the copy of `y[0, 0, 0]` = 0; `x[0, 1, 1]`
by the copies of `y[0, 0, 0]`, `y[0, 0, 1]`, `y[0, 1, 0]`, `y[0, 1, 1]`: 0 + 1 + 3 + 4 = 8 (ConvMatrix: \(compactNumber(x2[0, 0, 1, 1]))); the centre
`x[0, 2, 2]` by all nine, 0 + 1 + … + 8 = 36 (ConvMatrix: \(compactNumber(x2[0, 0, 2, 2]))). In channel 2 the centre is
9 + 10 + … + 17 = 117 (ConvMatrix: \(compactNumber(x2[0, 2, 2, 2]))), and the corner `x[2, 4, 4]` sees only `y[1, 2, 2]` = 17
(ConvMatrix: \(compactNumber(x2[0, 2, 4, 4]))).

Through `W` and through the direct convolution the outputs differ by \(x2Paths); from the source's printed
values (all \(printed2.count)) they differ by \(difference(x2.scalars, printed2)).

""")

// 2. The block structure groups give W.
let wGrouped = try grouped.matrix(inputShape: y2.shape)
let weights6 = integers(6 * 2 * 3 * 3, in: -2...2, seed: 1)
let grouped6 = try ConvolutionLayer.convTranspose2d(inChannels: 6, outChannels: 6, kernelSize: 3, groups: 3, weights: weights6)
let w6 = try grouped6.matrix(inputShape: [1, 6, 4, 4])
let y6 = try Tensor(shape: [1, 6, 4, 4], scalars: integers(96, in: -3...3, seed: 3))
let (_, y6Paths) = try both(grouped6, y6)
/// `W` of the grouped layer with group `g`'s rows and columns only, as a dense row-major array.
func block(_ w: ConvolutionMatrix, group g: Int, groups: Int) -> [Double] {
    let (rows, columns) = (w.rowCount / groups, w.columnCount / groups)
    let csr = w.csr64
    var d = [Double](repeating: 0, count: rows * columns)
    for r in 0..<rows {
        for e in Int(csr.rowPointers[g * rows + r])..<Int(csr.rowPointers[g * rows + r + 1]) {
            let c = Int(csr.columnIndices[e]) - g * columns
            precondition(c >= 0 && c < columns, "an entry outside the diagonal block of group \(g)")
            d[r * columns + c] = csr.values[e]
        }
    }
    return d
}
/// One group of `grouped6` as a layer of its own: 2 → 2 channels, the group's slice of the weights.
func alone(_ g: Int) throws -> [Double] {
    let layer = try ConvolutionLayer.convTranspose2d(inChannels: 2, outChannels: 2, kernelSize: 3,
                                                     weights: Array(weights6[(g * 36)..<((g + 1) * 36)]))
    let w = try layer.matrix(inputShape: [1, 2, 4, 4])
    var d = [Double](repeating: 0, count: w.rowCount * w.columnCount)
    let csr = w.csr64
    for r in 0..<w.rowCount {
        for e in Int(csr.rowPointers[r])..<Int(csr.rowPointers[r + 1]) { d[r * w.columnCount + Int(csr.columnIndices[e])] = csr.values[e] }
    }
    return d
}
let ungrouped = try ConvolutionLayer.convTranspose2d(inChannels: 6, outChannels: 6, kernelSize: 3,
                                                     weights: integers(6 * 6 * 3 * 3, in: -2...2, seed: 2))
let wUngrouped = try ungrouped.matrix(inputShape: [1, 6, 4, 4])
let groupChecks = try (0..<3).map { g in difference(block(w6, group: g, groups: 3), try alone(g)) }
print("""
## 2. Groups make W block-diagonal

`W` here is the matrix of the convolution this layer transposes, \(tuple([4, 5, 5])) → \(tuple([2, 3, 3])): \(wGrouped.rowCount) × \(wGrouped.columnCount)
with \(wGrouped.nonzeroCount) stored entries. Counting its entries by channel block — read in the layer's own
direction, output channel against input channel — shows the groups:

```
\(blockPattern(wGrouped, outputChannels: 4, inputChannels: 2))
```

`·` marks a block with no entry at all: output channels 0 and 1 never read input channel 1. With
more groups the picture is a block diagonal. `ConvTranspose2d(6, 6, 3, groups=3)` on a 4×4 input
(integer weights from SplitMix64):

```
\(blockPattern(w6, outputChannels: 6, inputChannels: 6))
```

So `W = diag(W₀, W₁, W₂)`: a grouped layer is three independent layers side by side. Each
diagonal block of `W`, compared entry by entry with the `W` of `ConvTranspose2d(2, 2, 3)` built
alone from that group's slice of the weights, differs by \(groupChecks.joined(separator: ", ")) (groups 0, 1, 2), and no
entry lies outside the blocks. Only \(w6.nonzeroCount) of the \(w6.rowCount * w6.columnCount) entries of this \(w6.rowCount) × \(w6.columnCount) matrix are
stored; `ConvTranspose2d(6, 6, 3)` without groups stores \(wUngrouped.nonzeroCount), \(wUngrouped.nonzeroCount / w6.nonzeroCount) times as many. On an integer
input the grouped layer through `W` and through the direct convolution differ by \(y6Paths).

""")

// 3. 3-D.
let threeD = try ConvolutionLayer.convTranspose3d(inChannels: 1, outChannels: 2, kernelSize: 2,
                                                  weights: [Double](repeating: 1, count: 2 * 2 * 2 * 2))
let y3 = try Tensor(shape: [1, 1, 2, 2, 2], scalars: (0..<8).map(Double.init))
let (x3, x3Paths) = try both(threeD, y3)
let printed3Channel: [Double] = [0, 1, 1, 2, 6, 4, 2, 5, 3, 4, 10, 6, 12, 28, 16, 8, 18, 10, 4, 9, 5, 10, 22, 12, 6, 13, 7]
let (overlap, _) = try both(threeD, try Tensor(repeating: 1.0, shape: y3.shape))
let w3 = try threeD.matrix(inputShape: y3.shape)
print("""
## 3. `ConvTranspose3d(1, 2, 2, bias=False)`

Weight shape \(tuple(threeD.weightShape)), all ones; input \(tuple(y3.shape)) holding 0…7, depth-major:

\(channel(y3, 0, side: 2, depth: 2))

The output is \(tuple(x3.shape)), each side 2 + 2 − 1 = 3. Both output channels are equal; channel 0:

\(channel(x3, 0, side: 3, depth: 3))

By hand, at positions `(d, h, w)` of channel 0: the corner `x[0, 0, 0]` sees only `y[0, 0, 0]` = 0, and the far corner `x[2, 2, 2]` only
`y[1, 1, 1]` = 7 (ConvMatrix: \(compactNumber(x3[0, 0, 2, 2, 2]))); `x[0, 1, 1]` is covered by the four copies of the
first depth slice, 0 + 1 + 2 + 3 = 6 (ConvMatrix: \(compactNumber(x3[0, 0, 0, 1, 1]))); the centre `x[1, 1, 1]` by all eight,
0 + 1 + … + 7 = 28 (ConvMatrix: \(compactNumber(x3[0, 0, 1, 1, 1]))).

Through `W` and through the direct convolution the outputs differ by \(x3Paths); from the source's printed
values (all \(2 * printed3Channel.count)) they differ by \(difference(x3.scalars, printed3Channel + printed3Channel)).

`W` is \(w3.rowCount) × \(w3.columnCount) with \(w3.nonzeroCount) entries: 8 input elements, each feeding a 2×2×2 copy of the kernel in
each of 2 channels. The same layer on an input of ones counts, at every output position, how many
kernel copies overlap there — the number of entries in that column of `W`:

\(channel(overlap, 0, side: 3, depth: 3))

Corners 1, edges 2, faces 4, the centre 8: the sums above are these counts weighted by the input.
""")
