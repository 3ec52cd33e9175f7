/// Verifying a user's backward pass of this layer against ConvMatrix's float64 gradients.
extension ConvolutionLayer {
    /// Checks the user's gradients `gradInput`, `gradWeights`, `gradBias` (each optional) of this
    /// layer at `input` for `gradOutput`, computed in `precision`.
    ///
    /// The reference is ``backward(gradOutput:input:engine:threads:)`` through `W`, cross-checked
    /// against the dense engine. Each element is bounded as in ``verify(output:input:precision:tolerance:worst:)``
    /// with its own terms, each obtained from the same backward pass on magnitudes:
    /// `gx`: `Σ|w·gy|` (the adjoint with `|w|` on `|gy|`), `gw[t]`: `Σ|gy·x|` over the products
    /// of tap `t` (the weight gradient of `|gy|`, `|x|`), `gb[c]`: `Σ|gy|` over channel `c`; and its
    /// own count of products (the same passes on ones).
    ///
    /// - Throws: `.shapeMismatch` naming `gradInput.shape`, `gradWeights.count` or `gradBias.count`
    ///   (or `gradOutput.shape`); `.invalidParameter` naming `gradBias` when the layer has no bias,
    ///   or `worst`, `input`, `gradOutput` (not finite); `.engine` when the references disagree.
    /// - Complexity: three backward passes through `W` and one dense, plus O(elements · log worst).
    public func verifyGradients(gradOutput: Tensor<Double>, input: Tensor<Double>, gradInput: Tensor<Double>?,
                                gradWeights: [Double]?, gradBias: [Double]?, precision: VerifiedPrecision,
                                tolerance: VerificationTolerance? = nil, worst: Int = 5) throws -> GradientVerificationReport {
        let tolerance = tolerance ?? .accumulation(precision)
        try checkVerification(worst: worst, tolerance: tolerance, finite: input.scalars, name: "input")
        try checkVerification(worst: worst, tolerance: tolerance, finite: gradOutput.scalars, name: "gradOutput")
        if let gradInput, gradInput.shape != input.shape || gradInput.layout != input.layout {
            throw ConvMatrixError.mismatch("gradInput.shape", listDescription(gradInput.shape),
                                           "must be the input's shape \(listDescription(input.shape)) in layout \(input.layout)")
        }
        if let gradWeights, gradWeights.count != weights.count {
            throw ConvMatrixError.mismatch("gradWeights.count", gradWeights.count, "must be the weight count \(weights.count)")
        }
        if let gradBias {
            guard bias != nil else { throw ConvMatrixError.invalid("gradBias", "given", "this layer has no bias") }
            guard gradBias.count == outChannels else {
                throw ConvMatrixError.mismatch("gradBias.count", gradBias.count, "must be the output channels \(outChannels)")
            }
        }
        var probe = self
        try probe.setWeights(weights.map(abs))
        try probe.setBias([Double](repeating: 0, count: outChannels))
        let terms = try probe.backward(gradOutput: gradOutput.absolute(), input: input.absolute())
        try probe.setWeights([Double](repeating: 1, count: weights.count))
        let ones = try probe.backward(gradOutput: Tensor(repeating: 1, shape: gradOutput.shape, layout: gradOutput.layout),
                                      input: Tensor(repeating: 1, shape: input.shape, layout: input.layout))
        let reference = try backward(gradOutput: gradOutput, input: input)
        let dense = try backward(gradOutput: gradOutput, input: input, engine: .dense)
        let weightSpace = VerifiedSpace.flat("w", shape: weightShape, groups: groups)
        let biasSpace = VerifiedSpace.flat("b", shape: [outChannels], groups: groups)
        let inputSpace = VerifiedSpace.tensor("gx", shape: input.logicalShape, layout: input.layout, groups: groups)
        try crossCheck(reference.input.scalars, dense.input.scalars, terms: terms.input.scalars, counts: ones.input.scalars,
                       space: inputSpace)
        try crossCheck(reference.weights, dense.weights, terms: terms.weights, counts: ones.weights, space: weightSpace)
        if let b = reference.bias, let d = dense.bias, let t = terms.bias, let n = ones.bias {
            try crossCheck(b, d, terms: t, counts: n, space: biasSpace)
        }
        func report(_ got: [Double]?, _ ref: [Double], _ t: [Double], _ n: [Double], _ space: VerifiedSpace) -> VerificationReport? {
            got.map { VerificationReport.build(got: $0, reference: ref, terms: t, counts: n, space: space, tolerance: tolerance,
                                               precision: precision, worst: worst, crossChecked: true) { _ in [] } }
        }
        return GradientVerificationReport(
            input: report(gradInput?.scalars, reference.input.scalars, terms.input.scalars, ones.input.scalars, inputSpace),
            weights: report(gradWeights, reference.weights, terms.weights, ones.weights, weightSpace),
            bias: report(gradBias, reference.bias ?? [], terms.bias ?? [], ones.bias ?? [], biasSpace))
    }
}
