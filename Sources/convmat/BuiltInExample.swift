import ConvMatrix

/// The example of the transposed-convolution chapter: `K = [[1, 2], [3, 4]]` on a 3×3 input
/// `x = 0…8` gives the 4×9 `W`; `W·x = [27, 37, 57, 67]`; `Wᵀ·(W·x)` is the transposed
/// convolution of that output.
struct BuiltInExample {
    let layer: Convolution
    let matrix: ConvolutionMatrix
    let x: [Double]
    let wx: [Double]
    let wty: [Double]
    let denseWx: [Double]
    let denseWty: [Double]

    init() throws {
        let conv = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 2, weights: [1, 2, 3, 4])
        let input = try Tensor<Double>(shape: [1, 1, 3, 3], scalars: (0..<9).map(Double.init))
        layer = try conv.convolution(inputShape: input.shape)
        matrix = try conv.matrix(inputShape: input.shape)
        let y = try conv(input)
        x = input.scalars
        wx = y.scalars
        wty = try conv.adjoint(y).scalars
        denseWx = try conv(input, engine: .dense).scalars
        denseWty = try conv.adjoint(y, engine: .dense).scalars
    }

    /// Largest difference between the sparse and the dense results.
    var discrepancy: Double {
        zip(wx + wty, denseWx + denseWty).map { abs($0 - $1) }.max() ?? .infinity
    }

    var agrees: Bool { discrepancy <= 1e-12 }

    func report() -> String {
        let list = { (v: [Double]) in "[" + v.map(compactNumber).joined(separator: ", ") + "]" }
        return """
            Convolution of a 3×3 input x with the 2×2 kernel K = [[1, 2], [3, 4]] (stride 1, no padding):
              \(layer)

            \(matrix.summary)
            \(matrix.denseDescription() ?? "")

            x       = \(list(x))
            W·x     = \(list(wx))          (the convolution, 2×2 output)
            Wᵀ·W·x  = \(list(wty))   (the transposed convolution of W·x, 3×3 output)

            dense direct convolution: conv(x) = \(list(denseWx)), conv_transpose(W·x) = \(list(denseWty))
            \(agrees ? "sparse and dense agree" : "SPARSE AND DENSE DISAGREE") (max |difference| = \(compactNumber(discrepancy)))
            """
    }
}
