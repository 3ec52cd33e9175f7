/// Which input shape gives an output shape: the inverse of the layer's shape map, for the
/// adjoint and for tools that are handed an output-shaped tensor.
extension ConvolutionLayer {
    /// The input lengths, per spatial axis (logical order), whose outputs have `outputShape`'s
    /// lengths. A strided `Conv` maps up to `stride` consecutive input lengths to one output
    /// length; a `ConvTranspose` (its `output_padding` fixed) has one input length per output length.
    ///
    /// Per axis with kernel `k`, stride `s`, dilation `d`, input dilation `l`, pads `b`, `e`:
    /// `Conv` inverts `O = ⌊((n−1)·l + 1 + b + e − d·(k−1) − 1)/s⌋ + 1`
    /// (``AxisGeometry/convolutionInputLengths(producing:kernelSize:stride:dilation:inputDilation:padBegin:padEnd:)``);
    /// `ConvTranspose` inverts `n = (m−1)·s − b − e + d·(k−1) + output_padding + 1`
    /// (``AxisGeometry/transposedInputLength(producing:kernelSize:stride:dilation:padBegin:padEnd:outputPadding:)``).
    ///
    /// - Parameter outputShape: batch first, in the layer's output layout.
    /// - Throws: `.shapeMismatch` naming `output shape` when no input gives it (the rule says which
    ///   lengths are possible), or when its channels are not the layer's; `.unsupported` for an
    ///   ONNX layer with `auto_pad`/`output_shape` whose pads depend on the input, unless the
    ///   layer was built for an input that gives `outputShape`.
    public func inputLengths(producingOutput outputShape: [Int]) throws -> [ClosedRange<Int>] {
        switch definition {
        case .parameters(let p):
            return try p.inputLengths(producingOutput: outputShape)
        case .fixed(let c):
            guard c.outputMemoryShape == Array(outputShape.dropFirst()), outputShape.count == spatialRank + 2 else {
                throw ConvMatrixError.mismatch("output shape", listDescription(outputShape),
                                               "this layer's output samples have shape \(listDescription(c.outputMemoryShape))")
            }
            return Array(c.inputShape.dropFirst()).map { $0...$0 }
        case .onnx:
            if let bound = self.inputShape, let c = try? convolution(inputShape: bound),
               c.outputMemoryShape == Array(outputShape.dropFirst()) {
                return Array(c.inputShape.dropFirst()).map { $0...$0 }
            }
            throw ConvMatrixError.unsupported("output shape", listDescription(outputShape),
                                              "an ONNX layer's input shape is not inferred from its output; pass the input shape")
        }
    }

    /// The one input shape (batch first, the layer's input layout) whose output has
    /// `outputShape`; see ``inputLengths(producingOutput:)``.
    ///
    /// - Throws: `.shapeMismatch` naming `inputShape` when several input shapes give it, listing
    ///   the lengths; pass the input shape explicitly then.
    public func inputShape(producingOutput outputShape: [Int]) throws -> [Int] {
        let ranges = try inputLengths(producingOutput: outputShape)
        if let axis = ranges.firstIndex(where: { $0.count > 1 }) {
            throw ConvMatrixError.mismatch("inputShape", "not given",
                                           "input lengths \(ranges[axis].lowerBound)…\(ranges[axis].upperBound) on spatial axis \(axis) all give output \(listDescription(outputShape)); pass the layer's input shape")
        }
        return inputShape(batch: outputShape[0], lengths: ranges.map(\.lowerBound))
    }

    /// `(N, C_in, lengths…)` in the layer's input layout.
    public func inputShape(batch: Int, lengths: [Int]) -> [Int] {
        [batch] + inputLayout.memoryShape(logical: [inChannels] + lengths)
    }
}

extension ConvolutionParameters {
    /// The input lengths, per spatial axis (logical order), whose outputs have `outputShape`'s
    /// lengths (batch first, in the output layout); see
    /// ``ConvolutionLayer/inputLengths(producingOutput:)``. Needs no weights.
    ///
    /// - Throws: `.shapeMismatch` naming `output shape` for a wrong rank or channel count, or a
    ///   length no input gives.
    public func inputLengths(producingOutput outputShape: [Int]) throws -> [ClosedRange<Int>] {
        let rank = spatialRank
        guard outputShape.count == rank + 2 else {
            throw ConvMatrixError.mismatch("output shape", listDescription(outputShape),
                                           "a \(rank)-d layer's output has \(rank + 2) dimensions (N, C, spatial…)")
        }
        let logical = outputLayout.logicalShape(memory: Array(outputShape.dropFirst()))
        guard logical[0] == outChannels else {
            throw ConvMatrixError.mismatch("output shape", listDescription(outputShape),
                                           "has \(logical[0]) channels in \(outputLayout) order; the layer's out_channels is \(outChannels)")
        }
        return try (0..<rank).map { try inputLengths(producing: logical[$0 + 1], axis: $0) }
    }

    /// `(N, C_in, lengths…)` in the input layout.
    public func inputShape(batch: Int, lengths: [Int]) -> [Int] {
        [batch] + inputLayout.memoryShape(logical: [inChannels] + lengths)
    }

    /// The input lengths of spatial axis `a` of a layer with hyper-parameters `p` that give
    /// output length `length`.
    private func inputLengths(producing length: Int, axis a: Int) throws -> ClosedRange<Int> {
        let p = self, rank = p.spatialRank
        let strides = try p.stride.resolve(rank: rank, parameter: "stride")
        let dilations = try p.dilation.resolve(rank: rank, parameter: "dilation")
        let (begin, end) = try Convolution.resolvePads(p.padding, rank: rank, strides: strides, dilations: dilations,
                                                       kernel: p.kernelSize)
        let found: ClosedRange<Int>?
        if p.isTransposed {
            let outputPadding = try p.outputPadding.resolve(rank: rank, parameter: "output_padding")
            found = AxisGeometry.transposedInputLength(
                producing: length, kernelSize: p.kernelSize[a], stride: strides[a], dilation: dilations[a],
                padBegin: begin[a], padEnd: end[a], outputPadding: outputPadding[a]).map { $0...$0 }
        } else {
            let inputDilations = try p.inputDilation.resolve(rank: rank, parameter: "input_dilation")
            found = AxisGeometry.convolutionInputLengths(
                producing: length, kernelSize: p.kernelSize[a], stride: strides[a], dilation: dilations[a],
                inputDilation: inputDilations[a], padBegin: begin[a], padEnd: end[a])
        }
        guard let found else {
            throw ConvMatrixError.mismatch("output shape", "length \(length) on spatial axis \(a)",
                                           "no input length of \(p) gives it")
        }
        return found
    }
}
