/// An integer parameter given once for every spatial axis (`2`) or per axis (`[2, 3]`),
/// as PyTorch and mlx-swift accept them.
public struct AxisValues: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral,
    CustomStringConvertible
{
    public let values: [Int]

    public init(_ values: [Int]) { self.values = values }
    public init(integerLiteral value: Int) { values = [value] }
    public init(arrayLiteral elements: Int...) { values = elements }

    /// One value per axis: a single value is repeated; otherwise the count must equal `rank`.
    public func resolve(rank: Int, parameter: String) throws -> [Int] {
        if values.count == 1 { return Array(repeating: values[0], count: rank) }
        guard values.count == rank else {
            throw ConvMatrixError.invalid(parameter, listDescription(values),
                                          "needs 1 or \(rank) values (one per spatial axis), got \(values.count)")
        }
        return values
    }

    public var description: String { values.count == 1 ? "\(values[0])" : listDescription(values) }
}

/// How a convolution is padded, in PyTorch's vocabulary plus explicit begin/end pads.
public enum Padding: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The same number of elements at both ends of each axis (`padding=1`, `padding=(1, 2)`).
    case symmetric(AxisValues)
    /// Separate begin and end pads per axis; negative values crop (JAX semantics).
    case beginEnd(begin: [Int], end: [Int])
    /// PyTorch's `padding='same'`: output size = input size (stride 1 only); an odd total puts
    /// the extra element at the end.
    case same
    /// PyTorch's `padding='valid'`: no padding.
    case valid

    public init(integerLiteral value: Int) { self = .symmetric(AxisValues(integerLiteral: value)) }
    public init(arrayLiteral elements: Int...) { self = .symmetric(AxisValues(elements)) }

    public var description: String {
        switch self {
        case .symmetric(let v): return v.description
        case .beginEnd(let b, let e): return "begin \(listDescription(b)), end \(listDescription(e))"
        case .same: return "'same'"
        case .valid: return "'valid'"
        }
    }
}
