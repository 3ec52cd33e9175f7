// Notebook: padding modes are matrices — reflect, replicate and circular padding as W₀·P, and
// their transposed layers as exact adjoints.
//
// Run it with `swift run notebook-padding-modes`; its output, committed as README.md beside this
// file, is checked by the tests so that it stays true. Every tensor holds integers
// (NotebookSupport), so every difference printed is exactly 0 on any machine.
import ConvMatrix
import NotebookSupport

/// `Σ aᵢ·bᵢ`.
func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

/// Which input element padded position `i` (from `−pad` to `n + pad − 1`) copies under `mode`, by
/// the textbook definitions; `nil` for a zero.
func source(_ i: Int, length n: Int, mode: PaddingMode) -> Int? {
    if i >= 0 && i < n { return i }
    switch mode {
    case .zeros: return nil
    case .reflect: return i < 0 ? -i : 2 * (n - 1) - i
    case .replicate: return min(max(i, 0), n - 1)
    case .circular: return (i % n + n) % n
    }
}

/// `P`: the 0/1 matrix that pads every axis of a `(C, d₁, …)` tensor by `pad` on both sides under
/// `mode` — row `(c, i₁, …)` of the padded tensor holds a 1 in the column of the element it copies.
func padding(shape: [Int], pad: Int, mode: PaddingMode) throws -> LinearMap {
    let padded = [shape[0]] + shape.dropFirst().map { $0 + 2 * pad }
    let rows = padded.reduce(1, *)
    var pointers: [Int64] = [0], columns: [Int64] = []
    for r in 0..<rows {
        var rest = r, column = 0, scale = 1, zero = false
        for axis in stride(from: padded.count - 1, through: 0, by: -1) {
            let i = rest % padded[axis]
            rest /= padded[axis]
            let s = axis == 0 ? i : source(i - pad, length: shape[axis], mode: mode)
            if let s { column += s * scale } else { zero = true }
            scale *= shape[axis]
        }
        if !zero { columns.append(Int64(column)) }
        pointers.append(Int64(columns.count))
    }
    let matrix = try CSRMatrix<Int64>(rowCount: rows, columnCount: shape.reduce(1, *), rowPointers: pointers,
                                      columnIndices: columns, values: [Double](repeating: 1, count: columns.count))
    return try LinearMap(name: "pad \(mode)", inputShape: shape, outputShape: padded, matrix: matrix)
}

let modes: [PaddingMode] = [.zeros, .reflect, .replicate, .circular]
let length = 5, pad = 2
let letters = ["a", "b", "c", "d", "e"]
let paddedLines = modes.map { mode in
    "    " + mode.rawValue + String(repeating: " ", count: 10 - mode.rawValue.count) + (-pad..<(length + pad)).map { i in
        source(i, length: length, mode: mode).map { letters[$0] } ?? "0"
    }.joined(separator: " ")
}
print("""
# Padding modes are matrices

PyTorch's `padding_mode` decides what a convolution sees beyond the edges of its input: zeros,
a mirror image (`reflect`), the edge element repeated (`replicate`), or the other end of the
signal (`circular`). For `x = a b c d e` and two elements of padding on each side:

\(paddedLines.joined(separator: "\n"))

Every one of these is linear in `x`: the padded signal is `P·x` for a 0/1 matrix `P` with one row
per padded position and at most one 1 per row. A convolution with any padding mode is therefore
`W = W₀·P`, where `W₀` is the same convolution *without* padding, applied to the padded signal.
This notebook builds `P` explicitly from the definitions above, multiplies, and compares with the
`W` that ConvMatrix compiles for each mode; then it uses the product to answer a question PyTorch
cannot: what is the *transposed* convolution with reflect padding?

""")

// 1. One dimension, weights that show their taps.
let taps: [Double] = [1, 10, 100]
let line = try Tensor(shape: [1, 1, length], scalars: integers(length, in: -3...3, seed: 4))
/// `Conv1d(1, 1, 3, padding=2, padding_mode=mode)` with weights 1, 10, 100 on length 5: its `W`, `W₀·P`, and
/// how far the layer through `W` is from the direct convolution on an integer input.
func oneD(_ mode: PaddingMode) throws -> (w: ConvolutionMatrix, product: LinearMap, paths: String) {
    let layer = try ConvolutionLayer.conv1d(inChannels: 1, outChannels: 1, kernelSize: 3, padding: [pad], paddingMode: mode,
                                            weights: taps)
    let plain = try ConvolutionLayer.conv1d(inChannels: 1, outChannels: 1, kernelSize: 3, weights: taps)
    let p = try padding(shape: [1, length], pad: pad, mode: mode)
    let product = try LinearPipeline([p, .convolution(plain.matrix(inputShape: [1] + p.outputShape))]).composed()
    let paths = difference(try layer(line).scalars, try layer(line, engine: .dense).scalars)
    return (try layer.matrix(inputShape: [1, 1, length]), product, paths)
}
let reflectP = try padding(shape: [1, length], pad: pad, mode: .reflect)
let oneDs = try modes.map(oneD)
print("""
## 1. P, and what it does to W

`P` for reflect padding on length 5 is 9 × 5 (rows: padded positions −2 … 6, numbered from 0):

```
\(grid(reflectP.matrix, rows: (0..<reflectP.matrix.rowCount).map { "p\($0)" }, columns: (0..<length).map { "x\($0)" }))
```

Take `Conv1d(1, 1, 3, padding=2)` with weights `[1, 10, 100]`, chosen so that every entry of `W`
shows which taps it is made of: 101 is tap 0 plus tap 2. Its `W` (7 × 5) in each mode, as
ConvMatrix compiles it:

""")
for (mode, (w, _, _)) in zip(modes, oneDs) {
    print("`\(mode)`:\n\n```\n\(grid(w.csr64, rows: (0..<w.rowCount).map { "y\($0)" }, columns: (0..<length).map { "x\($0)" }))\n```\n")
}
print("""
With zeros, taps that fall on padding simply disappear. With the other modes they land on an
input element — for reflect, row `y0` reads `x2 x1 x0` and row `y1` reads `x1 x0 x1`, so tap 0 and
tap 2 meet on `x1` and the entry is 1 + 100 = 101. ConvMatrix stores one entry per (row, input
element) and remembers every tap that made it, so values and weight gradients stay exact.

Compared entry by entry with the product `W₀·P` (`W₀` is the 7 × 9 matrix of the unpadded
convolution on the padded length 9), and applied to an integer input through `W` and through the
direct convolution, which pads its own buffer and never reads `W` (max |difference| in each case):

| mode | entries of `W` | entries of `W₀·P` | `W` vs `W₀·P` | `W·x`: `W` vs direct |
|---|---|---|---|---|
\(zip(modes, oneDs).map { mode, one in
    "| `\(mode)` | \(one.w.nonzeroCount) | \(one.product.matrix.nonzeroCount) | \(difference(dense(one.w.csr64), dense(one.product.matrix))) | \(one.paths) |"
}.joined(separator: "\n"))

""")

// 2. Two dimensions, channels, both paths.
let (inC, outC, height, width) = (2, 3, 4, 5)
let kernel = integers(outC * inC * 9, in: -2...2, seed: 1)
let x = try Tensor(shape: [1, inC, height, width], scalars: integers(inC * height * width, in: -3...3, seed: 2))
let y = try Tensor(shape: [1, outC, height, width], scalars: integers(outC * height * width, in: -3...3, seed: 3))
let plain2 = try ConvolutionLayer.conv2d(inChannels: inC, outChannels: outC, kernelSize: 3, weights: kernel)
let w0 = try plain2.matrix(inputShape: [1, inC, height + 2, width + 2])
/// One mode in 2-D: `W` against `W₀·P`, the layer through `W` against the direct convolution, and
/// the adjoint identity between the layer and its transposed layer.
func twoD(_ mode: PaddingMode) throws -> String {
    let conv = try ConvolutionLayer.conv2d(inChannels: inC, outChannels: outC, kernelSize: 3, padding: 1, paddingMode: mode,
                                           weights: kernel)
    let convT = try ConvolutionLayer.convTranspose2d(inChannels: outC, outChannels: inC, kernelSize: 3, padding: 1,
                                                     paddingMode: mode, weights: kernel)
    let p = try padding(shape: [inC, height, width], pad: 1, mode: mode)
    let product = try LinearPipeline([p, .convolution(w0)])
    let w = try conv.matrix(inputShape: x.shape)
    let wx = try conv(x), wxDense = try conv(x, engine: .dense)
    let wty = try convT(y), wtyDense = try convT(y, engine: .dense)
    let staged = try product.applyTransposed(y.scalars, batch: 1)
    return "| `\(mode)` | \(w.nonzeroCount) | \(difference(dense(w.csr64), dense(try product.composed().matrix))) | "
        + "\(difference(wx.scalars, wxDense.scalars)) | \(difference(wty.scalars, wtyDense.scalars)) | "
        + "\(difference(wty.scalars, staged)) | \(compactNumber(dot(wx.scalars, y.scalars))) | \(compactNumber(dot(x.scalars, wty.scalars))) |"
}
print("""
## 2. Two dimensions, and the transposed layers

The same holds for `Conv2d(\(inC), \(outC), 3, padding=1, padding_mode=…)` on a \(inC)×\(height)×\(width) input (integer weights and
input from SplitMix64): `P` pads both spatial axes of every channel, `W₀` is the unpadded
convolution on \(inC)×\(height + 2)×\(width + 2) (\(w0.rowCount) × \(w0.columnCount)), and `W = W₀·P` is \(w0.rowCount) × \(inC * height * width).

PyTorch's `ConvTranspose2d` accepts only `padding_mode='zeros'` (any other raises `ValueError: Only
"zeros" padding mode is supported for ConvTranspose2d`). In the matrix view there is nothing to
refuse: the transposed layer is `Wᵀ = Pᵀ·W₀ᵀ`. `W₀ᵀ` is an ordinary transposed convolution, and `Pᵀ`
*folds* the padding back — every padded position adds its value onto the element it copied, so the
elements next to the edge of a reflect-padded input also collect the gradients of their mirror
images. ConvMatrix builds `ConvTranspose2d(\(outC), \(inC), 3, padding=1, padding_mode=…)` as exactly that
`Wᵀ`, and the direct transposed convolution folds its padding the same way. Both layers take the
mode as a parameter:

```swift
let conv = try ConvolutionLayer.conv2d(inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1,
                                       paddingMode: .reflect, weights: k)
let convT = try ConvolutionLayer.convTranspose2d(inChannels: 3, outChannels: 2, kernelSize: 3, padding: 1,
                                                 paddingMode: .reflect, weights: k)
```

For every mode, with an integer `y` of the layer's output shape:

| mode | entries of `W` | `W` vs `W₀·P` | `W·x`: `W` vs direct | `Wᵀ·y`: `W` vs direct | `Wᵀ·y` vs `Pᵀ·(W₀ᵀ·y)` | ⟨`W·x`, `y`⟩ | ⟨`x`, `Wᵀ·y`⟩ |
|---|---|---|---|---|---|---|---|
\(try modes.map(twoD).joined(separator: "\n"))

The last two columns are the definition of the adjoint, `⟨W·x, y⟩ = ⟨x, Wᵀ·y⟩`, and they are equal
for every mode: the transposed layer with reflect, replicate or circular padding is the exact
adjoint — the input gradient — of the convolution with that padding. That is what a decoder
mirroring an encoder with reflect padding needs, and what the missing PyTorch mode would have to
compute (pytorch/pytorch#46027 asks for it: circular padding for the transposed layers of CNNs on
periodic lattices).
""")
