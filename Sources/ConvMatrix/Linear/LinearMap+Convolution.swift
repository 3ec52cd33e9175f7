/// Convolution stages.
extension LinearMap {
    /// `W`: the convolution, from the geometry's input to its output (memory shapes).
    public static func convolution(_ w: ConvolutionMatrix) throws -> LinearMap {
        try LinearMap(name: w.geometry.description, inputShape: w.geometry.inputMemoryShape,
                      outputShape: w.geometry.outputMemoryShape, matrix: w.csr64)
    }

    /// `Wᵀ`: the transposed convolution, formed explicitly so that it can be multiplied with
    /// other stages (applying a single layer never needs this; see ``ConvolutionMatrix/transposed(_:batch:bias:engine:)``).
    ///
    /// - Complexity: O(rows + columns + nnz).
    public static func transposedConvolution(_ w: ConvolutionMatrix, engine: SparseEngine = .cxsparse) throws -> LinearMap {
        try LinearMap(name: "Transposed(" + w.geometry.description + ")", inputShape: w.geometry.outputMemoryShape,
                      outputShape: w.geometry.inputMemoryShape, matrix: w.csr64.transposed(engine: engine))
    }

    /// The layer in its own direction: `W` for a convolution, `Wᵀ` for a transposed one.
    public static func layer(_ layer: Convolution, weights: [Double], engine: SparseEngine = .cxsparse) throws -> LinearMap {
        let w = try ConvolutionMatrix(layer.geometry, weights: weights)
        return layer.direction == .forward ? try convolution(w) : try transposedConvolution(w, engine: engine)
    }
}
