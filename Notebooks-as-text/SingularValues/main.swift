// Notebook: the singular values of a convolutional layer.
//
// Exact singular values of a convolution's matrix W for every padding mode and stride, PyTorch's
// spectral_norm estimate beside them, and the FFT closed form of circular layers as a second
// derivation. Run it with `swift run notebook-singular-values`; its output, committed as README.md
// beside this file, is checked by the tests so that it stays true. Numbers are printed to six
// significant digits, so that the rendering does not depend on which LAPACK/BLAS is installed.
import ConvMatrix
import ConvMatrixSpectrum
import Foundation

/// Six significant digits.
func f(_ value: Double) -> String { value.isInfinite ? "∞" : String(format: "%.6g", value) }

/// A singular value, or `0` when it is below LAPACK's rank tolerance (its digits are rounding).
func sigma(_ value: Double, _ r: SpectrumReport) -> String { value <= r.rankTolerance ? "0 (< tolerance)" : f(value) }

/// The condition number, `∞` for a rank-deficient `W`.
func condition(_ r: SpectrumReport) -> String { r.rank! < r.count ? "∞" : f(r.conditionNumber!) }

/// A Markdown table row.
func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }

/// The 3×3 binomial blur `[[1, 2, 1], [2, 4, 2], [1, 2, 1]] / 16`.
let blur: [Double] = [1, 2, 1, 2, 4, 2, 1, 2, 1].map { $0 / 16 }

/// `count` values uniform in [-1, 1) from SplitMix64 (the library's generator): the same everywhere.
func random(_ count: Int, seed: UInt64) -> [Double] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in Double.random(in: -1..<1, using: &generator) }
}

print("""
# The singular values of a convolutional layer

A convolution is a linear map `y = W·x`, and `W` is an explicit sparse matrix here. Its singular
values say how much the layer can stretch (`σ_max = ‖W‖₂`, the Lipschitz constant that robustness
certificates and spectral normalisation are about) and how much it can squash (`σ_min`; the
condition number `σ_max/σ_min` says how hard the layer is to invert). They depend on everything
the layer does at the border and between strides — padding mode, stride, dilation, groups — and
on the input size. `ConvolutionLayer.spectrum` computes them exactly: a dense SVD (LAPACK) for
small `W`, Lanczos through the sparse matrix (ARPACK and CHOLMOD) for large ones, and the FFT
closed form for circular stride-1 layers.

""")

// 1. Padding modes.
print("""
## 1. One kernel, four borders

The 3×3 binomial blur `[[1, 2, 1], [2, 4, 2], [1, 2, 1]] / 16` on an 8×8 image, `padding=1`: the
interior of `W` is the same in every case, only the border rows differ.

""")
print(row(["padding_mode", "σ_max = ‖W‖₂", "σ_min", "condition", "rank of 64"]))
print(row(["---", "---", "---", "---", "---"]))
for mode in PaddingMode.allCases {
    let layer = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 3, padding: 1, paddingMode: mode,
                                            weights: blur)
    let r = try layer.spectrum(inputShape: [1, 1, 8, 8], top: 1, bottom: 1, method: .dense)
    print(row(["`\(mode)`", f(r.norm), sigma(r.bottom[0], r), condition(r), "\(r.rank!)"]))
}
print("""

The blur is separable: `W = A ⊗ A` with `A` the 1-d blur `[1, 2, 1]/4` on 8 samples, so `W`'s
singular values are the products of two of `A`'s. With circular padding `A` is circulant and its
singular values are the magnitudes of the kernel's DFT, `(1 + cos ω)/2` at `ω = 2πf/8`: `1` at
`ω = 0` (the blur keeps constants, `σ_max = 1`) and `0` at `ω = π` — the alternating signal
`+1, −1, +1, …` is erased. `A ⊗ A` then has 8 + 8 − 1 = 15 zero values: rank 49. Reflect padding
mirrors that alternating signal into itself, so it is erased too (rank 49, and reflection adds
border mass: `σ_max > 1`). Zero and replicate padding weigh the border differently and keep
every dimension, but barely: condition numbers near 10³.

""")

// 2. Strides.
print("""
## 2. Strides

The same blur with `stride=2` keeps one output in four: `W` is 16 × 64, so it has 16 singular
values and a 48-dimensional null space no padding can fill.

""")
print(row(["padding_mode", "stride", "W", "σ_max", "σ_min (of 16)", "condition"]))
print(row(["---", "---", "---", "---", "---", "---"]))
for mode in [PaddingMode.zeros, .circular] {
    for stride in [1, 2] {
        let layer = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 3, stride: AxisValues([stride, stride]),
                                                padding: 1, paddingMode: mode, weights: blur)
        let r = try layer.spectrum(inputShape: [1, 1, 8, 8], top: 1, bottom: 1, method: .dense)
        print(row(["`\(mode)`", "\(stride)", "\(r.rows) × \(r.columns)", f(r.norm), sigma(r.bottom[0], r), condition(r)]))
    }
}
print("""

Circular with stride 2 samples the circulant's rows: the 16 values are no longer magnitudes of
one DFT (the closed form needs stride 1), and the checkerboard's zero is gone — `σ_min > 0`
among the 16 values the wide `W` has.

""")

// 3. PyTorch's estimate.
print("""
## 3. What `spectral_norm` reports

PyTorch's `torch.nn.utils.spectral_norm` divides the weight by the largest singular value of the
kernel reshaped to `(C_out, C_in·k_h·k_w)` — not by `‖W‖₂`. For random 3×3 layers on 8×8 inputs
(zero padding 1, weights uniform in [−1, 1)):

""")
print(row(["channels", "‖W‖₂ (exact)", "reshaped kernel (PyTorch)", "ratio", "bound √(k_h·k_w)"]))
print(row(["---", "---", "---", "---", "---"]))
for (index, channels) in [1, 4, 16].enumerated() {
    let layer = try ConvolutionLayer.conv2d(inChannels: channels, outChannels: channels, kernelSize: 3, padding: 1,
                                            weights: random(channels * channels * 9, seed: UInt64(index + 1)))
    let r = try layer.spectrum(inputShape: [1, channels, 8, 8], top: 1, bottom: 0)
    print(row(["\(channels) → \(channels)", f(r.norm), f(r.spectralNormEstimate), f(r.norm / r.spectralNormEstimate), "3"]))
}
print("""

The reshaped kernel underestimates the operator norm, by up to `√(k_h·k_w) = 3` for a 3×3
kernel (the exact bound: each output reads 9 shifted copies of the input). A layer
"normalised" by PyTorch can still stretch inputs by more than 1; `‖W‖₂` is the number a
Lipschitz bound needs (pytorch#99149).

""")

// 4. The FFT cross-check.
let circular = try ConvolutionLayer.conv2d(inChannels: 4, outChannels: 4, kernelSize: 3, padding: 1, paddingMode: .circular,
                                           weights: random(144, seed: 7))
let shape = [1, 4, 8, 8]
let byFFT = try circular.spectrum(inputShape: shape, top: 4, bottom: 2, method: .fft)
let byLanczos = try circular.spectrum(inputShape: shape, top: 4, bottom: 2, method: .lanczos)
let byDense = try circular.spectrum(inputShape: shape, top: 4, bottom: 2, method: .dense)
let worst = zip(byFFT.top + byFFT.bottom, byLanczos.top + byLanczos.bottom).map { abs($0 - $1) / $1 }.max()!
let worstDense = zip(byFFT.top + byFFT.bottom, byDense.top + byDense.bottom).map { abs($0 - $1) / $1 }.max()!
print("""
## 4. Three derivations of one spectrum

For circular padding and stride 1, Sedghi, Gupta & Long (ICLR 2019) give the singular values in
closed form: the Fourier modes block-diagonalise `W`, so the FFT of the kernel at the input size
yields one small `C_out × C_in` matrix per frequency, and `W`'s singular values are theirs
together. A random 4-channel circular layer on 8×8 (`W` 256 × 256):

""")
print(row(["", "FFT closed form", "Lanczos on WᵀW (ARPACK, CHOLMOD)", "dense SVD (LAPACK)"]))
print(row(["---", "---", "---", "---"]))
for i in 0..<4 {
    print(row(["σ\(i + 1)", f(byFFT.top[i]), f(byLanczos.top[i]), f(byDense.top[i])]))
}
for i in (0..<2).reversed() {
    print(row(["σ\(byFFT.count - i)", f(byFFT.bottom[i]), f(byLanczos.bottom[i]), f(byDense.bottom[i])]))
}
print("""

The largest values come in pairs: frequencies `f` and `−f` give complex-conjugate blocks with
equal singular values, and Lanczos finds both copies of each. The three methods share nothing but the weights and agree to \(worst <= 1e-10 && worstDense <= 1e-10 ? "within 1e-10 relative" : "NOT within 1e-10 (a bug)").
From the command line:

    convmat spectrum "nn.Conv2d(4, 4, 3, padding=1, padding_mode='circular')" --input 1x4x8x8 --fill random --method fft
""")
