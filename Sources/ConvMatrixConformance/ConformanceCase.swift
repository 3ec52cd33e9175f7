import ConvMatrix

/// One conformance case (`SCHEMA.md`): a convolution, its inputs and the output it must
/// produce. Tensors are flat, row-major, in the case's memory layout.
public struct ConformanceCase: Sendable {
    /// A tensor of a case: its shape and flat row-major data.
    public struct Tensor: Sendable, Equatable {
        public let shape: [Int]
        public let data: [Double]

        public init(shape: [Int], data: [Double]) {
            self.shape = shape
            self.data = data
        }
    }

    public let name: String
    public let op: ONNXOperator
    public let source: String
    /// The parsed attributes, or the reason they could not be parsed (an unknown attribute
    /// makes the case fail with a message naming it, without hiding the other cases).
    public let attributes: Result<ONNXAttributes, ConvMatrixError>
    public let x: Tensor
    public let w: Tensor
    public let b: Tensor?
    public let y: Tensor
    /// Tolerances of `|y − Y| ≤ atol + rtol · max|Y|`.
    public let rtol: Double
    public let atol: Double

    public init(name: String, op: ONNXOperator, source: String, attributes: Result<ONNXAttributes, ConvMatrixError>,
                x: Tensor, w: Tensor, b: Tensor?, y: Tensor, rtol: Double = 1e-5, atol: Double = 1e-6) {
        self.name = name
        self.op = op
        self.source = source
        self.attributes = attributes
        self.x = x
        self.w = w
        self.b = b
        self.y = y
        self.rtol = rtol
        self.atol = atol
    }

    /// The layer the case describes, through the ONNX front end. The batch is `X.shape[0]`.
    public func layer() throws -> Convolution {
        try Convolution.onnx(op, inputShape: x.shape, weightShape: w.shape, attributes: attributes.get())
    }

    /// Number of samples.
    public var batch: Int { x.shape.first ?? 0 }
}
