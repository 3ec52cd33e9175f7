/// A batch of feature maps: a shape, a layout and contiguous storage — what a layer is called on.
///
/// `shape` is in memory order and always starts with the batch axis: `(N, C, d₁, …, d_D)` for
/// ``TensorLayout/channelsFirst``, `(N, d₁, …, d_D, C)` for ``TensorLayout/channelsLast``. The
/// batch is read from the shape (`shape[0]`), never passed beside it. Element `(n, c, i…)` is
/// stored at `n·(C·Πd) + Σ stride_a · index_a` with the layout's strides (C order in memory).
///
/// ```swift
/// let x = try Tensor<Double>(shape: [2, 3, 4, 4], scalars: (0..<96).map(Double.init))
/// x.batch            // 2
/// x[0, 1, 2, 3]      // element (n=0, c=1, i=2, j=3), whatever the layout
/// ```
///
/// - Complexity: construction O(1) beyond the array it is given; the count check uses checked
///   arithmetic, so a shape whose element count overflows is a typed error, not a trap.
public struct Tensor<Scalar: DenseScalar>: Equatable, Sendable, CustomStringConvertible {
    /// The extents in memory order, batch first.
    public let shape: [Int]
    /// The memory order of the axes after the batch.
    public let layout: TensorLayout
    /// The elements in memory order (`shape.reduce(1, *)` of them).
    public private(set) var scalars: [Scalar]

    /// Wraps `scalars` laid out as `shape` (memory order, batch first) in `layout`.
    ///
    /// - Throws: `ConvMatrixError(.shapeMismatch)` naming `shape` when it has fewer than two axes
    ///   or a non-positive extent, when the layout does not fit its rank, or when
    ///   `scalars.count` is not the product of the extents.
    public init(shape: [Int], layout: TensorLayout = .channelsFirst, scalars: [Scalar]) throws {
        let count = try Self.elementCount(shape, layout: layout)
        guard scalars.count == count else {
            throw ConvMatrixError.mismatch("scalars.count", scalars.count,
                                           "must be the element count \(count) of shape \(listDescription(shape))")
        }
        self.shape = shape
        self.layout = layout
        self.scalars = scalars
    }

    /// A tensor of `shape` whose every element is `value`.
    public init(repeating value: Scalar, shape: [Int], layout: TensorLayout = .channelsFirst) throws {
        let count = try Self.elementCount(shape, layout: layout)
        try checkMemory(elements: count, size: MemoryLayout<Scalar>.stride, parameter: "shape",
                        value: listDescription(shape), what: "a tensor of this shape")
        self.shape = shape
        self.layout = layout
        self.scalars = [Scalar](repeating: value, count: count)
    }

    /// `N`, the number of samples.
    public var batch: Int { shape[0] }
    /// `D`, the number of spatial axes.
    public var spatialRank: Int { shape.count - 2 }
    /// The shape of one sample in memory order (`shape` without the batch axis).
    public var sampleShape: [Int] { Array(shape.dropFirst()) }
    /// Elements of one sample.
    public var sampleCount: Int { scalars.count / batch }
    /// The logical shape `(N, C, d₁, …, d_D)`, whatever the layout.
    public var logicalShape: [Int] { [batch] + layout.logicalShape(memory: sampleShape) }
    /// `C`, the number of channels.
    public var channels: Int { logicalShape[1] }

    /// Element `(n, c, i₁, …, i_D)` in logical order, whatever the layout.
    ///
    /// - Precondition: one index per axis, each inside its extent.
    public subscript(indices: Int...) -> Scalar {
        get { scalars[offset(indices)] }
        set { scalars[offset(indices)] = newValue }
    }

    /// The memory offset of logical index `(n, c, i…)`.
    ///
    /// - Precondition: `indices.count == shape.count` and each index inside its extent.
    public func offset(_ indices: [Int]) -> Int {
        let logical = logicalShape
        precondition(indices.count == logical.count, "Tensor: \(indices.count) indices for a rank-\(logical.count) tensor")
        for (a, i) in indices.enumerated() {
            precondition(i >= 0 && i < logical[a], "Tensor: index \(i) outside 0..<\(logical[a]) on logical axis \(a)")
        }
        let strides = layout.strides(extents: Array(logical.dropFirst()))
        return indices[0] * sampleCount + zip(indices.dropFirst(), strides).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The same elements in another precision (rounded to nearest).
    ///
    /// - Complexity: O(count).
    public func converted<T: DenseScalar>(to type: T.Type = T.self) -> Tensor<T> {
        Tensor<T>(unchecked: shape, layout: layout, scalars: scalars.map { T($0) })
    }

    public var description: String {
        "Tensor<\(Scalar.self)>(shape: \(listDescription(shape)), layout: \(layout))"
    }

    /// For results whose shape the library derived itself.
    init(unchecked shape: [Int], layout: TensorLayout, scalars: [Scalar]) {
        self.shape = shape
        self.layout = layout
        self.scalars = scalars
    }

    /// `Πshape`, checked: at least a batch and a channel axis, positive extents, a layout of the
    /// right rank, no overflow.
    static func elementCount(_ shape: [Int], layout: TensorLayout) throws -> Int {
        guard shape.count >= 2 else {
            throw ConvMatrixError.mismatch("shape", listDescription(shape),
                                           "a tensor has a batch axis and a channel axis at least: (N, C, spatial…)")
        }
        guard shape.allSatisfy({ $0 >= 1 }) else {
            throw ConvMatrixError.mismatch("shape", listDescription(shape), "every extent must be ≥ 1")
        }
        try layout.validate(parameter: "layout", spatialRank: shape.count - 2)
        return try checkedProduct(shape, .tooLarge("shape", listDescription(shape), "its element count"))
    }
}
