/// The memory order of a tensor's non-batch axes: which of (channel, spatial axes) varies
/// slowest. The batch axis is always outermost.
///
/// In the matrix view a layout only renumbers rows (output layout) or columns (input layout)
/// of `W`; nothing is transposed at apply time.
public enum TensorLayout: Hashable, Sendable, CustomStringConvertible {
    /// `N × C × d₁ × … × d_D` (PyTorch's and ONNX's default).
    case channelsFirst
    /// `N × d₁ × … × d_D × C`.
    case channelsLast
    /// Any order of the logical axes `0 = channel, 1…D = spatial axes`, outermost first.
    case permutation([Int])

    /// The logical axes, outermost first, for a tensor with `spatialRank` spatial axes.
    public func order(spatialRank: Int) -> [Int] {
        switch self {
        case .channelsFirst: return Array(0...spatialRank)
        case .channelsLast: return Array(1...max(spatialRank, 1)).prefix(spatialRank) + [0]
        case .permutation(let p): return p
        }
    }

    /// A sample's shape in memory order from its logical shape `[C, d₁, …, d_D]`.
    ///
    /// - Precondition: the layout is a permutation of `0…D` (``validate(parameter:spatialRank:)``).
    public func memoryShape(logical: [Int]) -> [Int] {
        order(spatialRank: logical.count - 1).map { logical[$0] }
    }

    /// A sample's logical shape `[C, d₁, …, d_D]` from its shape in memory order; the inverse of
    /// ``memoryShape(logical:)``.
    ///
    /// - Precondition: the layout is a permutation of `0…D`.
    public func logicalShape(memory: [Int]) -> [Int] {
        var logical = [Int](repeating: 0, count: memory.count)
        for (j, axis) in order(spatialRank: memory.count - 1).enumerated() { logical[axis] = memory[j] }
        return logical
    }

    /// The memory stride of every logical axis (`0 = channel, 1…D = spatial`) for a tensor
    /// whose logical extents are `extents` (`[C, d₁, …, d_D]`).
    public func strides(extents: [Int]) -> [Int] {
        let order = self.order(spatialRank: extents.count - 1)
        var strides = [Int](repeating: 0, count: extents.count)
        var running = 1
        for axis in order.reversed() {
            strides[axis] = running
            running *= extents[axis]
        }
        return strides
    }

    public var description: String {
        switch self {
        case .channelsFirst: return "channels_first"
        case .channelsLast: return "channels_last"
        case .permutation(let p): return "permutation\(listDescription(p))"
        }
    }

    /// Checks that the layout is a permutation of `0…spatialRank`.
    func validate(parameter: String, spatialRank: Int) throws {
        let order = self.order(spatialRank: spatialRank)
        guard order.sorted() == Array(0...spatialRank) else {
            throw ConvMatrixError.invalid(parameter, listDescription(order),
                                          "must be a permutation of 0...\(spatialRank) (0 = channel, 1... = spatial axes)")
        }
    }
}
