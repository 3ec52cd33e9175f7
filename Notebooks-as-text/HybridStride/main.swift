// Notebook: one 3×3 filter with stride (½, 2) — a layer that upsamples time and downsamples space
// is one matrix W.
//
// Run it with `swift run notebook-hybrid-stride`; its output, committed as README.md beside this
// file, is checked by the tests so that it stays true. Every tensor holds small integers
// (NotebookSupport), so every difference printed is exactly 0 on any machine.
import ConvMatrix
import NotebookSupport

// The layer: 3 → 3 channels, one 3×3 filter, input dilation 2 along time (a stride of ½), stride 2
// along space, padding 1, on a batch of 2 inputs of 3 channels × 4 time steps × 5 positions.
let (batch, channels, time, space) = (2, 3, 4, 5)
let k = integers(channels * channels * 3 * 3, in: -2...2, seed: 1)
let b = integers(channels, in: -1...1, seed: 2)
let hybrid = try ConvolutionLayer.conv2d(inChannels: channels, outChannels: channels, kernelSize: 3, stride: [1, 2],
                                         padding: 1, inputDilation: [2, 1], weights: k, bias: b)
let x = try Tensor(shape: [batch, channels, time, space], scalars: integers(batch * channels * time * space, in: -3...3, seed: 3))
let ySparse = try hybrid(x, engine: .cholmod), yDense = try hybrid(x, engine: .dense)
let w = try hybrid.matrix(inputShape: x.shape)
let (outTime, outSpace) = (ySparse.shape[2], ySparse.shape[3])

print("""
# One filter with stride (½, 2)

A question asked on deep-learning forums: *I have a tensor of shape (N, C, T, S) —
time and space — and want one layer that doubles the time resolution while it halves the
spatial one. Can a single 3×3 filter have stride (½, 2)?* PyTorch cannot say that. The usual
answers build two layers (a strided convolution for space, then a transposed convolution for
time) or inject zeros by hand and convolve. This notebook shows that all three are the same
linear map — the same matrix `W`, entry by entry — and that ConvMatrix builds it as one layer.

A stride of ½ means: put one zero between neighbouring inputs along that axis, then slide the
filter with stride 1. ConvMatrix calls this *input dilation* (JAX's `lhs_dilation`); a stride `1/l`
is input dilation `l`. The layer is

```swift
let hybrid = try ConvolutionLayer.conv2d(inChannels: 3, outChannels: 3, kernelSize: 3, stride: [1, 2],
                                         padding: 1, inputDilation: [2, 1], weights: k, bias: b)
```

and on the command line it is written as the forum post writes it — a stride of ½ in a layer
string means input dilation 2 — with `--compact` and a block of rows and columns so that the grid
fits a terminal:

```sh
convmat show "nn.Conv2d(3, 3, 3, stride=(0.5, 2), padding=1)" --input 2x3x4x5 --compact --rows 0:21 --cols 0:20
```

(`stride=(1, 2)` with `--input-dilation 2,1` is the same layer.)

Weights, bias and input are small integers drawn from SplitMix64, so every number below is exact.

## 1. One layer, one matrix

On an input of shape \(tuple(x.shape)) the layer gives \(tuple(ySparse.shape)): time goes from \(time) to
(\(time) − 1)·2 + 1 = \(outTime) (zeros injected, then a 3-tap window with one pad on each side), space from
\(space) to (\(space) + 2 − 3) / 2 + 1 = \(outSpace). The forum post asks for (2, 3, 7, 3); this is \(ySparse.shape == [2, 3, 7, 3] ? "it" : "not it").

Its matrix has one row per output element of a sample and one column per input element:
\(w.rowCount) × \(w.columnCount), \(w.nonzeroCount) stored entries. Computed through `W` (CHOLMOD) and by the direct
convolution (which never reads `W`), the two outputs differ by at most \(difference(ySparse.scalars, yDense.scalars)).

""")

// 2. What one row reads.
/// The stored entries of output row `(co, t, s)` that read input channel `ci`, as `x[t', s'] · K[a, b]` lines.
func reads(co: Int, t: Int, s: Int, ci: Int) throws -> [String] {
    let row = (co * outTime + t) * outSpace + s
    return try w.entries(inRow: row).filter { $0.column / (time * space) == ci }.map { entry in
        let (ti, si) = (entry.column % (time * space) / space, entry.column % space)
        let tap = entry.taps[0] % 9
        return "x[\(ci), \(ti), \(si)] · K[\(co), \(ci), \(tap / 3), \(tap % 3)]"
    }
}
let tapsPerRow = (0..<(outTime * outSpace)).map { r in
    Int(w.csr64.rowPointers[r + 1] - w.csr64.rowPointers[r]) / channels
}
print("""
## 2. What a row of W reads

Row `(c, t, s)` of `W` holds the weights by which output element `y[c, t, s]` reads the input.
Along time, output `t` looks at the zero-injected positions `t − 1, t, t + 1`; input step `i` sits
at position `2i`. An even `t = 2i` therefore meets one real input (step `i`, through the middle row
of the filter) and two injected zeros, which `W` does not store; an odd `t = 2i + 1` meets steps `i`
and `i + 1`, through the filter's first and last rows. Output `y[0, 2, 1]` reads, from input channel 0,

    \(try reads(co: 0, t: 2, s: 1, ci: 0).joined(separator: "\n    "))

and `y[0, 1, 1]` reads

    \(try reads(co: 0, t: 1, s: 1, ci: 0).joined(separator: "\n    "))

Counting the taps each output position reads from one input channel (row length ÷ \(channels)) shows the
pattern over the whole \(outTime) × \(outSpace) output — even time steps read one filter row, odd ones two, and
the first and last spatial positions lose a column to the padding:

\(table(tapsPerRow.map(Double.init), columns: outSpace))

""")

// 3. The same matrix as zero injection followed by an ordinary strided convolution.
let inject = try LinearMap.zeroInjection(shape: [channels, time, space], factors: [1, 2, 1])
let strided = try ConvolutionLayer.conv2d(inChannels: channels, outChannels: channels, kernelSize: 3, stride: [1, 2],
                                          padding: 1, weights: k, bias: b)
let injected = [batch] + inject.outputShape
let stridedW = try strided.matrix(inputShape: injected)
let injectThenConvolve = try LinearPipeline([inject, .convolution(stridedW)])
let zeroInjection = try injectThenConvolve.composed()
let xInjected = try Tensor(shape: injected, scalars: try inject.apply(x.scalars, batch: batch))
let twoStepSparse = try strided(xInjected, engine: .cholmod), twoStepDense = try strided(xInjected, engine: .dense)
print("""
## 3. The same matrix: inject zeros, then convolve

The hand-made version first writes the input out with zeros between time steps, shape
\(tuple([batch] + inject.outputShape)), as a 0/1 matrix `D` (\(inject.matrix.rowCount) × \(inject.matrix.columnCount), one 1 per non-injected row), then applies
`Conv2d(3, 3, 3, stride=(1, 2), padding=1)`, whose matrix `W₂` is \(stridedW.rowCount) × \(stridedW.columnCount). Their product
`W₂·D` is formed as one sparse matrix:

```swift
let inject = try LinearMap.zeroInjection(shape: [3, 4, 5], factors: [1, 2, 1])
let product = try LinearPipeline([inject, .convolution(strided.matrix(inputShape: [2, 3, 7, 5]))]).composed()
```

It is \(zeroInjection.matrix.rowCount) × \(zeroInjection.matrix.columnCount) with \(zeroInjection.matrix.nonzeroCount) stored entries, and compared with `W` entry by entry (all \(w.rowCount * w.columnCount) of them) the largest difference is \(difference(dense(zeroInjection.matrix), dense(w.csr64))).
The injected zeros never become entries: the product keeps only the columns of `W₂` that meet real
inputs, which is why `W` has \(w.nonzeroCount) entries where `W₂` has \(stridedW.nonzeroCount).

The two-step computation of the output — `D·x` (sparse), then the strided layer through `W₂` and
through its direct convolution — differs from the one-layer output by at most \(difference(twoStepSparse.scalars, ySparse.scalars))
and \(difference(twoStepDense.scalars, ySparse.scalars)).

""")

// 4. The same matrix as two layers: downsample space, then a transposed convolution along time.
let s = integers(channels * channels * 3, in: -2...2, seed: 5)
let t = integers(channels * channels * 3, in: -2...2, seed: 6)
let downsample = try ConvolutionLayer.conv2d(inChannels: channels, outChannels: channels, kernelSize: [1, 3], stride: [1, 2],
                                             padding: [0, 1], weights: s)
let upsample = try ConvolutionLayer.convTranspose2d(inChannels: channels, outChannels: channels, kernelSize: [3, 1],
                                                    stride: [2, 1], padding: [1, 0], weights: t)
let middle = try downsample.outputShape(inputShape: x.shape)
let twoLayers = try LinearPipeline([.convolution(downsample.matrix(inputShape: x.shape)),
                                    .transposedConvolution(upsample.matrix(inputShape: middle))]).composed()
/// The one 3×3 filter the two layers amount to: `K[co, ci, a, b] = Σₘ T[m, co, 2 − a] · S[m, ci, b]`.
func product(_ s: [Double], _ t: [Double]) -> [Double] {
    var kernel = [Double](repeating: 0, count: channels * channels * 9)
    for co in 0..<channels {
        for ci in 0..<channels {
            for a in 0..<3 {
                for c in 0..<3 {
                    kernel[((co * channels + ci) * 3 + a) * 3 + c] = (0..<channels).reduce(0) { sum, m in
                        sum + t[(m * channels + co) * 3 + 2 - a] * s[(m * channels + ci) * 3 + c]
                    }
                }
            }
        }
    }
    return kernel
}
let kProduct = product(s, t)
let factored = try ConvolutionLayer.conv2d(inChannels: channels, outChannels: channels, kernelSize: 3, stride: [1, 2],
                                           padding: 1, inputDilation: [2, 1], weights: kProduct)
let wFactored = try factored.matrix(inputShape: x.shape)
let viaLayers = try upsample(downsample(x, engine: .cholmod), engine: .cholmod)
let viaLayersDense = try upsample(downsample(x, engine: .dense), engine: .dense)
let oneLayer = try factored(x)

/// The rank of the 9 × 9 unfolding `K[(co, a), (ci, b)]`, by Gaussian elimination with partial pivoting.
func unfoldedRank(_ kernel: [Double]) -> Int {
    var m = (0..<(channels * 3)).map { r in
        (0..<(channels * 3)).map { c in kernel[(((r / 3) * channels + c / 3) * 3 + r % 3) * 3 + c % 3] }
    }
    var rank = 0
    for column in 0..<m[0].count where rank < m.count {
        let pivot = (rank..<m.count).max { abs(m[$0][column]) < abs(m[$1][column]) }!
        guard abs(m[pivot][column]) > 1e-9 else { continue }
        m.swapAt(rank, pivot)
        for r in (rank + 1)..<m.count {
            let f = m[r][column] / m[rank][column]
            for c in column..<m[r].count { m[r][c] -= f * m[rank][c] }
        }
        rank += 1
    }
    return rank
}
let ones = try Tensor(repeating: 1.0, shape: middle)
let pushedBias = try upsample(ones, engine: .cholmod)
print("""
## 4. The same matrix: two layers

The other usual answer downsamples space first, `Conv2d(3, 3, (1, 3), stride=(1, 2), padding=(0, 1))`
with weights `S`, shape \(tuple(x.shape)) → \(tuple(middle)), and then upsamples time with
`ConvTranspose2d(3, 3, (3, 1), stride=(2, 1), padding=(1, 0))` with weights `T`, → \(tuple(viaLayers.shape)). As
matrices that is `W_Tᵀ·W_S`: \(twoLayers.matrix.rowCount) × \(twoLayers.matrix.columnCount) with \(twoLayers.matrix.nonzeroCount) stored entries.

It is the hybrid layer whose filter is the product of the two:
`K[co, ci, a, b] = Σₘ T[m, co, 2 − a] · S[m, ci, b]`. The transposed layer reads its kernel back to
front, `2 − a`, because it *scatters* input step `i` to output `2i − 1 + a'` while the hybrid layer
*gathers* output `t` from injected position `t − 1 + a`. Compiled with that filter, the one-layer
`W` and the two-layer product differ by at most \(difference(dense(twoLayers.matrix), dense(wFactored.csr64))) over all their entries, and the outputs —
two layers through `W` and through the direct convolution, one layer through `W` — by at most
\(difference(viaLayers.scalars, oneLayer.scalars)) and \(difference(viaLayersDense.scalars, oneLayer.scalars)).

The converse does not hold. Read as a 9 × 9 matrix with rows `(co, a)` and columns `(ci, b)`, a
filter made of two layers with 3 channels between them has rank at most 3 (here \(unfoldedRank(kProduct))); the random
filter `K` of sections 1–3 has rank \(unfoldedRank(k)). One layer with stride (½, 2) expresses strictly more
than the pair: its \(k.count) weights are all free, while the pair's \(s.count + t.count) reach only filters of rank ≤ 3.

Biases do not carry over either. The first layer's bias, pushed through the transposed layer,
arrives at the output as `W_Tᵀ·b₁`; for `b₁ = 1` in every channel, output channel 0 receives

\(table(pushedBias.scalars[0..<(outTime * outSpace)], columns: outSpace))

Even time steps collect the middle tap of `T`, odd ones the two outer taps: the sum alternates
along time, so it is not a per-channel constant, and the two-layer pair with biases is not a
convolution with a bias at all. (This alternation is the checkerboard of strided transposed
convolutions, in one dimension; see the Checkerboard notebook.)

""")

// 5. Gradients flow through Wᵀ.
let gy = try Tensor(shape: ySparse.shape, scalars: integers(ySparse.scalars.count, in: -2...2, seed: 7))
let gradients = try hybrid.backward(gradOutput: gy, input: x, engine: .cholmod)
let gradientsDense = try hybrid.backward(gradOutput: gy, input: x, engine: .dense)
let throughWT = try w.applyTransposed(gy.scalars, batch: batch)
let staged = try injectThenConvolve.applyTransposed(gy.scalars, batch: batch)
print("""
## 5. Gradients flow through Wᵀ

Training needs `∂L/∂x` from `∂L/∂y`. For any linear layer that is `Wᵀ·∂L/∂y`, with the same
matrix: no fractional-stride backward kernel is needed. For an integer gradient `gy` of shape
\(tuple(gy.shape)), `layer.backward(gradOutput:input:)` through `W` and through the direct convolution,
`Wᵀ·gy` formed with `W`'s own arrays, and the staged chain `Dᵀ·W₂ᵀ·gy` of section 3 — where `Dᵀ`
simply keeps the even time steps, the injected zeros' gradients being thrown away — agree:

| compared | max \\|difference\\| |
|---|---|
| `∂L/∂x` through `W` vs direct | \(difference(gradients.input.scalars, gradientsDense.input.scalars)) |
| `∂L/∂x` vs `Wᵀ·gy` | \(difference(gradients.input.scalars, throughWT)) |
| `∂L/∂x` vs `Dᵀ·W₂ᵀ·gy` | \(difference(gradients.input.scalars, staged)) |
| `∂L/∂K` through `W` vs direct | \(difference(gradients.weights, gradientsDense.weights)) |
| `∂L/∂b` through `W` vs direct | \(difference(gradients.bias!, gradientsDense.bias!)) |

The input gradient has the input's shape \(tuple(gradients.input.shape)). `W` is compiled once for this input shape
and serves the forward pass, the input gradient and — through its tap map, which records which
weight each entry came from — the weight gradient.
""")
