/// What every hypothesis is built from: the layer, its resolved convolution on the input, the
/// input and the correct output.
struct MistakeContext {
    let layer: ConvolutionLayer
    let convolution: Convolution
    let input: Tensor<Double>
    let correct: Tensor<Double>

    var geometry: ConvolutionGeometry { convolution.geometry }

    /// The outputs of `mistake` (one per variant, none when it does not apply).
    func outputs(of mistake: KernelMistake) throws -> [(String, Tensor<Double>)] {
        switch mistake {
        case .flippedKernel: return try single(run(weights: flippedWeights()))
        case .paddingSwapped:
            return usesSamePadding ? [] : try single(runAxes { $0.swappingPads() })
        case .paddingAtEnd: return try single(runAxes { $0.withPads(0, $0.padBegin + $0.padEnd) })
        case .paddingMissing: return try single(runAxes { $0.withPads(0, 0) })
        case .dilationIgnored: return try single(runAxes { var a = $0; a.dilation = 1; return a })
        case .strideIgnored: return try single(runAxes { var a = $0; a.stride = 1; return a })
        case .sameUpperLower:
            return usesSamePadding ? try single(runAxes { ($0.padBegin + $0.padEnd) % 2 != 0 ? $0.swappingPads() : $0 }) : []
        case .groupsInterleaved: return try single(interleavedGroups())
        case .transposedWeightLayout:
            return convolution.direction == .transposed ? try single(run(weights: transposedLayoutWeights())) : []
        case .outputPaddingIgnored: return outputPaddingVariants()
        case .biasMissing:
            return layer.bias == nil ? [] : try single(run(bias: .some(nil)))
        case .biasTwice:
            guard let bias = layer.bias else { return [] }
            return try single(run(bias: bias.map { 2 * $0 }))
        case .layoutSwapped: return try single(swappedLayouts())
        case .shift: return shiftVariants()
        }
    }

    /// The layer's `'same'` padding: PyTorch `padding='same'` or ONNX `auto_pad` `SAME_UPPER`/`SAME_LOWER`.
    var usesSamePadding: Bool {
        switch layer.definition {
        case .parameters(let p): return p.padding == .same
        case .onnx(_, let a, _): return a.autoPad == .sameUpper || a.autoPad == .sameLower
        case .fixed: return false
        }
    }

    /// `output` as the one variant of a mistake; none when it is `nil` (does not apply).
    func single(_ output: Tensor<Double>?) -> [(String, Tensor<Double>)] {
        output.map { [("", $0)] } ?? []
    }
}
