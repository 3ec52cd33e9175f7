/// Per (tap, output position): the offset of the padded input element the tap reads, or −1
/// for a zero; per output position: its offset in the output layout.
struct TapTables {
    let kernelVolume: Int
    let positionCount: Int
    let outputOffsets: [Int]
    let inputOffsets: [Int]
    /// Every position of one channel of the input, in the input layout (spatial offsets).
    let inputPositionOffsets: [Int]

    /// Elements the tables hold for `g`, `ΠO·(Πk + 1) + ΠI` (`Int.max` on overflow): what to
    /// check against the budget before building them.
    static func elementCount(_ g: ConvolutionGeometry) -> Int {
        let positions = g.outputSpatialShape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        let (cells, overflow) = positions.multipliedReportingOverflow(by: g.kernelShape.reduce(1, *) + 1)
        let (total, wrapped) = cells.addingReportingOverflow(g.inputSpatialShape.reduce(1, *))
        return overflow || wrapped || positions == Int.max ? Int.max : total
    }

    /// - Complexity: O(ΠO·Πk·D + ΠI) time and memory.
    init(_ g: ConvolutionGeometry) {
        let axes = g.axes.map { DenseAxis($0, mode: g.paddingMode) }
        let outStrides = Array(g.outputLayout.strides(extents: g.outputShape).dropFirst())
        let inStrides = Array(g.inputLayout.strides(extents: g.inputShape).dropFirst())
        let outShape = g.outputSpatialShape, kernel = g.kernelShape
        kernelVolume = kernel.reduce(1, *)
        positionCount = outShape.reduce(1, *)
        var outputOffsets = [Int](repeating: 0, count: positionCount)
        var inputOffsets = [Int](repeating: -1, count: kernelVolume * positionCount)
        var o = [Int](repeating: 0, count: outShape.count)
        for p in 0..<positionCount {
            outputOffsets[p] = zip(o, outStrides).reduce(0) { $0 + $1.0 * $1.1 }
            var t = [Int](repeating: 0, count: kernel.count)
            for tap in 0..<kernelVolume {
                var offset = 0
                for a in 0..<axes.count {
                    guard let i = axes[a].source(output: o[a], tap: t[a]) else { offset = -1; break }
                    offset += i * inStrides[a]
                }
                inputOffsets[tap * positionCount + p] = offset
                advanceRowMajor(&t, in: kernel)
            }
            advanceRowMajor(&o, in: outShape)
        }
        self.outputOffsets = outputOffsets
        self.inputOffsets = inputOffsets
        let inShape = g.inputSpatialShape
        var i = [Int](repeating: 0, count: inShape.count)
        inputPositionOffsets = (0..<inShape.reduce(1, *)).map { _ in
            defer { advanceRowMajor(&i, in: inShape) }
            return zip(i, inStrides).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }
}
