// One Conv / ConvTranspose node of an ONNX graph, with its weights.
import ConvMatrix

/// A `Conv` or `ConvTranspose` node of an ONNX model: its attributes, its weight and bias (from
/// initializers or `Constant` nodes), and its input shape when the graph tells it.
///
/// ``layer(inputShape:)`` makes the ``ConvolutionLayer`` through ConvMatrix's ONNX front end
/// (``ConvolutionLayer/onnx(_:attributes:weightShape:weights:bias:inputShape:)``), so `auto_pad`,
/// `pads`, `output_padding`, `output_shape`, `group` and `dilations` mean what ONNX says.
public struct ONNXConvolutionLayer: Sendable, Hashable {
    /// The element type of an initializer.
    public enum ElementType: String, Sendable, Hashable {
        case float32, float64, float16, bfloat16
    }

    /// The node's name; for a node without one, its first output's name.
    public let name: String
    /// The node's position in the graph (0-based).
    public let index: Int
    public let op: ONNXOperator
    public let attributes: ONNXAttributes
    /// The name of the node's input `X`.
    public let inputName: String
    /// The name of the node's output `Y`.
    public let outputName: String
    /// The initializer holding `W`.
    public let weightName: String
    /// `W`'s shape: `(M, C/group, k…)` for `Conv`, `(C, M/group, k…)` for `ConvTranspose`.
    public let weightShape: [Int]
    /// The element type `W` is stored in.
    public let weightType: ElementType
    /// `W` in C order, widened to `Double` exactly.
    public let weights: [Double]
    /// The initializer holding `B`, if the node has a bias input.
    public let biasName: String?
    /// `B`'s values (one per output channel), if any.
    public let bias: [Double]?
    /// `X`'s shape (batch first), when the graph knows it; a symbolic batch is taken as 1.
    public let inputShape: [Int]?
    /// Where ``inputShape`` came from ("graph input 'x'", "inferred from node 'conv1'"), or why it
    /// is unknown.
    public let inputShapeSource: String

    /// The node as a ``ConvolutionLayer``, built for `inputShape` (default: the graph's input
    /// shape for the node; a layer without one takes the shape with each call).
    ///
    /// - Throws: the front end's error for an attribute that breaks a rule, its parameter
    ///   prefixed with the node (`node 'conv1' group`).
    public func layer(inputShape: [Int]? = nil) throws -> ConvolutionLayer {
        do {
            return try ConvolutionLayer.onnx(op, attributes: attributes, weightShape: weightShape, weights: weights,
                                             bias: bias, inputShape: inputShape ?? self.inputShape)
        } catch let error as ConvMatrixError {
            throw ConvMatrixError(error.kind, parameter: "node '\(name)' \(error.parameter)", value: error.value, rule: error.rule)
        }
    }
}
