/// The layer's output under each mistake of the catalogue: the hypotheses a wrong kernel output
/// is compared with.
extension ConvolutionLayer {
    /// One hypothesis: a mistake, the variant of it, and the output the layer would have under it.
    public struct MistakenOutput: Sendable {
        /// The mistake.
        public let mistake: KernelMistake
        /// Which form of it: `""` for a mistake with one form; `"spatial axis a, +1"` or
        /// `"spatial axis a, −1"` for a ``KernelMistake/shift``; `"ignored"` or `"at start"` for
        /// ``KernelMistake/outputPaddingIgnored``.
        public let variant: String
        /// The layer's output under the mistake: the correct output's shape and layout.
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
