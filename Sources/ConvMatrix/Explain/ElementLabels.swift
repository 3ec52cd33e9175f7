/// Names of tensor elements for people: the row of `W` that computes output element
/// `(c, i, j)` is `y[c=0, 1, 2]`; the column of input element `(c, i, j)` is `x[c=0, 1, 2]`.
extension ConvolutionGeometry {
    /// Logical coordinates `[c, spatial…]` of the element at memory index `index` of a tensor
    /// with logical `shape` stored in `layout`.
    static func coordinates(of index: Int, shape: [Int], layout: TensorLayout) -> [Int] {
        let strides = layout.strides(extents: shape)
        return (0..<shape.count).map { (index / strides[$0]) % shape[$0] }
    }

    /// `[c, spatial…]` of output element (row) `row`.
    public func outputCoordinates(row: Int) -> [Int] {
        Self.coordinates(of: row, shape: outputShape, layout: outputLayout)
    }

    /// `[c, spatial…]` of input element (column) `column`.
    public func inputCoordinates(column: Int) -> [Int] {
        Self.coordinates(of: column, shape: inputShape, layout: inputLayout)
    }

    /// `y[c=0, 1, 2]`.
    public func rowLabel(_ row: Int) -> String { label("y", outputCoordinates(row: row)) }

    /// `x[c=0, 1, 2]`.
    public func columnLabel(_ column: Int) -> String { label("x", inputCoordinates(column: column)) }

    private func label(_ name: String, _ c: [Int]) -> String {
        "\(name)[c=\(c[0])" + c.dropFirst().map { ", \($0)" }.joined() + "]"
    }
}
