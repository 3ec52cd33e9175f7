/// Mistakes in where outputs are written: an off-by-one shift, a misplaced `output_padding`, the
/// other memory layout.
extension MistakeContext {
    /// The correct output moved by one element along each spatial axis longer than 1, in both
    /// directions (`+1`: element `i` holds the correct `i−1`), the vacated element zero.
    ///
    /// - Complexity: O(D · output).
    func shiftVariants() -> [(String, Tensor<Double>)] {
        let lengths = geometry.axes.map { convolution.direction == .forward ? $0.outputSize : $0.inputSize }
        var variants: [(String, Tensor<Double>)] = []
        for (a, length) in lengths.enumerated() where length > 1 {
            for step in [1, -1] {
                variants.append(("spatial axis \(a), \(step > 0 ? "+" : "−")1", correct.moved(axis: a, by: step)))
            }
        }
        return variants
    }

    /// A `ConvTranspose`'s `output_padding` per spatial axis, from its resolved geometry: the
    /// transposed output length `n` beyond `(m−1)·s − b − e + d·(k−1) + 1`. Empty for a `Conv`.
    var outputPadding: [Int] {
        guard convolution.direction == .transposed else { return [] }
        return geometry.axes.map { $0.inputSize + $0.padBegin + $0.padEnd - $0.kernelSpan - ($0.outputSize - 1) * $0.stride }
    }

    /// ``KernelMistake/outputPaddingIgnored``: the correct output with its last `output_padding`
    /// positions of each axis zero ("ignored"), and moved `output_padding` positions towards the
    /// end of each axis, the first ones zero ("at start"). The values of a transposed output at a
    /// position do not depend on the output's length, so both are exact.
    ///
    /// - Complexity: O(D · output).
    func outputPaddingVariants() -> [(String, Tensor<Double>)] {
        let padding = outputPadding
        guard padding.contains(where: { $0 > 0 }) else { return [] }
        var ignored = correct, atStart = correct
        for (a, extra) in padding.enumerated() where extra > 0 {
            ignored = ignored.zeroingTail(axis: a, count: extra)
            atStart = atStart.moved(axis: a, by: extra)
        }
        return [("ignored", ignored), ("at start", atStart)]
    }

    /// ``KernelMistake/layoutSwapped``: the input buffer read in the other layout
    /// (channels-first ↔ channels-last), the layer applied in that layout and its buffer read back
    /// in the correct output layout. `nil` for other layouts.
    ///
    /// - Complexity: one application of the layer.
    func swappedLayouts() throws -> Tensor<Double>? {
        let rank = geometry.spatialRank
        guard let input = geometry.inputLayout.swapped(spatialRank: rank),
              let output = geometry.outputLayout.swapped(spatialRank: rank),
              let changed = modified(inputLayout: input, outputLayout: output) else { return nil }
        let reading = Tensor(unchecked: [self.input.batch] + changed.inputMemoryShape,
                             layout: convolution.direction == .forward ? input : output, scalars: self.input.scalars)
        let result = try run(changed, on: reading)
        return Tensor(unchecked: correct.shape, layout: correct.layout, scalars: result.scalars)
    }
}

extension TensorLayout {
    /// Channels-first for channels-last and the reverse; `nil` for any other order.
    func swapped(spatialRank: Int) -> TensorLayout? {
        let order = self.order(spatialRank: spatialRank)
        if order == TensorLayout.channelsFirst.order(spatialRank: spatialRank) { return .channelsLast }
        if order == TensorLayout.channelsLast.order(spatialRank: spatialRank) { return .channelsFirst }
        return nil
    }
}

extension Tensor where Scalar == Double {
    /// `t'[…, i, …] = t[…, i − step, …]` along spatial axis `axis` (0-based), zero where
    /// `i − step` is outside the axis.
    ///
    /// - Complexity: O(count).
    func moved(axis: Int, by step: Int) -> Tensor<Double> {
        let (stride, length) = spatialStride(axis)
        var result = [Double](repeating: 0, count: scalars.count)
        for offset in scalars.indices {
            let i = (offset / stride) % length
            if i - step >= 0, i - step < length { result[offset] = scalars[offset - step * stride] }
        }
        return Tensor(unchecked: shape, layout: layout, scalars: result)
    }

    /// The tensor with its last `count` positions along spatial axis `axis` set to zero.
    ///
    /// - Complexity: O(count of elements).
    func zeroingTail(axis: Int, count: Int) -> Tensor<Double> {
        let (stride, length) = spatialStride(axis)
        var result = scalars
        for offset in scalars.indices where (offset / stride) % length >= length - count { result[offset] = 0 }
        return Tensor(unchecked: shape, layout: layout, scalars: result)
    }

    /// The memory stride and the length of spatial axis `axis`.
    private func spatialStride(_ axis: Int) -> (stride: Int, length: Int) {
        let logical = Array(logicalShape.dropFirst())
        return (layout.strides(extents: logical)[axis + 1], logical[axis + 1])
    }
}
