import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// The depthwise kernel (one input and one output channel per group, several groups per tile)
/// against the definition, written out in ``DenseTestSupport/naiveForward(_:x:w:b:batch:)``,
/// which shares no code with the dense path. The cases reach each way C's result lands in `y`
/// (direct, packed tile stores, cropped through the wide buffer) and group counts that leave
/// 1, 2 and 3 groups after the tiles of 4.
@Suite struct DenseDepthwiseTests {
    static let cases: [ConvolutionGeometry] = [
        // 1-D, no wrap-around: C writes y directly. 9 groups = 4 + 4 + 1.
        try! ConvolutionGeometry(inChannels: 9, outChannels: 9, groups: 9, axes: [
            AxisGeometry(inputSize: 61, kernelSize: 5, padBegin: 2, padEnd: 2)]),
        // 2-D channels first: packed tile stores drop the wrap-around columns. 6 = 4 + 2.
        try! ConvolutionGeometry(inChannels: 6, outChannels: 6, groups: 6, axes: [
            AxisGeometry(inputSize: 13, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 29, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1)], paddingMode: .reflect),
        // Channels-last output: the wide result is cropped by a scatter. 7 = 4 + 3.
        try! ConvolutionGeometry(inChannels: 7, outChannels: 7, groups: 7, axes: [
            AxisGeometry(inputSize: 11, kernelSize: 3, dilation: 2, padBegin: 2, padEnd: 2),
            AxisGeometry(inputSize: 10, kernelSize: 2, padBegin: 0, padEnd: 1)],
            paddingMode: .replicate, inputLayout: .channelsLast, outputLayout: .channelsLast),
        // 3-D, stride and circular padding; 3 groups, fewer than one tile.
        try! ConvolutionGeometry(inChannels: 3, outChannels: 3, groups: 3, axes: [
            AxisGeometry(inputSize: 5, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 6, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 7, kernelSize: 2, padBegin: 1, padEnd: 0)], paddingMode: .circular),
    ]

    @Test func theCasesAreDepthwise() {
        for g in Self.cases {
            let plan = ForwardPlan(g, isa: .portable, tileRows: 4, elementSize: 8, batch: 1, threads: 1)
            #expect(plan.isDepthwise, "\(g)")
        }
        let modes = Self.cases.prefix(3).map {
            ForwardPlan($0, isa: .best, tileRows: 8, elementSize: 8, batch: 1, threads: 1).outputMode
        }
        #expect(modes == [.direct, .packed, .cropped])
    }

    /// Every instruction set, Double and Float, with and without bias, one and two threads.
    @Test(arguments: cases)
    func depthwiseEqualsTheDefinition(g: ConvolutionGeometry) throws {
        let batch = 3
        let x = randomValues(batch * g.inputCount, seed: 31), w = randomValues(g.weightCount, seed: 32)
        let b = randomValues(g.outChannels, seed: 33)
        let taps = Double(g.kernelShape.reduce(1, *))
        for bias in [b, nil] {
            let expected = DenseTestSupport.naiveForward(g, x: x, w: w, b: bias, batch: batch)
            try DenseTestSupport.expectEveryVariant(g, x: x, w: w, b: bias, batch: batch, equal: expected,
                                                    doubleTolerance: 4 * taps * Double.ulpOfOne,
                                                    floatTolerance: 8 * taps * Double(Float.ulpOfOne))
        }
    }
}
