/// Applying `W`: the convolution is `Y = W·X`, the transposed convolution (and the input
/// gradient) `X = Wᵀ·Y` — both with the same matrix, through SuiteSparse.
///
/// A batch tensor of `N` samples is, in memory, a column-major matrix with one column per
/// sample, so it is handed to the engines as it is, without copying.
extension ConvolutionMatrix {
    /// `Y = W·X + b`: the convolution of `batch` samples.
    ///
    /// `x` holds `batch × columnCount` values (sample-major, each sample in the input layout);
    /// `bias`, if given, has one value per output channel, added at every output position.
    ///
    /// - Complexity: O(nnz · batch).
    /// `threads` splits the batch columns across engine calls running in parallel.
    public func apply(_ x: [Double], batch: Int, bias: [Double]? = nil, engine: SparseEngine = .cholmod,
                      threads: Int = 1) throws -> [Double] {
        try checkBatch(batch)
        try checkLength("x.count", x.count, "batch·columnCount", batch, columnCount)
        return try biasedProduct(bias, batch: batch, channels: geometry.outChannels, shape: geometry.outputShape,
                                 layout: geometry.outputLayout) { yp, beta in
            try x.withUnsafeBufferPointer { xp in
                try withCSR(Product(transposed: false, input: xp, output: yp, columns: batch, beta: beta,
                                    engine: engine, threads: threads))
            }
        }
    }

    /// `X = Wᵀ·Y + b`: the transposed convolution of `batch` samples (also the gradient of the
    /// convolution with respect to its input), with the same `W` — no second matrix is formed.
    ///
    /// `y` holds `batch × rowCount` values; `bias`, if given, has one value per input channel of
    /// the convolution (= output channel of the transposed convolution).
    ///
    /// - Complexity: O(nnz · batch).
    public func applyTransposed(_ y: [Double], batch: Int, bias: [Double]? = nil, engine: SparseEngine = .cholmod,
                                threads: Int = 1) throws -> [Double] {
        try checkBatch(batch)
        try checkLength("y.count", y.count, "batch·rowCount", batch, rowCount)
        return try biasedProduct(bias, batch: batch, channels: geometry.inChannels, shape: geometry.inputShape,
                                 layout: geometry.inputLayout) { xp, beta in
            try y.withUnsafeBufferPointer { yp in
                try withCSR(Product(transposed: true, input: yp, output: xp, columns: batch, beta: beta,
                                    engine: engine, threads: threads))
            }
        }
    }
}

/// The bias tensor of ``biasTensor(_:batch:channels:shape:layout:)`` with a product added in
/// place: `product(out, β)` must compute `out ← op(W)·input + β·out`, β = 1 with a bias (kept)
/// and 0 without. Without a bias the output starts uninitialised: with β = 0 every engine
/// overwrites it (BLAS semantics, ``scaleColumns(_:by:)``), so it is not zeroed first.
///
/// - Throws: `.overBudget` naming `memory` when the output cannot be allocated.
/// - Complexity: O(batch · Πshape) plus the product.
func biasedProduct(_ bias: [Double]?, batch: Int, channels: Int, shape: [Int], layout: TensorLayout,
                   _ product: (_ output: UnsafeMutableBufferPointer<Double>, _ beta: Double) throws -> Void) throws -> [Double] {
    let (count, overflow) = batch.multipliedReportingOverflow(by: shape.reduce(1, *))
    var out = bias == nil
        ? try uninitializedLargeArray(Double.self, count: overflow ? .max : count, hugePages: false)
        : try biasTensor(bias, batch: batch, channels: channels, shape: shape, layout: layout)
    try out.withUnsafeMutableBufferPointer { try product($0, bias == nil ? 0 : 1) }
    return out
}

/// A tensor of `batch` samples of `shape` (logical `[C, spatial…]`) in `layout`, holding
/// `bias[c]` at every position of channel `c`, or zeros without a bias.
///
/// - Complexity: O(batch · Πshape).
func biasTensor(_ bias: [Double]?, batch: Int, channels: Int, shape: [Int], layout: TensorLayout) throws -> [Double] {
    let count = shape.reduce(1, *)
    guard let bias else { return [Double](repeating: 0, count: batch * count) }
    guard bias.count == channels else {
        throw ConvMatrixError.mismatch("bias.count", bias.count, "must equal the output channels \(channels)")
    }
    let channelStride = layout.strides(extents: shape)[0]
    var out = [Double](repeating: 0, count: batch * count)
    for n in 0..<batch {
        for i in 0..<count { out[n * count + i] = bias[(i / channelStride) % channels] }
    }
    return out
}

/// `output ← op(W)·input + β·output` at `W`'s stored index width.
private struct Product: CSRVisitor {
    let transposed: Bool
    let input: UnsafeBufferPointer<Double>
    let output: UnsafeMutableBufferPointer<Double>
    let columns: Int
    let beta: Double
    let engine: SparseEngine
    let threads: Int

    func visit<Index: SparseIndex>(_ w: CSRMatrix<Index>) throws {
        try transposed
            ? w.applyTransposed(input, columns: columns, into: output, beta: beta, engine: engine, threads: threads)
            : w.apply(input, columns: columns, into: output, beta: beta, engine: engine, threads: threads)
    }
}
