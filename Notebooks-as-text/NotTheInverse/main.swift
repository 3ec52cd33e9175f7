// Notebook: the transposed convolution is not the inverse.
//
// A blurred picture recovered three ways — the transposed convolution Wᵀ·y, the least-squares
// inverse, and Tikhonov regularisation — with ConvMatrix's LeastSquaresSolver (CHOLMOD, and
// CXSparse QR as a second derivation). Run it with `swift run notebook-not-the-inverse`; its
// output, committed as README.md beside this file, is checked by the tests. Given a directory,
// it also writes its pictures (PNG) and the .npy files of `convmat solve --help` there:
//     swift run notebook-not-the-inverse Notebooks-as-text/NotTheInverse > Notebooks-as-text/NotTheInverse/README.md
import ConvMatrix
import ConvMatrixIO
import Foundation

let directory = CommandLine.arguments.dropFirst().first
let side = 32

/// The test picture, 32 × 32 in [0, 1]: a square, a disc, a "T" and an "L" on black.
func picture() -> [Double] {
    var x = [Double](repeating: 0, count: side * side)
    func fill(_ rows: Range<Int>, _ columns: Range<Int>, _ value: Double) {
        for r in rows { for c in columns { x[r * side + c] = value } }
    }
    fill(4..<13, 4..<13, 1)                                   // square
    for r in 0..<side { for c in 0..<side where (r - 22) * (r - 22) + (c - 22) * (c - 22) <= 36 { x[r * side + c] = 0.7 } }
    fill(3..<6, 17..<29, 0.85); fill(6..<14, 21..<24, 0.85)   // T
    fill(17..<29, 4..<7, 0.5); fill(26..<29, 7..<14, 0.5)     // L
    return x
}

/// The 5 × 5 Gaussian of σ = 1, normalised to sum 1: exp(−(a² + b²)/2) for a, b ∈ −2…2.
let kernel: [Double] = {
    let raw = (0..<25).map { i -> Double in
        let a = Double(i / 5 - 2), b = Double(i % 5 - 2)
        return exp(-(a * a + b * b) / 2)
    }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total }
}()

/// `‖a − b‖ / ‖b‖`.
func relative(_ a: [Double], _ b: [Double]) -> Double {
    let d = zip(a, b).map { $0 - $1 }
    return norm(d) / norm(b)
}
func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// Three significant digits, or an order of magnitude for values at rounding level (whose digits
/// depend on the BLAS CHOLMOD calls).
func show(_ v: Double) -> String { v < 1e-8 ? "< 1e-8" : String(format: "%.3g", v) }

/// "agrees with CHOLMOD to better than 10⁻⁷" (relative; the digits below that depend on the BLAS).
func agreement(_ e: Double) -> String { e < 1e-7 ? "agrees with CHOLMOD to better than 10⁻⁷" : "differs from CHOLMOD by \(show(e))" }

/// Writes `values` as a 4×-enlarged grey picture `name.png` (black 0, white 1) when a directory was given.
func picture(_ values: [Double], _ name: String, title: String) throws {
    guard let directory else { return }
    // Values to 1e-9 first: the noise-free solution is the picture to about 1e-13, and levels
    // such as 0.5 sit on a grey-level boundary (127.5), where the last bits of the BLAS under
    // CHOLMOD (which differ from one CPU to another) would pick the level.
    let snapped = values.map { ($0 * 1e9).rounded() / 1e9 }
    var image = try GrayscaleImage(values: snapped, width: side, height: side, range: 0...1, scale: 4)
    image.title = title
    try image.writePNG(to: "\(directory)/\(name).png")
}

let x = picture()
let layer = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 5, padding: 2, weights: kernel)
let shape = [1, 1, side, side]
let clean = try layer(Tensor(shape: shape, scalars: x))
var rng = SplitMix64(seed: 2026)
let noise = (0..<(side * side)).map { _ in 1e-2 * Double.random(in: -1..<1, using: &rng) }
let y = try Tensor(shape: shape, scalars: zip(clean.scalars, noise).map { $0 + $1 })

let solver = try layer.leastSquaresSolver(inputShape: shape)
let w = solver.matrix
let transposed = try layer.adjoint(y).scalars
let exact = try solver.solve(clean.scalars, lambda: 0)
let noisy = try solver.solve(y.scalars, lambda: 0)
let lambdas = [1e-4, 1e-3, 1e-2, 1e-1]
let tikhonov = try lambdas.map { try solver.solve(y.scalars, lambda: $0) }
let qr = try LeastSquaresSolver(w, method: .qr)
let qrNoisy = try qr.solve(y.scalars, lambda: 0)
let qrTikhonov = try qr.solve(y.scalars, lambda: 1e-3)

try picture(x, "picture", title: "the picture x")
try picture(y.scalars, "blurred", title: "y = W·x + noise")
try picture(transposed, "transposed", title: "Wᵀ·y, the transposed convolution")
try picture(exact.x, "least-squares-clean", title: "least squares, noise-free y")
try picture(noisy.x, "least-squares", title: "least squares, λ = 0")
for (lambda, s) in zip(lambdas, tikhonov) { try picture(s.x, "tikhonov-\(lambda)", title: "Tikhonov, λ = \(lambda)") }
if let directory {
    try NumPyArray(shape: [1, 1, 5, 5], storage: .float64(kernel)).write(to: "\(directory)/kernel.npy")
    try NumPyArray(shape: shape, storage: .float64(y.scalars)).write(to: "\(directory)/blurred.npy")
}

func row(_ name: String, _ candidate: [Double], observed: [Double] = y.scalars) throws -> String {
    let r = try LeastSquaresResidual(matrix: w, x: candidate, y: observed, batch: 1)
    return "| \(name) | \(show(relative(candidate, x))) | \(show(r.relativeResidual)) | \(show(norm(candidate) / norm(x))) |"
}

print("""
# Transposed convolution is not the inverse

A *transposed convolution* (PyTorch's `ConvTranspose2d`, often called "deconvolution") applies
`Wᵀ`, the transpose of the convolution's matrix `W`. It has the right shape to undo a
convolution, and it is the convolution's gradient, but it is not its inverse: `Wᵀ·W ≠ I`. The
inverse a learner asks for is `(WᵀW)⁻¹Wᵀ`, the least-squares solution of `W·x = y`, and with noise
in `y` its regularised form, Tikhonov's `(WᵀW + λI)⁻¹Wᵀ`. ConvMatrix holds `W` explicitly, so it can
compute both: `LeastSquaresSolver` factorises `WᵀW + λI` with CHOLMOD (analysed once, refactorised
for each `λ`) or `W` itself by sparse QR (CXSparse).

## 1. A blurred picture

The picture `x` is 32 × 32, values in [0, 1]. The blur is `nn.Conv2d(1, 1, 5, padding=2,
bias=False)` with a 5 × 5 Gaussian kernel of σ = 1 (sum 1), so `W` is \(w.rowCount) × \(w.columnCount) with
\(w.nonzeroCount) stored entries, zero padding at the border. The observed `y` is the blurred picture plus
uniform noise of amplitude 10⁻² (‖noise‖ / ‖W·x‖ = \(show(norm(noise) / norm(clean.scalars)))).

| the picture `x` | observed `y = W·x + noise` |
|---|---|
| ![x](picture.png) | ![y](blurred.png) |

## 2. Three ways back

Each candidate `x̂` is scored by its error against the true picture, by how well it explains the
observation (the relative residual `‖W·x̂ − y‖ / ‖y‖`), and by its size:

| `x̂` | `‖x̂ − x‖ / ‖x‖` | `‖W·x̂ − y‖ / ‖y‖` | `‖x̂‖ / ‖x‖` |
|---|---|---|---|
\(try row("`Wᵀ·y`, the transposed convolution", transposed))
\(try row("least squares, noise-free `y` (λ = 0)", exact.x, observed: clean.scalars))
\(try row("least squares (λ = 0)", noisy.x))
\(try tikhonov.map { try row("Tikhonov, λ = \($0.lambda)", $0.x) }.joined(separator: "\n"))

| `Wᵀ·y` | least squares, noise-free `y` | least squares | Tikhonov λ = 0.001 | Tikhonov λ = 0.01 |
|---|---|---|---|---|
| ![Wᵀy](transposed.png) | ![exact](least-squares-clean.png) | ![ls](least-squares.png) | ![t3](tikhonov-0.001.png) | ![t2](tikhonov-0.01.png) |

- **`Wᵀ·y` blurs again.** The Gaussian is symmetric, so here `Wᵀ = W` away from the border: the
  transposed convolution convolves the blurred picture with the same kernel a second time. It
  does not reproduce the observation (`W·Wᵀ·y` is blurred three times) and is no nearer the picture.
- **The least-squares inverse is exact** when `y` is exactly `W·x`: the error is at rounding
  level. `W` is invertible, and CHOLMOD's Cholesky factor of `WᵀW` solves it.
- **With noise it is useless.** The Gaussian damps the highest frequency of the picture by
  about 0.023² ≈ 5·10⁻⁴ (its 1-d transform at ω = π is 0.399 − 2·0.242 + 2·0.054, normalised), so
  the inverse amplifies the noise there by up to about 2000: the residual is at rounding level
  (`W` is square and invertible, so `x̂` explains every bit of the noise), and the picture drowns
  in a checkerboard.
- **Tikhonov trades the two.** `λ` weighs `‖x‖²` against the residual; λ = \(lambdas[zip(lambdas, tikhonov).map { relative($0.1.x, x) }.enumerated().min { $0.1 < $1.1 }!.offset]) gives the smallest
  error of those tried. Refactorising for each `λ` reused CHOLMOD's analysis (\(tikhonov.allSatisfy(\.reusedAnalysis) ? "all four" : "not all") solves).

The second derivation, CXSparse's sparse QR of `W` (λ = 0) and of `[W; √λ·I]` (λ = 0.001), which
never forms `WᵀW`, \(agreement(max(relative(qrNoisy.x, noisy.x), relative(qrTikhonov.x, tikhonov[1].x)))) in both, and finds
`W` of full numerical rank (\(qrNoisy.numericalRank!) of \(w.columnCount) columns).

""")

// 3. Inputs the layer never reads.
let strided = try ConvolutionLayer.conv1d(inChannels: 1, outChannels: 1, kernelSize: 2, stride: 3, weights: [1, 1])
let stridedShape = [1, 1, 8]
let observed = try Tensor(shape: [1, 1, 3], scalars: [1.0, 2, 3])
if let directory {
    try NumPyArray(shape: observed.shape, storage: .float64(observed.scalars)).write(to: "\(directory)/strided.npy")
}
let stridedSolver = try strided.leastSquaresSolver(inputShape: stridedShape, method: .qr)
let stridedX = try stridedSolver.solve(observed.scalars).x
let stridedT = try strided.adjoint(observed, inputShape: stridedShape).scalars
let g = try strided.convolution(inputShape: stridedShape).geometry
func vector(_ v: [Double]) -> String { "(" + v.map { String(format: "%.3g", $0) }.joined(separator: ", ") + ")" }
let stridedResidual = try LeastSquaresResidual(matrix: stridedSolver.matrix, x: stridedX, y: observed.scalars, batch: 1)
let stridedTResidual = try LeastSquaresResidual(matrix: stridedSolver.matrix, x: stridedT, y: observed.scalars, batch: 1)

print("""
## 3. Inputs no output reads

`nn.Conv1d(1, 1, 2, stride=3, bias=False)` with weights (1, 1) on a length-8 input has 3 outputs,
`y[i] = x[3i] + x[3i + 1]`: the stride is larger than the kernel, so
\(stridedSolver.invisibleInputs.map { g.columnLabel($0) }.joined(separator: " and ")) are never read — columns of `W` without a stored entry. No
method can recover them; the minimum-norm least-squares solution sets them to 0. `W` is 3 × 8, so
its nullspace has dimension \(stridedSolver.nullspaceDimension): the \(stridedSolver.invisibleInputs.count) invisible inputs and \(stridedSolver.nullspaceDimension - stridedSolver.invisibleInputs.count) directions like `x[0] − x[1]` that the
sums cannot separate. For `y = (1, 2, 3)`:

    least squares (minimum norm): x = \(vector(stridedX))    ‖W·x − y‖ = \(show(stridedResidual.residualNorm))
    transposed convolution:       x = \(vector(stridedT))    ‖W·x − y‖ = \(show(stridedTResidual.residualNorm))

`Wᵀ·y` copies each output to both inputs it came from, so `W·Wᵀ·y = 2y`: the right direction, twice too
long. Here `WWᵀ = 2I`, and the inverse is exactly `Wᵀ·y / 2`; for overlapping kernels `WWᵀ` is
no multiple of `I` and no rescaling of `Wᵀ` will do.

The same numbers from the command line, with the timings of each step:

    convmat solve "nn.Conv2d(1, 1, 5, padding=2, bias=False)" --input 1x1x32x32 \\
        --weights Notebooks-as-text/NotTheInverse/kernel.npy --output Notebooks-as-text/NotTheInverse/blurred.npy \\
        --lambda 0 --lambda 0.001 --lambda 0.01 --result x.npy
    convmat solve "nn.Conv1d(1, 1, 2, stride=3, bias=False)" --input 1x1x8 --fill ones \\
        --output Notebooks-as-text/NotTheInverse/strided.npy --method qr --result x.npy
""")
