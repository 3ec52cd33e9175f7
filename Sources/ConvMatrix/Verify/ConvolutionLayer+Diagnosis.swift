/// Which common mistake explains a wrong output: the output is compared with the layer computed
/// under every mistake of ``KernelMistake`` that applies, each under its own accumulation bound.
extension ConvolutionLayer {
    /// The mistakes (with their variant, e.g. which axis a shift runs along) whose output matches
    /// `output` within the tolerance: every element `i` finite and
    /// `|got_i − mistaken_i| ≤ bound(T'_i, n_i, mistaken_i)`, where `T'_i = Σ|w·x| + |b|` of the
    /// *mistaken* computation — the same mistake applied to the layer with `|w|`, `|b|` on `|x|`,
    /// which every catalogue mistake (a rearrangement of weights, pads, channels or positions)
    /// carries over exactly — and `n_i` the correct layer's tap count. A mistake whose magnitude
    /// form is not produced (it equals the correct one there) is bounded with the correct `T_i`.
    ///
    /// - Returns: empty when no known mistake explains `output` (or when it is right).
    /// - Complexity: about 2 × (number of applicable mistakes) passes of the layer through `W`.
    public func diagnose(output: Tensor<Double>, input: Tensor<Double>, precision: VerifiedPrecision,
                         tolerance: VerificationTolerance? = nil) throws -> [MistakenOutput] {
        let tolerance = tolerance ?? .accumulation(precision)
        let magnitudes = try magnitudeLayer()
        return try diagnosis(output: output, input: input, tolerance: tolerance, magnitudes: magnitudes,
                             terms: try magnitudes(input.absolute()).scalars,
                             counts: try tapCounts(inputShape: input.shape, batch: input.batch))
    }

    /// ``diagnose(output:input:precision:tolerance:)`` with the magnitude layer, the correct layer's
    /// terms `Σ|w·x| + |b|` and tap counts already computed (``verify(output:input:precision:tolerance:worst:)``
    /// has them).
    func diagnosis(output: Tensor<Double>, input: Tensor<Double>, tolerance: VerificationTolerance,
                   magnitudes: ConvolutionLayer, terms correctTerms: [Double], counts: [Double]) throws -> [MistakenOutput] {
        var mistakenTerms = [String: [Double]]()
        for m in try magnitudes.mistakenOutputVariants(input: input.absolute()) {
            mistakenTerms[m.mistake.rawValue + "|" + m.variant] = m.output.scalars
        }
        return try mistakenOutputVariants(input: input).filter { candidate in
            let terms = mistakenTerms[candidate.mistake.rawValue + "|" + candidate.variant] ?? correctTerms
            let expected = candidate.output.scalars, got = output.scalars
            guard expected.count == got.count else { return false }
            for i in got.indices {
                let bound = tolerance.bound(terms: terms[i], count: counts[i], reference: expected[i])
                guard VerificationReport.within(got[i], expected[i], bound) else { return false }
            }
            return true
        }
    }
}
