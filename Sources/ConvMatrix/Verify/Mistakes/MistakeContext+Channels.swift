/// Interleaved groups as a channel permutation of the blocked layer.
extension MistakeContext {
    /// The output when channel `c` of `C` is in group `c mod g` with local index `c div g`.
    ///
    /// With `P_C(b) = (b mod C/g)·g + b div (C/g)` — the channel that the interleaved kernel puts
    /// where the blocked one has channel `b` — the blocked layer is run on the input whose channel
    /// `b` is the input's `P(b)`, with weight rows (axis 0: the output channels of the convolution
    /// `W` belongs to) and bias permuted the same way, and its channel `b` is the mistaken output's
    /// channel `P(b)`. `nil` when `g = 1`.
    ///
    /// - Complexity: one application of the layer, plus O(input + output + weights).
    func interleavedGroups() throws -> Tensor<Double>? {
        let groups = geometry.groups
        guard groups > 1 else { return nil }
        let inChannels = input.channels, outChannels = correct.channels
        let inPermutation = interleaving(channels: inChannels, groups: groups)
        let outPermutation = interleaving(channels: outChannels, groups: groups)
        // Axis 0 of the weight is `W`'s output channel: the layer's output for a Conv, its input for a ConvTranspose.
        let rowPermutation = convolution.direction == .forward ? outPermutation : inPermutation
        let rowLength = layer.weights.count / rowPermutation.count
        var weights = [Double](repeating: 0, count: layer.weights.count)
        for (b, source) in rowPermutation.enumerated() {
            weights.replaceSubrange(b * rowLength..<(b + 1) * rowLength,
                                    with: layer.weights[source * rowLength..<(source + 1) * rowLength])
        }
        let bias = layer.bias.map { b in outPermutation.map { b[$0] } }
        let blocked = try run(weights: weights, bias: .some(bias), on: input.gatheringChannels(inPermutation))
        return blocked.scatteringChannels(outPermutation)
    }

    /// `P(b) = (b mod C/g)·g + b div (C/g)` for `b` in `0..<C`.
    func interleaving(channels: Int, groups: Int) -> [Int] {
        let perGroup = channels / groups
        return (0..<channels).map { ($0 % perGroup) * groups + $0 / perGroup }
    }
}

extension Tensor where Scalar == Double {
    /// `t'[n, b, i…] = t[n, source[b], i…]`, in the same layout.
    ///
    /// - Complexity: O(count).
    func gatheringChannels(_ source: [Int]) -> Tensor<Double> {
        let (stride, channels) = channelStride()
        var result = scalars
        for offset in scalars.indices {
            let c = (offset / stride) % channels
            result[offset] = scalars[offset + (source[c] - c) * stride]
        }
        return Tensor(unchecked: shape, layout: layout, scalars: result)
    }

    /// `t'[n, target[b], i…] = t[n, b, i…]`, in the same layout (`target` a permutation).
    ///
    /// - Complexity: O(count).
    func scatteringChannels(_ target: [Int]) -> Tensor<Double> {
        let (stride, channels) = channelStride()
        var result = scalars
        for offset in scalars.indices {
            let c = (offset / stride) % channels
            result[offset + (target[c] - c) * stride] = scalars[offset]
        }
        return Tensor(unchecked: shape, layout: layout, scalars: result)
    }

    /// The memory stride of the channel axis and the channel count.
    private func channelStride() -> (stride: Int, channels: Int) {
        let logical = Array(logicalShape.dropFirst())
        return (layout.strides(extents: logical)[0], logical[0])
    }
}
