import ConvMatrix

/// What PyTorch's `torch.nn.utils.spectral_norm` estimates by power iteration: the largest
/// singular value of the weight reshaped to a matrix — rows along `dim` (0 for `Conv`, 1 for
/// `ConvTranspose`), everything else flattened into columns. It bounds nothing about the
/// convolution's operator norm in general (pytorch#99149); the report prints it beside `‖W‖₂`.
enum KernelSpectralNorm {
    /// `σ_max` of the `(C_out, C_in/g · Πk)` matrix of a `Conv` weight, or of the
    /// `(C_out/g, C_in · Πk)` matrix of a `ConvTranspose` weight `(C_in, C_out/g, k…)`.
    ///
    /// - Complexity: O(rows · columns · min(rows, columns)) flops.
    static func estimate(weights: [Double], weightShape: [Int], transposed: Bool) throws -> Double {
        let first = weightShape[0], second = weightShape[1], taps = weightShape.dropFirst(2).reduce(1, *)
        let rows = transposed ? second : first, columns = weights.count / rows
        // Column-major rows × columns: entry (r, c) of the reshaped (and, for dim 1, permuted) weight.
        var matrix = [Double](repeating: 0, count: weights.count)
        for a in 0..<first {
            for b in 0..<second {
                for t in 0..<taps {
                    let value = weights[(a * second + b) * taps + t]
                    let (r, c) = transposed ? (b, a * taps + t) : (a, b * taps + t)
                    matrix[r + c * rows] = value
                }
            }
        }
        return try LAPACK.svd(matrix, rows: rows, columns: columns, vectors: false).values.first ?? 0
    }
}
