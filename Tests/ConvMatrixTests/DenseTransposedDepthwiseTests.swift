import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// A depthwise transposed convolution with stride 1, no input dilation and zero padding runs
/// as the forward depthwise convolution of `transposeGeometry()` with every kernel flipped
/// (`DenseJob.forwardEquivalent()`), checked here against the definition written out
/// in ``DenseTestSupport/naiveTransposed(_:y:w:b:batch:)``, which shares no code with either
/// engine. The cases reach the row-blocked depthwise kernel (channels first, 2-D and 3-D),
/// the flattened one (1-D, channels last), pads larger than the kernel span and crops.
@Suite struct DenseTransposedDepthwiseTests {
    static let cases: [ConvolutionGeometry] = [
        // 3×3, pad 1: the MobileNet shape, small.
        try! ConvolutionGeometry(inChannels: 5, outChannels: 5, groups: 5, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 13, kernelSize: 3, padBegin: 1, padEnd: 1)]),
        // Unequal pads, one larger than the kernel span, a crop, a dilated column axis.
        try! ConvolutionGeometry(inChannels: 3, outChannels: 3, groups: 3, axes: [
            AxisGeometry(inputSize: 8, kernelSize: 5, padBegin: 5, padEnd: -1),
            AxisGeometry(inputSize: 11, kernelSize: 2, dilation: 3, padBegin: 0, padEnd: 2)]),
        // 1-D.
        try! ConvolutionGeometry(inChannels: 6, outChannels: 6, groups: 6, axes: [
            AxisGeometry(inputSize: 30, kernelSize: 4, padBegin: 2, padEnd: 1)]),
        // 3-D, channels last in and out.
        try! ConvolutionGeometry(inChannels: 4, outChannels: 4, groups: 4, axes: [
            AxisGeometry(inputSize: 4, kernelSize: 2, padBegin: 1, padEnd: 0),
            AxisGeometry(inputSize: 6, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 7, kernelSize: 3, padBegin: 0, padEnd: 2)],
            inputLayout: .channelsLast, outputLayout: .channelsLast),
    ]

    /// Transposed geometries the transposed engine keeps: a stride, an input dilation, a
    /// mirrored pad, two channels per group.
    static let kept: [ConvolutionGeometry] = [
        try! ConvolutionGeometry(inChannels: 2, outChannels: 2, groups: 2, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1)]),
        try! ConvolutionGeometry(inChannels: 2, outChannels: 2, groups: 2, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 3, inputDilation: 2, padBegin: 1, padEnd: 1)]),
        try! ConvolutionGeometry(inChannels: 2, outChannels: 2, groups: 2, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 3, padBegin: 1, padEnd: 1)], paddingMode: .reflect),
        try! ConvolutionGeometry(inChannels: 4, outChannels: 4, groups: 2, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 3, padBegin: 1, padEnd: 1)]),
    ]

    static func job(_ g: ConvolutionGeometry) -> DenseJob {
        DenseJob(geometry: g, direction: .transposed, batch: 1, threads: 1, isa: .best)
    }

    @Test func theForwardEquivalentIsTakenWhereItShould() throws {
        for g in Self.cases {
            let forward = try #require(Self.job(g).forwardEquivalent(), "\(g)")
            // Sizes swap: the forward convolution maps the transposed input (g's outputs) to g's inputs.
            #expect(forward.inputSpatialShape == g.outputSpatialShape && forward.outputSpatialShape == g.inputSpatialShape)
        }
        for g in Self.kept { #expect(Self.job(g).forwardEquivalent() == nil, "\(g)") }
    }

    /// Every instruction set, Double and Float, with and without bias, one and two threads.
    @Test(arguments: cases)
    func transposedDepthwiseEqualsTheDefinition(g: ConvolutionGeometry) throws {
        try DenseTestSupport.expectEveryVariantMatchesTheDefinition(g, .transposed, batch: 2, seed: 71)
    }
}
