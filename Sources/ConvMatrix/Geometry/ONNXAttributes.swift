/// The attributes of an ONNX `Conv` / `ConvTranspose` node (ONNX names, ONNX defaults), plus
/// the ConvMatrix extensions of the conformance-case format.
public struct ONNXAttributes: Hashable, Sendable {
    /// `auto_pad`.
    public enum AutoPad: String, Hashable, Sendable {
        case notSet = "NOTSET"
        case sameUpper = "SAME_UPPER"
        case sameLower = "SAME_LOWER"
        case valid = "VALID"
    }

    public var kernelShape: [Int]?
    public var strides: [Int]?
    public var dilations: [Int]?
    /// `[x1_begin, x2_begin, …, x1_end, x2_end, …]`.
    public var pads: [Int]?
    public var group: Int
    public var autoPad: AutoPad
    public var outputPadding: [Int]?
    public var outputShape: [Int]?
    /// Extension: PyTorch's `padding_mode`.
    public var paddingMode: PaddingMode
    /// Extension: JAX's `lhs_dilation` (Conv only).
    public var inputDilations: [Int]?
    /// Extension: the memory order of `X` and `Y`.
    public var layout: TensorLayout

    public init(kernelShape: [Int]? = nil, strides: [Int]? = nil, dilations: [Int]? = nil, pads: [Int]? = nil,
                group: Int = 1, autoPad: AutoPad = .notSet, outputPadding: [Int]? = nil, outputShape: [Int]? = nil,
                paddingMode: PaddingMode = .zeros, inputDilations: [Int]? = nil, layout: TensorLayout = .channelsFirst) {
        self.kernelShape = kernelShape
        self.strides = strides
        self.dilations = dilations
        self.pads = pads
        self.group = group
        self.autoPad = autoPad
        self.outputPadding = outputPadding
        self.outputShape = outputShape
        self.paddingMode = paddingMode
        self.inputDilations = inputDilations
        self.layout = layout
    }
}

/// The two ONNX operators ConvMatrix implements.
public enum ONNXOperator: String, Hashable, Sendable {
    case conv = "Conv"
    case convTranspose = "ConvTranspose"
}
