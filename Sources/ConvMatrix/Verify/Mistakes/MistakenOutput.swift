/// The layer's output under each mistake of the catalogue: the hypotheses a wrong kernel output
/// is compared with.
extension ConvolutionLayer {
    /// One hypothesis: a mistake, the variant of it (`""` when it has one form; `"spatial axis 1,
    /// +1"` for a ``KernelMistake/shift``), and the output the layer would have under it.
    public struct MistakenOutput: Sendable {
        public let mistake: KernelMistake
        public let variant: String
        public let output: Tensor<Double>
    }

    /// The layer's output under every mistake that applies to it and keeps the output shape.
    ///
    /// See ``mistakenOutputVariants(input:)``; a mistake with several variants (``KernelMistake/shift``,
    /// ``KernelMistake/outputPaddingIgnored``) appears once per variant.
    public func mistakenOutputs(input: Tensor<Double>) throws -> [(mistake: KernelMistake, output: Tensor<Double>)] {
        try mistakenOutputVariants(input: input).map { ($0.mistake, $0.output) }
    }

    /// The layer's output on `input` under every mistake of ``KernelMistake`` that applies to it,
    /// in the catalogue's order, each with the correct output's shape and layout.
    ///
    /// Each is computed by the library itself through `.cholmod` (Float64): a modified layer (other
    /// pads, stride, dilation or layout on the same input and output extents, flipped or re-read
    /// weights, channels permuted for the interleaved groups, no or doubled bias), or the correct
    /// output moved (``KernelMistake/shift``, ``KernelMistake/outputPaddingIgnored``). A mistake is
    /// omitted when it does not apply to the layer (no padding, stride 1, no groups, not
    /// transposed, no bias, a layout other than channels-first/last, …), when the modified layer
    /// cannot fill the correct output buffer (its output would be shorter), and when its output
    /// equals the correct output exactly — it would explain nothing.
    ///
    /// - Throws: the errors of calling the layer on `input` (`.shapeMismatch` naming the input
    ///   shape or `x.layout`, `.overBudget`).
    /// - Complexity: about 20 applications of the layer: O(nnz · N) each, plus compiling `W` for
    ///   each modified geometry.
    public func mistakenOutputVariants(input: Tensor<Double>) throws -> [MistakenOutput] {
        let correct = try self(input, engine: .cholmod)
        let convolution = try self.convolution(inputShape: input.shape)
        let context = MistakeContext(layer: self, convolution: convolution, input: input, correct: correct)
        var found: [MistakenOutput] = []
        for mistake in KernelMistake.allCases {
            for (variant, output) in try context.outputs(of: mistake) where output.scalars != correct.scalars {
                found.append(MistakenOutput(mistake: mistake, variant: variant, output: output))
            }
        }
        return found
    }
}

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

    /// `convolution` with other parameters (`run` on it), or `nil` when it is not a valid geometry.
    func modified(axes: [AxisGeometry]? = nil, inputLayout: TensorLayout? = nil,
                  outputLayout: TensorLayout? = nil) -> Convolution? {
        let g = geometry
        guard let changed = try? ConvolutionGeometry(inChannels: g.inChannels, outChannels: g.outChannels, groups: g.groups,
                                                     axes: axes ?? g.axes, paddingMode: g.paddingMode,
                                                     inputLayout: inputLayout ?? g.inputLayout,
                                                     outputLayout: outputLayout ?? g.outputLayout) else { return nil }
        return Convolution(geometry: changed, direction: convolution.direction)
    }

    /// The layer with `convolution`, `weights` and `bias` (default: the layer's) applied to `x`
    /// (default: the input) through `.cholmod`.
    func run(_ convolution: Convolution? = nil, weights: [Double]? = nil, bias: [Double]?? = .none,
             on x: Tensor<Double>? = nil) throws -> Tensor<Double> {
        let changed = try ConvolutionLayer(.fixed(convolution ?? self.convolution), weights: weights ?? layer.weights,
                                           bias: bias ?? layer.bias)
        return try changed(x ?? input, engine: .cholmod)
    }

    /// The layer with every axis changed by `transform` (extents kept), or `nil` when that geometry
    /// cannot fill the output buffer.
    func runAxes(_ transform: (AxisGeometry) -> AxisGeometry) throws -> Tensor<Double>? {
        guard let changed = modified(axes: geometry.axes.map(transform)) else { return nil }
        return try run(changed)
    }

    func single(_ output: Tensor<Double>?) -> [(String, Tensor<Double>)] {
        output.map { [("", $0)] } ?? []
    }
}

extension AxisGeometry {
    /// The same axis with pads `(begin, end)`; the extents are kept.
    func withPads(_ begin: Int, _ end: Int) -> AxisGeometry {
        var a = self
        a.padBegin = begin
        a.padEnd = end
        return a
    }

    /// The same axis with its begin and end pads exchanged.
    func swappingPads() -> AxisGeometry { withPads(padEnd, padBegin) }
}
