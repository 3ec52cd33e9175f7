/// The index space of a verified quantity: how a memory offset is named in logical terms, and
/// which axes are the sample, the channel and the spatial positions.
///
/// A tensor is `(N, C, d…)` in its layout; a weight `(co, ci, k…)` and a bias `(c)` are in C
/// order with no sample axis (their "channel" is their first axis).
struct VerifiedSpace: Sendable {
    /// `y`, `x`, `gx`, `w` or `b`.
    let name: String
    /// Logical extents: `[N, C, d…]` when `batched`, else `[a₀, a₁, …]`.
    let logicalShape: [Int]
    let layout: TensorLayout
    let batched: Bool
    /// Channel groups of the first (channel) axis.
    let groups: Int

    /// A tensor in its own layout.
    static func tensor(_ name: String, shape logical: [Int], layout: TensorLayout, groups: Int) -> Self {
        Self(name: name, logicalShape: logical, layout: layout, batched: true, groups: groups)
    }

    /// Weights or bias in C order.
    static func flat(_ name: String, shape: [Int], groups: Int) -> Self {
        Self(name: name, logicalShape: shape, layout: .channelsFirst, batched: false, groups: groups)
    }

    var count: Int { logicalShape.reduce(1, *) }
    var channels: Int { logicalShape[batched ? 1 : 0] }
    var spatialShape: [Int] { batched ? Array(logicalShape.dropFirst(2)) : [] }

    /// Logical index of memory offset `offset`.
    ///
    /// - Complexity: O(rank).
    func index(of offset: Int) -> [Int] {
        guard batched else { return ConvolutionGeometry.coordinates(of: offset, shape: logicalShape, layout: .channelsFirst) }
        let sample = Array(logicalShape.dropFirst())
        let size = sample.reduce(1, *)
        return [offset / size] + ConvolutionGeometry.coordinates(of: offset % size, shape: sample, layout: layout)
    }

    /// `y[n=0, c=3, 4, 1]` for a tensor, `w[1, 0, 2]` for weights.
    func label(_ index: [Int]) -> String {
        guard batched else { return "\(name)[" + index.map(String.init).joined(separator: ", ") + "]" }
        return "\(name)[n=\(index[0]), c=\(index[1])" + index.dropFirst(2).map { ", \($0)" }.joined() + "]"
    }
}
