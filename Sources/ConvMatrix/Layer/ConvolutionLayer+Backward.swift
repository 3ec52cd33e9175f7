/// The backward pass of a layer: input, weight and bias gradients.
extension ConvolutionLayer {
    /// The gradients of a loss with respect to the layer's input, weights and bias.
    public struct Gradients: Sendable {
        /// `∂L/∂x`: the layer's input shape and layout.
        public let input: Tensor<Double>
        /// `∂L/∂w` in ``ConvolutionLayer/weightShape``'s order.
        public let weights: [Double]
        /// `∂L/∂b`, one value per output channel; `nil` when the layer has no bias.
        public let bias: [Double]?
    }

    /// Gradients of the layer at `input` given `gradOutput = ∂L/∂(layer output)`.
    ///
    /// Through `W` (`.cholmod`, `.cxsparse`): `gx = Wᵀ·gy` (a `ConvTranspose`: `W·gy`), `gw[t] = Σ`
    /// over the entries fed by tap `t` of `gy[row]·x[col]` (rows and columns swap for a
    /// `ConvTranspose`), `gb[c] = Σ gy[·, c, ·]`. `.dense` derives the same from the padded input,
    /// never reading `W`.
    ///
    /// - Throws: `.shapeMismatch` naming `gradOutput` when its shape is not the layer's output
    ///   shape for `input`.
    /// - Complexity: O(nnz · N) through `W`; like the forward pass dense.
    public func backward(gradOutput: Tensor<Double>, input: Tensor<Double>, engine: Engine = .cholmod,
                         threads: Int = 1) throws -> Gradients {
        let convolution = try self.convolution(inputShape: input.shape)
        guard gradOutput.sampleShape == convolution.outputMemoryShape, gradOutput.batch == input.batch else {
            throw ConvMatrixError.mismatch("gradOutput.shape", listDescription(gradOutput.shape),
                                           "must be the layer's output shape \(listDescription([input.batch] + convolution.outputMemoryShape))")
        }
        let g = convolution.geometry
        let result: ConvolutionGradients
        switch engine {
        case .dense:
            result = try DenseConvolution.backward(g, input: input.scalars, outputGradient: gradOutput.scalars, weights: weights,
                                                   batch: input.batch, direction: direction, threads: max(1, threads))
        case .cholmod, .cxsparse:
            result = try product(for: convolution).backward(input: input.scalars, outputGradient: gradOutput.scalars,
                                                           batch: input.batch, direction: direction,
                                                           engine: engine == .cholmod ? .cholmod : .cxsparse)
        }
        return Gradients(input: Tensor(unchecked: input.shape, layout: input.layout, scalars: result.input),
                         weights: result.weights, bias: bias == nil ? nil : result.bias)
    }
}
