/// Layers from the other places they are written: an ONNX node, a PyTorch layer string, one
/// resolved ``Convolution``.
extension ConvolutionLayer {
    /// An ONNX `Conv` or `ConvTranspose` node: ONNX's attribute semantics (`auto_pad`, `pads`,
    /// `output_padding`, `output_shape`, `group`), weight `W` in ONNX's layout — the same as
    /// PyTorch's for both operators.
    ///
    /// - Parameters:
    ///   - inputShape: `X`'s shape when the node fixes it (batch first); calls may still bring
    ///     other sizes, which the attributes resolve.
    /// - Throws: ``ConvMatrixError`` naming the attribute at fault.
    public static func onnx(_ op: ONNXOperator, attributes: ONNXAttributes, weightShape: [Int], weights: [Double],
                            bias: [Double]? = nil, inputShape: [Int]? = nil) throws -> ConvolutionLayer {
        _ = try Convolution.spatialRank(weightShape: weightShape)
        try ConvolutionGeometry.validateGroups(attributes.group, inChannels: op == .conv ? weightShape[1] * attributes.group : weightShape[0],
                                               outChannels: op == .conv ? weightShape[0] : weightShape[1] * attributes.group)
        return try ConvolutionLayer(.onnx(op, attributes, weightShape: weightShape), weights: weights, bias: bias,
                                    inputShape: inputShape)
    }

    /// A layer written as in PyTorch — `"nn.ConvTranspose2d(3, 3, (3, 1), stride=(2, 1))"` —
    /// with ConvMatrix's extensions.
    ///
    /// - Parameters:
    ///   - weights: PyTorch's layout for the layer (``weightShape``).
    ///   - bias: the bias values; `nil` gives zeros when the string says `bias=True` (PyTorch's
    ///     default), none with `bias=False`.
    ///   - inputShape: the input the layer is built for, if known (batch first).
    /// - Throws: a syntax error carrying the column (``ConvMatrixError/location``), or the
    ///   argument that breaks a rule; `.invalidParameter` naming `bias` when values are given for
    ///   a `bias=False` layer.
    public init(parsing text: String, weights: [Double], bias: [Double]? = nil, inputDilation: [Int]? = nil,
                layout: TensorLayout = .channelsFirst, inputShape: [Int]? = nil) throws {
        let expression = try LayerExpression(parsing: text)
        try self.init(expression, weights: weights, bias: bias, inputDilation: inputDilation, layout: layout,
                      inputShape: inputShape)
    }

    /// The layer of a parsed layer string (see ``init(parsing:weights:bias:inputDilation:layout:inputShape:)``).
    public init(_ expression: LayerExpression, weights: [Double], bias: [Double]? = nil, inputDilation: [Int]? = nil,
                layout: TensorLayout = .channelsFirst, inputShape: [Int]? = nil) throws {
        let parameters = try expression.parameters(inputDilation: inputDilation, inputLayout: layout, outputLayout: layout)
        if bias != nil, !expression.hasBias {
            throw ConvMatrixError.invalid("bias", "given", "the layer is written with bias=False")
        }
        let values = bias ?? (expression.hasBias ? [Double](repeating: 0, count: parameters.outChannels) : nil)
        try self.init(.parameters(parameters), weights: weights, bias: values, inputShape: inputShape)
    }

    /// The layer of one resolved convolution (a conformance case, a geometry built by hand): it
    /// takes inputs of exactly `convolution`'s sample shape, any batch.
    public init(_ convolution: Convolution, weights: [Double], bias: [Double]? = nil, batch: Int = 1) throws {
        try self.init(.fixed(convolution), weights: weights, bias: bias, inputShape: [batch] + convolution.inputMemoryShape)
    }
}
