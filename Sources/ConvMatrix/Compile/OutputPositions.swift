/// Walks the spatial output positions of a geometry in row-major logical order, giving each
/// position's coordinates and its row offset in the output layout (channel excluded).
struct OutputPositions: Sendable {
    let shape: [Int]
    let spatialStrides: [Int]
    /// Row stride of the output channel in the output layout.
    let channelStride: Int
    let positionCount: Int

    init(geometry g: ConvolutionGeometry) {
        let strides = g.outputLayout.strides(extents: g.outputShape)
        shape = g.outputSpatialShape
        spatialStrides = Array(strides.dropFirst())
        channelStride = strides[0]
        positionCount = shape.reduce(1, *)
    }

    /// Calls `body(coordinates, rowOffset)` for each flat position in `range`.
    ///
    /// - Complexity: O(|range| · D) amortised O(|range|).
    func forEachPosition(_ range: Range<Int>, _ body: (_ o: [Int], _ offset: Int) -> Void) {
        guard !range.isEmpty else { return }
        var o = [Int](repeating: 0, count: shape.count)
        var rest = range.lowerBound, offset = 0
        for a in stride(from: shape.count - 1, through: 0, by: -1) {
            o[a] = rest % shape[a]
            rest /= shape[a]
            offset += o[a] * spatialStrides[a]
        }
        for _ in range {
            body(o, offset)
            var a = shape.count - 1
            while a >= 0 {
                o[a] += 1
                offset += spatialStrides[a]
                if o[a] < shape[a] { break }
                offset -= shape[a] * spatialStrides[a]
                o[a] = 0
                a -= 1
            }
        }
    }
}
