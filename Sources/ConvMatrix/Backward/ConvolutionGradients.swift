/// The gradients of a layer's loss with respect to its input, weights and bias.
public struct ConvolutionGradients: Sendable {
    /// Same shape and layout as the layer's input (batch included).
    public let input: [Double]
    /// PyTorch's weight layout, `geometry.weightCount` elements.
    public let weights: [Double]
    /// One value per output channel of the layer.
    public let bias: [Double]
}
