/// The dense path's own backward pass, derived from the padded input (``DenseAxis``), never
/// from `W` — so it checks the sparse backward (`ConvolutionMatrix.backward`) independently.
///
/// For the convolution `y = conv(x) + b` with upstream gradient `gy`:
/// `gx = convT(gy)`, `gb[c] = Σ gy[·, c, ·]`, and
/// `gw[co, ci, t] = Σ_n Σ_o gy[n, co, o] · x̃[n, ci, o·s + t·d]`, where `x̃` is the padded
/// (dilated, mode-filled) input. For the transposed convolution `x = convT(y) + b` the same
/// formula holds with `y` in the place of `gy` and the gradient `gx` in the place of `x`.
extension DenseConvolution {
    /// Gradients of the layer `geometry` applied in `direction` to `input`, given the gradient
    /// of the loss with respect to its output.
    ///
    /// - Complexity: O(batch · C_out · ΠO · (C_in/groups) · Πk), like the forward pass.
    public static func backward(_ geometry: ConvolutionGeometry, input: [Double], outputGradient: [Double],
                                weights: [Double], batch: Int, direction: Convolution.Direction = .forward,
                                threads: Int = defaultThreadCount) throws -> ConvolutionGradients {
        let forward = direction == .forward
        let inputGradient = forward
            ? try applyTransposed(geometry, input: outputGradient, weights: weights, batch: batch, threads: threads)
            : try self.apply(geometry, input: outputGradient, weights: weights, batch: batch, threads: threads)
        let gw = forward
            ? try weightGradient(geometry, outputSide: outputGradient, inputSide: input, batch: batch, threads: threads)
            : try weightGradient(geometry, outputSide: input, inputSide: outputGradient, batch: batch, threads: threads)
        let (shape, layout) = forward ? (geometry.outputShape, geometry.outputLayout) : (geometry.inputShape, geometry.inputLayout)
        let gb = channelSums(outputGradient, batch: batch, shape: shape, layout: layout)
        return ConvolutionGradients(input: inputGradient, weights: gw, bias: gb)
    }

    /// `gw[co, ci, t] = Σ_n Σ_o a[n, co, o] · b̃[n, ci, o·s + t·d]` for an output-shaped batch `a`
    /// and an input-shaped batch `b` (each in its layout), `b̃` being `b` padded as the
    /// convolution pads its input.
    ///
    /// - Complexity: O(batch · C_out · ΠO · (C_in/groups) · Πk) time, O(Πk · ΠO) tables.
    public static func weightGradient(_ g: ConvolutionGeometry, outputSide a: [Double], inputSide b: [Double],
                                      batch: Int, threads: Int = defaultThreadCount) throws -> [Double] {
        try checkBatch(batch)
        try checkLength("outputSide.count", a.count, "batch·outputCount", batch, g.outputCount)
        try checkLength("inputSide.count", b.count, "batch·inputCount", batch, g.inputCount)
        let tables = TapTables(g)
        let taps = tables.kernelVolume, positions = tables.positionCount
        let cinG = g.inChannelsPerGroup, coutG = g.outChannelsPerGroup
        let aChannel = g.outputLayout.strides(extents: g.outputShape)[0]
        let bChannel = g.inputLayout.strides(extents: g.inputShape)[0]
        let result = UncheckedSendable(value: UnsafeMutableBufferPointer<Double>.allocate(capacity: g.weightCount))
        defer { result.value.deallocate() }
        let shared = UncheckedSendable(value: (a, b, tables))
        let chunks = max(1, min(threads, g.outChannels))
        parallelForEach(items: chunks, threads: chunks) { _, chunk in
            let (a, b, tables) = shared.value
            let gw = result.value
            for co in (g.outChannels * chunk / chunks)..<(g.outChannels * (chunk + 1) / chunks) {
                let group = co / coutG
                for local in 0..<cinG {
                    let ci = group * cinG + local
                    for t in 0..<taps {
                        var sum = 0.0
                        let sources = tables.inputOffsets[(t * positions)..<((t + 1) * positions)]
                        for n in 0..<batch {
                            let aBase = n * g.outputCount + co * aChannel
                            let bBase = n * g.inputCount + ci * bChannel
                            for (p, offset) in zip(0..<positions, sources) where offset >= 0 {
                                sum += a[aBase + tables.outputOffsets[p]] * b[bBase + offset]
                            }
                        }
                        gw[(co * cinG + local) * taps + t] = sum
                    }
                }
            }
        }
        return Array(result.value)
    }
}
