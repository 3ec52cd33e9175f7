// Notebook: the transposed convolution is the transpose of a convolution's matrix.
//
// A literate walk through the transposed-convolution chapter of "Dive into Deep Learning",
// computed with ConvMatrix. Run it with `swift run notebook-transposed-convolution`; its output,
// committed as README.md beside this file, is checked by the tests so that it stays true.
import ConvMatrix

/// `[[0, 0, 1], [0, 4, 6], [4, 12, 9]]`: a flat row-major tensor printed by rows.
func grid(_ values: [Double], columns: Int) -> String {
    "[" + stride(from: 0, to: values.count, by: columns).map { start in
        "[" + values[start..<(start + columns)].map(compactNumber).joined(separator: ", ") + "]"
    }.joined(separator: ", ") + "]"
}

/// `6×6` for the logical shape `[C, 6, 6]`.
func side(_ shape: [Int]) -> String { shape.dropFirst().map(String.init).joined(separator: "×") }

/// Runs a transposed convolution both ways — `Wᵀ·y` and the dense direct path — and checks they agree.
func transposedConvolution(_ layer: Convolution, input: [Double], weights: [Double]) throws -> [Double] {
    let w = try ConvolutionMatrix(layer.geometry, weights: weights)
    let sparse = try w.applyTransposed(input, batch: 1)
    let dense = try DenseConvolution.applyTransposed(layer.geometry, input: input, weights: weights, batch: 1)
    precondition(zip(sparse, dense).allSatisfy { abs($0 - $1) <= 1e-12 }, "sparse and dense disagree")
    return sparse
}

print("""
# The transposed convolution is Wᵀ

Every convolution is a linear map `y = W·x`. Its *transposed* convolution is the map `x = Wᵀ·y`
with the same matrix. This notebook follows the transposed-convolution chapter of *Dive into
Deep Learning* and computes each of its examples with ConvMatrix: through the sparse matrix
(CHOLMOD) and through the dense direct convolution, which never reads `W`; every value below was
checked to agree on both paths.

""")

// 1. The basic operation.
let x: [Double] = [0, 1, 2, 3], k: [Double] = [0, 1, 2, 3]
let basic = try Convolution.convTransposed2d(inputShape: [1, 1, 2, 2], weightShape: [1, 1, 2, 2])
print("""
## 1. Broadcasting the input through the kernel

With `X = [[0, 1], [2, 3]]` and `K = [[0, 1], [2, 3]]`, each input element scales a copy of the
kernel placed at its position, and the copies are summed:

    trans_conv(X, K) = \(grid(try transposedConvolution(basic, input: x, weights: k), columns: 3))

The chapter prints `[[0, 0, 1], [0, 4, 6], [4, 12, 9]]`.

""")

// 2. Padding and stride.
let padded = try Convolution.convTransposed2d(inputShape: [1, 1, 2, 2], weightShape: [1, 1, 2, 2], padding: 1)
let strided = try Convolution.convTransposed2d(inputShape: [1, 1, 2, 2], weightShape: [1, 1, 2, 2], stride: 2)
print("""
## 2. Padding removes, stride spreads

In a transposed convolution, padding is applied to the *output*: `padding=1` removes the first
and last row and column of the 3×3 result, leaving

    padding=1: \(grid(try transposedConvolution(padded, input: x, weights: k), columns: 1))

and a stride spreads the kernel copies apart (output (2−1)·2 + 2 = 4 per axis):

    stride=2:  \(grid(try transposedConvolution(strided, input: x, weights: k), columns: 4))

""")

// 3. Shapes round-trip.
let conv = try Convolution.conv2d(inputShape: [1, 10, 16, 16], weightShape: [20, 10, 5, 5], stride: 3, padding: 2)
let back = try Convolution.convTransposed2d(inputShape: [1, 20, 6, 6], weightShape: [20, 10, 5, 5], stride: 3, padding: 2)
print("""
## 3. Shapes go back where they came from

`Conv2d(10, 20, kernel_size=5, padding=2, stride=3)` takes a 16×16 input to \(side(conv.outputShape));
the transposed layer with the same parameters takes that back to \(side(back.outputShape)). In ConvMatrix
this is no coincidence: the transposed layer *is* the first layer's matrix transposed, and the
two are built from one and the same geometry (\(conv.geometry == back.geometry ? "equal" : "different")).

""")

// 4. The matrix.
let layer = try Convolution.conv2d(inputShape: [1, 1, 3, 3], weightShape: [1, 1, 2, 2])
let w = try ConvolutionMatrix(layer.geometry, weights: [1, 2, 3, 4])
let input = (0..<9).map(Double.init)
let y = try w.apply(input, batch: 1)
print("""
## 4. Connection to matrix transposition

The 2×2 kernel `K = [[1, 2], [3, 4]]` on a 3×3 input is this 4×9 matrix (`.` marks entries that
are not stored):

```
\(w.denseDescription()!)
```

For `X = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]` the convolution is a matrix-vector product,

    W·x = \(grid(y, columns: 2))            (the chapter: [[27, 37], [57, 67]])

and the transposed convolution of that result is the product with `Wᵀ`:

    Wᵀ·y = \(grid(try w.applyTransposed(y, batch: 1), columns: 3))

which is the chapter's `trans_conv(Y, K)`. ConvMatrix never forms `Wᵀ`: CHOLMOD reads the same
compressed arrays as the columns of `Wᵀ`.
""")
