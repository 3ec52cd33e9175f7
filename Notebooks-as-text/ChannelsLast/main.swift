// Notebook: channels-last without transposes — a layout is only a numbering of W's rows and columns.
//
// Run it with `swift run notebook-channels-last`; its output, committed as README.md beside this
// file, is checked by the tests so that it stays true. Every tensor holds small integers
// (NotebookSupport), so every difference printed is exactly 0 on any machine.
import ConvMatrix
import NotebookSupport

/// Labels `name(c,l)` for a (channels × length) tensor numbered channels-first or channels-last.
func labels(_ name: String, channels: Int, length: Int, channelsLast: Bool) -> [String] {
    channelsLast ? (0..<length).flatMap { l in (0..<channels).map { c in "\(name)(\(c),\(l))" } }
                 : (0..<channels).flatMap { c in (0..<length).map { l in "\(name)(\(c),\(l))" } }
}

print("""
# Channels-last without transposes

Sequence data usually arrives as `(N, L, C)`: batch, length, channels — one feature vector per
time step. PyTorch's `Conv1d` wants `(N, C, L)`, so code around it is full of
`x.transpose(1, 2)`, the convolution, and `.transpose(1, 2)` back, each a copy of the whole tensor
when something downstream needs it contiguous. A model that regroups features by reshaping
`(L, 2C) → (2L, C)` between two convolutions needs four of them.

In the matrix view a transpose of axes is a permutation matrix `P`: one 1 per row, moving
elements. ConvMatrix never applies one. A tensor's *layout* says in which order its elements are
numbered, and `W`'s rows are numbered in the output's layout and its columns in the input's, so
the permutations are absorbed into `W` when it is compiled. This notebook shows it on the smallest
layer that has something to permute, and then on the reshape pipeline, where the composition of
seven stages with transposes and the composition of three without are the same matrix.

""")

// 1. The smallest example.
let tinyWeights = (1...8).map(Double.init)
let tinyFirst = try ConvolutionLayer.conv1d(inChannels: 2, outChannels: 2, kernelSize: 2, weights: tinyWeights)
let tinyLast = try ConvolutionLayer.conv1d(inChannels: 2, outChannels: 2, kernelSize: 2, layout: .channelsLast,
                                           weights: tinyWeights)
let wFirst = try tinyFirst.matrix(inputShape: [1, 2, 3]), wLast = try tinyLast.matrix(inputShape: [1, 3, 2])
let tinyThroughTransposes = try LinearPipeline([
    .permutation(shape: [3, 2], order: [1, 0]), .convolution(wFirst), .permutation(shape: [2, 2], order: [1, 0]),
]).composed()
let tinyX = try Tensor(shape: [1, 3, 2], layout: .channelsLast, scalars: integers(6, in: -3...3, seed: 4))
let tinyY = try tinyLast(tinyX), tinyYDense = try tinyLast(tinyX, engine: .dense)
print("""
## 1. A layout is a numbering

`Conv1d(2, 2, kernel_size=2)` with weights `K[co, ci, a]` = 1, 2, …, 8 (PyTorch's order) on a
length-3 input. Channels-first, as PyTorch numbers the elements — `x(c,l)` is channel `c` at
position `l` — its matrix is

```
\(grid(wFirst.csr64, rows: labels("y", channels: 2, length: 2, channelsLast: false),
       columns: labels("x", channels: 2, length: 3, channelsLast: false)))
```

The same layer built with `layout: .channelsLast` takes `(N, L, C)` tensors as they are:

```
\(grid(wLast.csr64, rows: labels("y", channels: 2, length: 2, channelsLast: true),
       columns: labels("x", channels: 2, length: 3, channelsLast: true)))
```

Every row holds the same values as before — `y(1,0)` still reads `x(0,0)`, `x(0,1)`, `x(1,0)`,
`x(1,1)` with weights 5, 6, 7, 8 — only the rows and columns are listed in another order. Both
matrices store \(wFirst.nonzeroCount) entries. Written as the transpose-based code computes it, `P_out·W·P_in` with
`P_in` the 0/1 matrix of `(L, C) → (C, L)` and `P_out` that of `(C, L) → (L, C)`, the product
differs from the channels-last `W` by \(difference(dense(tinyThroughTransposes.matrix), dense(wLast.csr64))) over all \(wLast.rowCount * wLast.columnCount) entries. On an
integer `(N, L, C)` input, the channels-last layer through `W` and through the direct convolution
(which never reads `W`) differ by \(difference(tinyY.scalars, tinyYDense.scalars)).

""")

// 2. The reshape pipeline.
let (batch, channels, length) = (2, 2, 7)
let (wide, k) = (2 * channels, 3)
let k1 = integers(wide * channels * k, in: -2...2, seed: 1), k2 = integers(wide * channels * k, in: -2...2, seed: 2)
let conv1 = try ConvolutionLayer.conv1d(inChannels: channels, outChannels: wide, kernelSize: [k], layout: .channelsLast, weights: k1)
let conv2 = try ConvolutionLayer.conv1d(inChannels: channels, outChannels: wide, kernelSize: [k], layout: .channelsLast, weights: k2)
let x = try Tensor(shape: [batch, length, channels], layout: .channelsLast,
                   scalars: integers(batch * length * channels, in: -3...3, seed: 3))
let h = try conv1(x)
let l1 = h.shape[1]
let regrouped = try Tensor(shape: [batch, 2 * l1, channels], layout: .channelsLast, scalars: h.scalars)
let y = try conv2(regrouped), yDense = try conv2(try Tensor(shape: regrouped.shape, layout: .channelsLast,
                                                          scalars: try conv1(x, engine: .dense).scalars), engine: .dense)
let l2 = y.shape[1]
let direct = try LinearPipeline([
    .convolution(conv1.matrix(inputShape: x.shape)), .reshape(from: [l1, wide], to: [2 * l1, channels]),
    .convolution(conv2.matrix(inputShape: regrouped.shape)),
])
let first1 = try ConvolutionLayer.conv1d(inChannels: channels, outChannels: wide, kernelSize: [k], weights: k1)
let first2 = try ConvolutionLayer.conv1d(inChannels: channels, outChannels: wide, kernelSize: [k], weights: k2)
let viaTransposes = try LinearPipeline([
    .permutation(shape: [length, channels], order: [1, 0]),
    .convolution(first1.matrix(inputShape: [1, channels, length])),
    .permutation(shape: [wide, l1], order: [1, 0]),
    .reshape(from: [l1, wide], to: [2 * l1, channels]),
    .permutation(shape: [2 * l1, channels], order: [1, 0]),
    .convolution(first2.matrix(inputShape: [1, channels, 2 * l1])),
    .permutation(shape: [wide, l2], order: [1, 0]),
])
let directMatrix = try direct.composed(), transposeMatrix = try viaTransposes.composed()
let staged = try viaTransposes.apply(x.scalars, batch: batch)
/// One line per stage: its name, shapes and stored entries.
func stages(_ p: LinearPipeline) -> String {
    p.stages.enumerated().map { i, s in
        "    \(i + 1). \(s.name.hasPrefix("Conv") ? "convolution" : s.name): \(tuple(s.inputShape)) → \(tuple(s.outputShape)), \(s.matrix.nonzeroCount) entries"
    }.joined(separator: "\n")
}
print("""
## 2. The reshape pipeline

The model: `Conv1d(\(channels), \(wide), 3)` on `(N, L, C)` = \(tuple(x.shape)), giving \(tuple(h.shape)); then the features of
each step are split in two and laid out as two steps, `(L, 2C) → (2L, C)` = \(tuple(regrouped.shape)); then
`Conv1d(\(channels), \(wide), 3)` again, giving \(tuple(y.shape)). Weights and input are small integers drawn from
SplitMix64.

Written for PyTorch, a sample goes through seven stages, four of them transposes:

\(stages(viaTransposes))

With both convolutions compiled channels-last there are three, and the reshape between them
moves nothing — in `(L, C)` order, `(\(l1), \(wide))` and `(\(2 * l1), \(channels))` list the same elements in the same order, so
its matrix is the identity:

\(stages(direct))

In code, with the two channels-last layers `conv1` and `conv2`:

```swift
let direct = try LinearPipeline([
    .convolution(conv1.matrix(inputShape: [\(batch), \(length), \(channels)])),
    .reshape(from: [\(l1), \(wide)], to: [\(2 * l1), \(channels)]),
    .convolution(conv2.matrix(inputShape: [\(batch), \(2 * l1), \(channels)])),
]).composed()                                   // one sparse matrix: W₂·R·W₁
```

Multiplied out, each chain is one \(directMatrix.matrix.rowCount) × \(directMatrix.matrix.columnCount) matrix. The transpose-based one stores
\(transposeMatrix.matrix.nonzeroCount) entries and the direct one \(directMatrix.matrix.nonzeroCount), and entry by entry they differ by \(difference(dense(transposeMatrix.matrix), dense(directMatrix.matrix))): the four
transposes have disappeared into the numbering of the two `W`s' rows and columns.

On the batch of \(batch), the two channels-last layers called through `W` (CHOLMOD) and through the
direct convolution, and the seven stages applied one by one, give the same \(tuple(y.shape)) output:

| compared | max \\|difference\\| |
|---|---|
| layers through `W` vs direct convolution | \(difference(y.scalars, yDense.scalars)) |
| layers through `W` vs the seven stages | \(difference(y.scalars, staged)) |
| one composed matrix vs the seven stages | \(difference(try directMatrix.apply(x.scalars, batch: batch), staged)) |

Nothing was permuted at run time: a layout changes only which index each row and column of `W`
has, and the work of applying `W` — one multiply-add per stored entry — is the same in any order.
""")
