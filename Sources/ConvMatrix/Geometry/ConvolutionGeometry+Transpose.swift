/// The convolution whose matrix is the transpose of another's: compiling it forms `Wᵀ` at the
/// compiler's speed, without a sparse transpose.
extension ConvolutionGeometry {
    /// The geometry `G'` with `W(G', w') = W(G, w)ᵀ` for ``transposeWeights(_:)`` `w' = `
    /// of `w`, or `nil` when the padding mode is not `zeros` (mirrored or wrapped pads fold
    /// several taps onto one entry; their transpose is not a convolution).
    ///
    /// Per axis, `G` links output `o` and input `i` through tap `t` when
    /// `l·i = s·o + d·t − b` (stride `s`, dilation `d`, input dilation `l`, begin pad `b`).
    /// With the flipped tap `t' = k−1−t` this reads `s·o = l·i + d·t' − (d·(k−1) − b)`: a
    /// convolution from `o` (length `m`, the outputs of `G`) to `i` with stride `l`, input
    /// dilation `s`, the same kernel dilation, begin pad `d·(k−1) − b`, and the end pad
    /// `(n−1)·l − s·(m−1) + b` that makes exactly `n` outputs. Channels swap (the groups stay),
    /// and so do the layouts.
    ///
    /// - Throws: when `G'` is not a valid geometry (a pad beyond the representable range);
    ///   callers fall back to a sparse transpose.
    /// - Complexity: O(rank).
    public func transposeGeometry() throws -> ConvolutionGeometry? {
        guard paddingMode == .zeros else { return nil }
        let axes = try self.axes.map { a -> AxisGeometry in
            let span = try checkedProduct([a.dilation, a.kernelSize - 1], .tooLarge("dilation", "\(a.dilation)", "the kernel span overflows Int"))
            let (begin, o1) = span.subtractingReportingOverflow(a.padBegin)
            let (reach, o2) = (a.inputSize - 1).multipliedReportingOverflow(by: a.inputDilation)
            let (back, o3) = (a.outputSize - 1).multipliedReportingOverflow(by: a.stride)
            let (difference, o4) = reach.subtractingReportingOverflow(back)
            let (end, o5) = difference.addingReportingOverflow(a.padBegin)
            guard !(o1 || o2 || o3 || o4 || o5) else {
                throw ConvMatrixError.invalid("padding", "(\(a.padBegin), \(a.padEnd))", "the transposed convolution's pads overflow Int")
            }
            return AxisGeometry(inputSize: a.outputSize, kernelSize: a.kernelSize, stride: a.inputDilation, dilation: a.dilation,
                                inputDilation: a.stride, padBegin: begin, padEnd: end, outputSize: a.inputSize)
        }
        return try ConvolutionGeometry(inChannels: outChannels, outChannels: inChannels, groups: groups, axes: axes,
                                       paddingMode: .zeros, inputLayout: outputLayout, outputLayout: inputLayout)
    }

    /// The weights of ``transposeGeometry()``: `w'[g·(C_in/g) + c, c', t'] = w[g·(C_out/g) + c', c, flip(t')]`
    /// for group `g`, every tap flipped on every axis (`flip(t)_a = k_a − 1 − t_a`).
    ///
    /// - Precondition: `w.count == weightCount` (PyTorch layout `(C_out, C_in/groups, k…)`).
    /// - Complexity: O(weightCount).
    public func transposeWeights<T>(_ w: [T]) -> [T] {
        let taps = kernelShape.reduce(1, *)
        let cin = inChannelsPerGroup, cout = outChannelsPerGroup
        // Reversing the row-major tap index reverses every axis at once: Σ (k_a−1−t_a)·stride_a
        // = (taps − 1) − Σ t_a·stride_a. A permutation: every entry of `out` is written.
        var out = w
        for g in 0..<groups {
            for c in 0..<cin {
                for c2 in 0..<cout {
                    let target = ((g * cin + c) * cout + c2) * taps
                    let source = ((g * cout + c2) * cin + c) * taps
                    for t in 0..<taps { out[target + t] = w[source + taps - 1 - t] }
                }
            }
        }
        return out
    }
}
