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
        var y = try biasTensor(bias, batch: batch, channels: geometry.outChannels, shape: geometry.outputShape,
                               layout: geometry.outputLayout)
        try x.withUnsafeBufferPointer { xp in
            try y.withUnsafeMutableBufferPointer { yp in
                try withCSR {
                    try $0.multiply(xp, columns: batch, into: yp, alpha: 1, beta: bias == nil ? 0 : 1, engine: engine,
                                    threads: threads)
                }
            }
        }
        return y
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
        var x = try biasTensor(bias, batch: batch, channels: geometry.inChannels, shape: geometry.inputShape,
                               layout: geometry.inputLayout)
        try y.withUnsafeBufferPointer { yp in
            try x.withUnsafeMutableBufferPointer { xp in
                try withCSR {
                    try $0.multiplyTransposed(yp, columns: batch, into: xp, alpha: 1, beta: bias == nil ? 0 : 1,
                                              engine: engine, threads: threads)
                }
            }
        }
        return x
    }

    /// Runs `body` on `W` at its stored index width.
    func withCSR<R>(_ body: (any CSRMultiplying) throws -> R) rethrows -> R {
        switch storage {
        case .int32(let a): return try body(a)
        case .int64(let a): return try body(a)
        }
    }
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

/// The products a CSR matrix of either index width offers (implemented by the SuiteSparse
/// bridge), so code above it need not switch on the index width.
protocol CSRMultiplying {
    func multiply(_ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
                  alpha: Double, beta: Double, engine: SparseEngine, threads: Int) throws
    func multiplyTransposed(_ y: UnsafeBufferPointer<Double>, columns k: Int, into x: UnsafeMutableBufferPointer<Double>,
                            alpha: Double, beta: Double, engine: SparseEngine, threads: Int) throws
}

extension CSRMatrix: CSRMultiplying {}
