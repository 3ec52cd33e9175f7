// An n-dimensional array as NumPy stores it: a shape and C-order elements of one dtype.
import ConvMatrix

/// An n-dimensional array in C (row-major) order with one of the element types ConvMatrix
/// exchanges with NumPy: what one `.npy` file, or one entry of a `.npz`, holds.
///
/// Element `[i₀, i₁, …, iₖ₋₁]` is `storage[((i₀·s₁ + i₁)·s₂ + …)·sₖ₋₁ + iₖ₋₁]` for
/// `shape = [s₀, …, sₖ₋₁]`. A 0-d array (`shape == []`) holds exactly one element; a shape with a
/// zero extent holds none.
///
/// | storage | NumPy dtype |
/// |---|---|
/// | `.float16` | `'<f2'` |
/// | `.float32` | `'<f4'` |
/// | `.float64` | `'<f8'` |
/// | `.int32` | `'<i4'` |
/// | `.int64` | `'<i8'` |
/// | `.uint16` | `'<u2'` (how bfloat16 data is stored: see ``bfloat16Values()``) |
/// | `.bool` | `'\|b1'` |
/// | `.bytes` | `'\|S<n>'`, `n` = the longest UTF-8 length (NumPy's `bytes_`) |
/// | `.unicode` | `'<U<n>'`, `n` = the most code points (NumPy's `str_`) |
///
/// Strings lose trailing NUL characters, as in NumPy.
public struct NumPyArray: Sendable, Equatable {
    /// The elements, in C order, with their element type.
    public enum Storage: Sendable, Equatable {
        case float16([Float16])
        case float32([Float])
        case float64([Double])
        case int32([Int32])
        case int64([Int64])
        case uint16([UInt16])
        case bool([Bool])
        case bytes([String])
        case unicode([String])

        /// Number of elements.
        public var count: Int {
            switch self {
            case .float16(let v): v.count
            case .uint16(let v): v.count
            case .float32(let v): v.count
            case .float64(let v): v.count
            case .int32(let v): v.count
            case .int64(let v): v.count
            case .bool(let v): v.count
            case .bytes(let v): v.count
            case .unicode(let v): v.count
            }
        }
    }

    /// The extent of each axis; `[]` for a 0-d (scalar) array.
    public let shape: [Int]
    /// The elements in C order.
    public let storage: Storage

    /// An array of the given shape over `storage`.
    ///
    /// - Throws: `.invalidParameter` for a negative extent or an element count that overflows;
    ///   `.shapeMismatch` when `storage` does not hold exactly `shape.product` elements.
    public init(shape: [Int], storage: Storage) throws {
        let count = try NumPyArray.elementCount(shape, place: FilePlace(path: "shape"))
        guard count == storage.count else {
            throw ConvMatrixError(.shapeMismatch, parameter: "shape", value: NumPyArray.shapeText(shape),
                                  rule: "holds \(count) elements but the storage has \(storage.count)")
        }
        self.shape = shape
        self.storage = storage
    }

    /// A 1-d `float64` array.
    public init(_ values: [Double]) { shape = [values.count]; storage = .float64(values) }
    /// A 1-d `float32` array.
    public init(_ values: [Float]) { shape = [values.count]; storage = .float32(values) }
    /// A 1-d `int32` array.
    public init(_ values: [Int32]) { shape = [values.count]; storage = .int32(values) }
    /// A 1-d `int64` array.
    public init(_ values: [Int64]) { shape = [values.count]; storage = .int64(values) }

    /// Number of elements: the product of ``shape`` (1 for a 0-d array).
    public var count: Int { storage.count }

    /// The NumPy dtype string (`descr`) of the elements: `'<f8'`, `'|S3'`, ….
    public var dtype: String {
        switch storage {
        case .float16: "<f2"
        case .uint16: "<u2"
        case .float32: "<f4"
        case .float64: "<f8"
        case .int32: "<i4"
        case .int64: "<i8"
        case .bool: "|b1"
        case .bytes(let v): "|S\(v.map(\.utf8.count).max().map { max($0, 1) } ?? 1)"
        case .unicode(let v): "<U\(v.map(\.unicodeScalars.count).max().map { max($0, 1) } ?? 1)"
        }
    }

    /// The elements as `Double`: floats widen exactly, integers convert (exactly up to 2⁵³),
    /// booleans become 0 and 1.
    ///
    /// - Throws: `.unsupported` for string arrays.
    /// - Complexity: O(count).
    public func doubles() throws -> [Double] {
        switch storage {
        case .float64(let v): return v
        case .float32(let v): return v.map(Double.init)
        case .float16(let v): return v.map(Double.init)
        case .uint16(let v): return v.map(Double.init)
        case .int32(let v): return v.map(Double.init)
        case .int64(let v): return v.map(Double.init)
        case .bool(let v): return v.map { $0 ? 1 : 0 }
        case .bytes, .unicode:
            throw ConvMatrixError(.unsupported, parameter: "dtype", value: dtype, rule: "string elements cannot convert to Double")
        }
    }

    /// The elements as `Int64`: integers widen, booleans become 0 and 1.
    ///
    /// - Throws: `.unsupported` for floating-point and string arrays (no silent truncation).
    /// - Complexity: O(count).
    public func int64s() throws -> [Int64] {
        switch storage {
        case .int64(let v): return v
        case .int32(let v): return v.map(Int64.init)
        case .uint16(let v): return v.map(Int64.init)
        case .bool(let v): return v.map { $0 ? 1 : 0 }
        case .float16, .float32, .float64, .bytes, .unicode:
            throw ConvMatrixError(.unsupported, parameter: "dtype", value: dtype, rule: "only integer and boolean elements convert to Int64")
        }
    }

    /// The elements of a `uint16` array read as bfloat16 bit patterns (NumPy has no bfloat16;
    /// `x.view(np.uint16)` of an `ml_dtypes.bfloat16` array, or PyTorch's
    /// `t.view(torch.int16).numpy().view(np.uint16)`, stores one): bfloat16 is the upper half of
    /// a float32, so each value is exactly `Float(bitPattern: bits << 16)`.
    ///
    /// - Throws: `.unsupported` naming `dtype` for any other element type.
    /// - Complexity: O(count).
    public func bfloat16Values() throws -> [Float] {
        guard case .uint16(let bits) = storage else {
            throw ConvMatrixError(.unsupported, parameter: "dtype", value: dtype,
                                  rule: "bfloat16 data is stored as uint16 ('<u2') bit patterns")
        }
        return bits.map { Float(bitPattern: UInt32($0) << 16) }
    }

    /// The elements of a `bytes` or `unicode` array.
    ///
    /// - Throws: `.unsupported` for numeric arrays.
    public func strings() throws -> [String] {
        switch storage {
        case .bytes(let v), .unicode(let v): return v
        default:
            throw ConvMatrixError(.unsupported, parameter: "dtype", value: dtype, rule: "only string elements convert to String")
        }
    }

    /// The product of `shape`, checked.
    static func elementCount(_ shape: [Int], place: FilePlace) throws -> Int {
        do { return try shapeElementCount(shape, parameter: place.description, value: shapeText(shape)) } catch let error as ConvMatrixError {
            throw ConvMatrixError(error.kind, at: place, value: error.value, rule: error.rule)
        }
    }

    /// A shape as Python prints the tuple: `()`, `(3,)`, `(2, 3)`.
    static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
