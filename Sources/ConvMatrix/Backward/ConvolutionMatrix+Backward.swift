/// The backward pass with the same `W`.
///
/// For a convolution `y = W·x + b` with upstream gradient `gy`:
/// `gx = Wᵀ·gy`, `gb[c] = Σ_{n, positions of c} gy`, and
/// `gw[t] = Σ_{entries e fed by tap t} Σ_n gy[n, row(e)] · x[n, col(e)]`.
/// For a transposed convolution `y = Wᵀ·x + b`: `gx = W·gy`, `gb` sums `gy` per channel of the
/// transposed output, and `gw[t] = Σ_e Σ_n x[n, row(e)] · gy[n, col(e)]` — the same tap map,
/// no second matrix.
extension ConvolutionMatrix {
    /// Gradients of the layer `W` belongs to, applied in `direction` to `input`, given the
    /// gradient `outputGradient` of the loss with respect to its output.
    ///
    /// - Complexity: O(nnz · batch) (O(incidences · batch) with multi-tap entries).
    public func backward(input: [Double], outputGradient: [Double], batch: Int,
                         direction: Convolution.Direction = .forward,
                         engine: SparseEngine = .cholmod) throws -> ConvolutionGradients {
        let g = geometry
        let forward = direction == .forward
        let inputGradient = forward
            ? try applyTransposed(outputGradient, batch: batch, engine: engine)
            : try self.apply(outputGradient, batch: batch, engine: engine)
        let weights = forward
            ? try weightGradient(rowSide: outputGradient, columnSide: input, batch: batch)
            : try weightGradient(rowSide: input, columnSide: outputGradient, batch: batch)
        let bias = forward
            ? channelSums(outputGradient, batch: batch, shape: g.outputShape, layout: g.outputLayout)
            : channelSums(outputGradient, batch: batch, shape: g.inputShape, layout: g.inputLayout)
        return ConvolutionGradients(input: inputGradient, weights: weights, bias: bias)
    }

    /// `gw[t] = Σ_{e fed by t} Σ_n a[n, row(e)] · b[n, col(e)]` for row-side batch `a`
    /// (`batch × rows`) and column-side batch `b` (`batch × columns`).
    ///
    /// The first call builds the pattern's tap map (``PatternArrays/tapMap()``), kept for the next.
    ///
    /// - Precondition: `a.count == batch · rowCount` and `b.count == batch · columnCount`.
    /// - Throws: `.overBudget` naming `memory` when the tap map does not fit the compile's budget.
    /// - Complexity: O(nnz · batch + incidences).
    public func weightGradient(rowSide a: [Double], columnSide b: [Double], batch: Int) throws -> [Double] {
        precondition(a.count == batch * rowCount && b.count == batch * columnCount, "weightGradient: batch sizes")
        return try pattern.open(WeightGradient(rowSide: a, columnSide: b, batch: batch, weightCount: geometry.weightCount))
    }
}

private struct WeightGradient: PatternArraysVisitor {
    let rowSide: [Double], columnSide: [Double], batch: Int, weightCount: Int
    func visit<Index: SparseIndex>(_ p: PatternArrays<Index>) throws -> [Double] {
        try p.weightGradient(rowSide: rowSide, columnSide: columnSide, batch: batch, weightCount: weightCount)
    }
}

/// `Σ` over samples and positions of each channel of a batch tensor with logical `shape`
/// (`[C, spatial…]`) stored in `layout`.
///
/// - Complexity: O(batch · Πshape).
func channelSums(_ t: [Double], batch: Int, shape: [Int], layout: TensorLayout) -> [Double] {
    let count = shape.reduce(1, *), channels = shape[0]
    let stride = layout.strides(extents: shape)[0]
    var sums = [Double](repeating: 0, count: channels)
    for n in 0..<batch {
        for i in 0..<count { sums[(i / stride) % channels] += t[n * count + i] }
    }
    return sums
}
