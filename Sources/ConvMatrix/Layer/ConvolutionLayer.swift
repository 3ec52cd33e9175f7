/// A convolution layer as users hold it: its definition (with its direction), its weights, its
/// bias, and its compiled matrix `W`.
///
/// Build one with PyTorch's parameters (``conv2d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``,
/// ``convTranspose2d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``,
/// the 1-d, 3-d and N-d forms), an ONNX node (``onnx(_:attributes:weightShape:weights:bias:)``),
/// a layer string (``init(parsing:weights:bias:inputDilation:layout:)``) or a resolved
/// ``Convolution``. Then call it on a ``Tensor``:
///
/// ```swift
/// let layer = try ConvolutionLayer.convTranspose2d(inChannels: 3, outChannels: 3, kernelSize: [3, 1],
///                                                  stride: [2, 1], padding: [1, 0], weights: w, bias: b)
/// let x = try layer(y)                                  // Wᵀ·y + b, the layer's own direction
/// let back = try layer.adjoint(x)                       // W·x: the transposed map, no bias
/// let grads = try layer.backward(gradOutput: x, input: y)
/// ```
///
/// A `Conv` layer computes `y = W·x + b`; a `ConvTranspose` layer `x = Wᵀ·y + b` with the `W` of
/// the convolution it transposes — the same matrix, never a second one. `W` depends on the
/// input's spatial size, so it is compiled on first use for each input shape and kept (a few
/// shapes at a time); new weights refill its values, reusing the structure (in place unless a
/// matrix handed out earlier still shares them).
/// The engine — `.cholmod`, `.cxsparse` (through `W`) or `.dense` (the direct convolution, which
/// never reads `W`) — is an argument of each call.
///
/// Shapes always include the batch axis and are in the layer's memory layout.
public struct ConvolutionLayer: Sendable, CustomStringConvertible {
    /// How a call is computed.
    public enum Engine: String, CaseIterable, Sendable {
        /// `W` through CHOLMOD's `sdmult` (Float64).
        case cholmod
        /// `W` through CXSparse's `cs_gaxpy` (Float64).
        case cxsparse
        /// The dense direct convolution, in the tensor's precision; never reads `W`.
        case dense
    }

    /// Where the layer's geometry comes from, for each input shape.
    public enum Definition: Hashable, Sendable, CustomStringConvertible {
        /// PyTorch's hyper-parameters; any input size.
        case parameters(ConvolutionParameters)
        /// An ONNX `Conv` / `ConvTranspose` node; any input size (`auto_pad` resolves per size).
        case onnx(ONNXOperator, ONNXAttributes, weightShape: [Int])
        /// One resolved convolution: only its input shape (any batch).
        case fixed(Convolution)

        public var description: String {
            switch self {
            case .parameters(let p): return p.description
            case .onnx(let op, _, let shape): return "ONNX \(op.rawValue) with weight \(listDescription(shape))"
            case .fixed(let c): return c.description
            }
        }
    }

    /// The layer's definition.
    public let definition: Definition
    /// PyTorch's weight shape for this layer: `(C_out, C_in/groups, k…)` for `Conv`,
    /// `(C_in, C_out/groups, k…)` for `ConvTranspose`.
    public let weightShape: [Int]
    /// The weights in ``weightShape``'s C order.
    public private(set) var weights: [Double]
    /// One value per output channel, added at every output position; `nil` for `bias=False`.
    public private(set) var bias: [Double]?
    /// The input shape the layer was built for (batch first, memory order), when its source
    /// names one (a layer string with `--input`, a conformance case, an ONNX node); calls that
    /// need a shape and are given none use it.
    public let inputShape: [Int]?
    let cache: MatrixCache

    /// A layer from its definition, weights and bias.
    ///
    /// - Throws: `.shapeMismatch` naming `weights` or `bias` when a count is wrong, and any error
    ///   of the definition (`groups` not dividing the channels, …); `inputShape`, when given, is
    ///   resolved once to check it.
    public init(_ definition: Definition, weights: [Double], bias: [Double]? = nil, inputShape: [Int]? = nil) throws {
        self.definition = definition
        switch definition {
        case .parameters(let p): weightShape = try p.weightShape()
        case .onnx(_, _, let shape): weightShape = shape
        case .fixed(let c): weightShape = c.weightShape
        }
        self.weights = []
        self.inputShape = inputShape
        cache = MatrixCache()
        try setWeights(weights)
        try setBias(bias)
        if let inputShape { _ = try convolution(inputShape: inputShape) }
    }

    /// Replaces the weights (PyTorch layout); `W` is refilled, reusing its structure, on next use.
    public mutating func setWeights(_ weights: [Double]) throws {
        let count = try checkedProduct(weightShape, .tooLarge("weight shape", listDescription(weightShape), "its element count"))
        guard weights.count == count else {
            throw ConvMatrixError.mismatch("weights.count", weights.count,
                                           "must be \(count), the element count of weight shape \(listDescription(weightShape))")
        }
        self.weights = weights
    }

    /// Replaces the bias (one value per output channel), or removes it.
    public mutating func setBias(_ bias: [Double]?) throws {
        if let bias, bias.count != outChannels {
            throw ConvMatrixError.mismatch("bias.count", bias.count, "must equal the layer's output channels \(outChannels)")
        }
        self.bias = bias
    }

    /// `ConvTranspose` (`x = Wᵀ·y + b`) rather than `Conv` (`y = W·x + b`).
    public var isTransposed: Bool {
        switch definition {
        case .parameters(let p): return p.isTransposed
        case .onnx(let op, _, _): return op == .convTranspose
        case .fixed(let c): return c.direction == .transposed
        }
    }

    /// The direction `W` is applied in by a call: `.forward` (`W·x`) or `.transposed` (`Wᵀ·y`).
    public var direction: Convolution.Direction { isTransposed ? .transposed : .forward }

    /// `D`, the number of spatial axes.
    public var spatialRank: Int { weightShape.count - 2 }

    /// The channels of the layer's input.
    public var inChannels: Int {
        switch definition {
        case .parameters(let p): return p.inChannels
        case .fixed(let c): return c.inputShape[0]
        case .onnx(let op, let a, let shape): return op == .conv ? shape[1] * a.group : shape[0]
        }
    }

    /// The channels of the layer's output: the length of its bias.
    public var outChannels: Int {
        switch definition {
        case .parameters(let p): return p.outChannels
        case .fixed(let c): return c.outputChannels
        case .onnx(let op, let a, let shape): return op == .conv ? shape[0] : shape[1] * a.group
        }
    }

    /// The memory order of the layer's input tensors.
    public var inputLayout: TensorLayout {
        switch definition {
        case .parameters(let p): return p.inputLayout
        case .onnx(_, let a, _): return a.layout
        case .fixed(let c): return c.direction == .forward ? c.geometry.inputLayout : c.geometry.outputLayout
        }
    }

    /// The memory order of the layer's output tensors.
    public var outputLayout: TensorLayout {
        switch definition {
        case .parameters(let p): return p.outputLayout
        case .onnx(_, let a, _): return a.layout
        case .fixed(let c): return c.direction == .forward ? c.geometry.outputLayout : c.geometry.inputLayout
        }
    }

    /// The layer on an input of `inputShape` (batch first, memory order; default the shape the
    /// layer was built for).
    ///
    /// - Throws: `.invalidParameter` naming `inputShape` when none is given and the layer has
    ///   none; otherwise the definition's errors for this input.
    public func convolution(inputShape: [Int]? = nil) throws -> Convolution {
        let shape = try resolvedInputShape(inputShape)
        guard shape.count == spatialRank + 2 else {
            throw ConvMatrixError.mismatch("input shape", listDescription(shape),
                                           "a \(spatialRank)-d layer takes \(spatialRank + 2) dimensions (N, C, spatial…) in \(inputLayout) order")
        }
        guard shape[0] >= 1 else { throw ConvMatrixError.invalid("input shape", listDescription(shape), "the batch must be ≥ 1") }
        switch definition {
        case .parameters(let p):
            return try p.convolution(inputShape: shape)
        case .onnx(let op, let attributes, let weightShape):
            return try Convolution.onnx(op, inputShape: shape, weightShape: weightShape, attributes: attributes)
        case .fixed(let c):
            guard Array(shape.dropFirst()) == c.inputMemoryShape else {
                throw ConvMatrixError.mismatch("input shape", listDescription(shape),
                                               "this layer is defined for samples of shape \(listDescription(c.inputMemoryShape)) (\(inputLayout) order)")
            }
            return c
        }
    }

    /// The output shape (batch first, memory order) for an input of `inputShape`.
    public func outputShape(inputShape: [Int]? = nil) throws -> [Int] {
        let shape = try resolvedInputShape(inputShape)
        return [shape[0]] + (try convolution(inputShape: shape)).outputMemoryShape
    }

    /// `W` for an input of `inputShape` (batch ignored), compiled on first use and kept;
    /// refilled when the weights changed (in place unless a matrix handed out earlier shares its values).
    ///
    /// - Throws: `.overBudget` before allocating when `W` would not fit the memory budget.
    /// - Complexity: O(rows + nnz) the first time for a shape, O(nnz) after new weights, O(1) else.
    public func matrix(inputShape: [Int]? = nil) throws -> ConvolutionMatrix {
        try matrix(for: convolution(inputShape: inputShape))
    }

    /// `W` of an already resolved convolution of this layer.
    func matrix(for convolution: Convolution) throws -> ConvolutionMatrix {
        try cache.matrix(for: convolution.geometry, weights: weights)
    }

    /// The sparse products of an already resolved convolution of this layer: `W` compiled in
    /// the numbering ``ConvolutionProduct/Numbering/automatic`` picks (channels innermost when a
    /// row reads at least 8 channels; the output channels alone when fewer feed at least 8
    /// outputs in one group). The cache holds one numbering of `W` at a time: when that
    /// differs from the layer's layouts, asking for the `W` of ``matrix(inputShape:)`` (export,
    /// inspection) recompiles.
    func product(for convolution: Convolution) throws -> ConvolutionProduct {
        let g = convolution.geometry
        return ConvolutionProduct(geometry: g, matrix: try cache.matrix(for: ConvolutionProduct.productGeometry(of: g), weights: weights))
    }

    /// `inputShape`, or the shape the layer was built for.
    func resolvedInputShape(_ inputShape: [Int]?) throws -> [Int] {
        guard let shape = inputShape ?? self.inputShape else {
            throw ConvMatrixError.invalid("inputShape", "missing",
                                          "this layer was built without an input shape; pass the input shape (N, C, spatial…)")
        }
        return shape
    }

    public var description: String { definition.description }
}
