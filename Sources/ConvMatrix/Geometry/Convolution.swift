/// A convolution layer as users see it: a ``ConvolutionGeometry`` plus a direction.
///
/// - `.forward`: `y = conv(x) = W·x (+ b)`; input shape `geometry.inputShape`.
/// - `.transposed`: `x = convT(y) = Wᵀ·y (+ b)` with the **same** `W`: the transposed
///   convolution with given parameters is the adjoint of the convolution with those parameters
///   whose input is the transposed convolution's output. Its input shape is
///   `geometry.outputShape`, its output shape `geometry.inputShape`, and its weight — PyTorch's
///   `(C_in, C_out/groups, k…)` for `ConvTranspose` — is exactly `geometry.weightShape`.
public struct Convolution: Hashable, Sendable, CustomStringConvertible {
    public enum Direction: String, Hashable, Sendable {
        case forward
        case transposed
    }

    public let geometry: ConvolutionGeometry
    public let direction: Direction

    public init(geometry: ConvolutionGeometry, direction: Direction = .forward) {
        self.geometry = geometry
        self.direction = direction
    }

    /// Logical shape of one input sample of this layer, `[C, spatial…]`.
    public var inputShape: [Int] { direction == .forward ? geometry.inputShape : geometry.outputShape }
    /// Logical shape of one output sample of this layer, `[C, spatial…]`.
    public var outputShape: [Int] { direction == .forward ? geometry.outputShape : geometry.inputShape }
    /// Input shape in memory order (layout applied), without the batch axis.
    public var inputMemoryShape: [Int] {
        direction == .forward ? geometry.inputMemoryShape : geometry.outputMemoryShape
    }
    /// Output shape in memory order (layout applied), without the batch axis.
    public var outputMemoryShape: [Int] {
        direction == .forward ? geometry.outputMemoryShape : geometry.inputMemoryShape
    }
    /// Elements of one input sample.
    public var inputCount: Int { direction == .forward ? geometry.inputCount : geometry.outputCount }
    /// Elements of one output sample.
    public var outputCount: Int { direction == .forward ? geometry.outputCount : geometry.inputCount }
    /// The layer's output channels: the length of its bias.
    public var outputChannels: Int { outputShape[0] }
    /// The weight shape, in PyTorch's layout for this kind of layer.
    public var weightShape: [Int] { geometry.weightShape }

    public var description: String {
        direction == .forward ? geometry.description : "Transposed(" + geometry.description + ")"
    }
}
