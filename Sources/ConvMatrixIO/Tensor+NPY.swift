// Tensors to and from NumPy: a `.npy` file holds one batch of feature maps in C order.
import ConvMatrix

extension Tensor {
    /// The tensor held by `array` — `(N, C, spatial…)` in `layout`'s memory order (batch first) —
    /// converted to `Scalar` (float16 and float32 arrays read as `Float` stay exact; float64 read
    /// as `Float` is rounded; integer arrays are converted; for bfloat16 data stored as uint16 use
    /// ``NumPyArray/bfloat16Values()``).
    ///
    /// - Throws: `.unsupported` naming `source` for booleans or strings; the shape errors of
    ///   ``Tensor/init(shape:layout:scalars:)``.
    public init(_ array: NumPyArray, layout: TensorLayout = .channelsFirst, source: String = "array") throws {
        let scalars: [Scalar]
        switch array.storage {
        case .float32(let v): scalars = Scalar.self == Float.self ? v as! [Scalar] : v.map { Scalar($0) }
        case .float64(let v): scalars = Scalar.self == Double.self ? v as! [Scalar] : v.map { Scalar($0) }
        case .float16(let v): scalars = v.map { Scalar(Float($0)) }
        case .uint16(let v): scalars = v.map { Scalar($0) }
        case .int32(let v): scalars = v.map { Scalar($0) }
        case .int64(let v): scalars = v.map { Scalar($0) }
        case .bool, .bytes, .unicode:
            throw ConvMatrixError(.unsupported, parameter: source, value: "dtype \(array.dtype)",
                                  rule: "a tensor holds numbers (float32, float64 or integers)")
        }
        try self.init(shape: array.shape, layout: layout, scalars: scalars)
    }

    /// The tensor in the `.npy` file at `path` (see ``init(_:layout:source:)``).
    ///
    /// - Throws: the file's errors, located at a byte offset (``ConvMatrixError/Location/file(path:line:byteOffset:)``).
    public init(contentsOf path: String, layout: TensorLayout = .channelsFirst) throws {
        try self.init(NumPyArray(contentsOf: path), layout: layout, source: path)
    }

    /// The tensor as a NumPy array of its shape: float32 for `Float`, float64 otherwise.
    public var numPyArray: NumPyArray {
        let storage: NumPyArray.Storage = Scalar.self == Float.self
            ? .float32(scalars as! [Float]) : .float64(scalars.map { Double($0) })
        return try! NumPyArray(shape: shape, storage: storage)  // the tensor's shape holds its count
    }

    /// Writes the tensor as a `.npy` file, atomically (see ``NumPyArray/write(to:)``).
    public func write(to path: String) throws {
        try numPyArray.write(to: path)
    }
}
