/// Mistakes in reading the weights: the kernel flipped, a `ConvTranspose` weight read in the
/// `Conv` order.
extension MistakeContext {
    /// `w'[a, b, j₁, …, j_D] = w[a, b, k₁−1−j₁, …, k_D−1−j_D]` for the weight of shape `(A, B, k…)`.
    ///
    /// - Complexity: O(weights · D).
    func flippedWeights() -> [Double] {
        let kernel = Array(layer.weightShape.dropFirst(2)), taps = kernel.reduce(1, *)
        let w = layer.weights
        var flipped = [Double](repeating: 0, count: w.count)
        for tap in 0..<taps {
            // Mixed-radix digits of `tap` (last axis fastest), each reversed.
            var rest = tap, mirrored = 0, place = 1
            for k in kernel.reversed() {
                mirrored += (k - 1 - rest % k) * place
                rest /= k
                place *= k
            }
            for block in 0..<(w.count / taps) { flipped[block * taps + tap] = w[block * taps + mirrored] }
        }
        return flipped
    }

    /// The weight a kernel uses when it reads PyTorch's `ConvTranspose` weight (`C_in, C_out/g, k…`)
    /// as `(C_out, C_in/g, k…)`: for input channel `ci` and output channel `co` of group `γ`, with
    /// local indices `ci_l = ci − γ·C_in/g`, `co_l = co − γ·C_out/g`,
    /// `w'[ci, co_l, j] = w_flat[(co·C_in/g + ci_l)·K + j]` (`K = Πk`).
    ///
    /// - Precondition: the layer is a `ConvTranspose` (its weight is `(C_in, C_out/g, k…)`).
    /// - Complexity: O(weights).
    func transposedLayoutWeights() -> [Double] {
        let shape = layer.weightShape, groups = geometry.groups
        let inChannels = shape[0], outPerGroup = shape[1], inPerGroup = inChannels / groups
        let taps = shape.dropFirst(2).reduce(1, *), w = layer.weights
        var read = [Double](repeating: 0, count: w.count)
        for ci in 0..<inChannels {
            let group = ci / inPerGroup, local = ci % inPerGroup
            for col in 0..<outPerGroup {
                let co = group * outPerGroup + col
                for j in 0..<taps {
                    read[(ci * outPerGroup + col) * taps + j] = w[(co * inPerGroup + local) * taps + j]
                }
            }
        }
        return read
    }
}
