import ConvMatrixTestSupport
import Testing
import ConvMatrix

/// The GEMM's k blocks and whole-width packed stores against the definition
/// (``DenseTestSupport/naiveForward(_:x:w:b:batch:)``, which shares no code with the dense path).
///
/// On AVX2 the offset GEMM runs k in blocks when one tile's input panel spans more than 256
/// cache lines, keeping partial sums between blocks; when the GEMM has 64 rows or more and
/// the panel 128 lines or more, first copies the input rows its taps read (a row: the taps
/// whose offsets lie within one vector of each other, never across a k block); and a tile
/// that drops wrap-around
/// columns stores its packed lanes with a whole-width store when later tiles of the call
/// overwrite the lanes past them. These geometries reach both: hundreds of k with row tails
/// (channels not a multiple of 6), wrap-around columns in every row, several slabs and
/// threads that write neighbouring positions of `y`.
@Suite struct DenseKernelBlockingTests {
    static let cases: [ConvolutionGeometry] = [
        // 2-D channels first, K = 48·9 = 432 (about 290 lines: two k blocks), 8 rows = 6 + 2,
        // two wrap-around columns per row of 33: packed whole-width stores.
        try! ConvolutionGeometry(inChannels: 48, outChannels: 8, axes: [
            AxisGeometry(inputSize: 6, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 31, kernelSize: 3, padBegin: 1, padEnd: 1)]),
        // 1-D, K = 160·3 = 480 in blocks, no wrap-around (C writes y directly), 98 rows: each
        // k block's input rows copied first, the last 8 rows as two tiles of 4.
        try! ConvolutionGeometry(inChannels: 160, outChannels: 98, axes: [
            AxisGeometry(inputSize: 12, kernelSize: 3, padBegin: 1, padEnd: 1)]),
        // 100 rows, K = 20·3 = 60 in one block, too few lines to copy: 16 tiles of 6 and one of 4.
        try! ConvolutionGeometry(inChannels: 20, outChannels: 100, axes: [
            AxisGeometry(inputSize: 21, kernelSize: 3, padBegin: 2, padEnd: 0)]),
        // 64 rows, K = 199·9 = 1791: 597 copied rows (about 900 lines) in two k blocks of 896
        // and 895, so the block boundary cuts a 3-tap input row, which each block then copies
        // its part of.
        try! ConvolutionGeometry(inChannels: 199, outChannels: 64, axes: [
            AxisGeometry(inputSize: 1, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 11, kernelSize: 3, padBegin: 1, padEnd: 1)]),
        // 64 rows, a panel of 128–256 lines, copied: taps of dilation 2 share a row as wide
        // as a tile and 4 (Float) or two rows (Double); taps of dilation 9 each take a row of
        // their own.
        try! ConvolutionGeometry(inChannels: 48, outChannels: 64, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 2, dilation: 9, padBegin: 4, padEnd: 5),
            AxisGeometry(inputSize: 13, kernelSize: 3, dilation: 2, padBegin: 2, padEnd: 2)]),
        try! ConvolutionGeometry(inChannels: 24, outChannels: 66, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 7, kernelSize: 2, dilation: 9, padBegin: 5, padEnd: 4)]),
        // Wide pads: tiles that keep few lanes, and tiles that keep none.
        try! ConvolutionGeometry(inChannels: 40, outChannels: 6, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 5, kernelSize: 5, dilation: 2, padBegin: 7, padEnd: 7)]),
    ]

    /// Every instruction set, Double and Float, with bias, one and two threads, one sample and two;
    /// the direct kernel (whose k blocks these cases reach), and Winograd too where it applies
    /// (its GEMMs then run the same blocked and row-copying paths on deep transformed tiles).
    @Test(arguments: cases)
    func blockedGEMMEqualsTheDefinition(g: ConvolutionGeometry) throws {
        let terms = Double(g.inChannelsPerGroup * g.kernelShape.reduce(1, *))
        for batch in [1, 2] {
            let x = randomValues(batch * g.inputCount, seed: 41), w = randomValues(g.weightCount, seed: 42)
            let b = randomValues(g.outChannels, seed: 43)
            let expected = DenseTestSupport.naiveForward(g, x: x, w: w, b: b, batch: batch)
            try DenseTestSupport.expectEveryVariant(g, x: x, w: w, b: b, batch: batch, equal: expected,
                                                    doubleTolerance: 4 * terms * Double.ulpOfOne,
                                                    floatTolerance: 4 * terms * Double(Float.ulpOfOne),
                                                    algorithms: DenseConvolution.winogradApplies(to: g) ? [.direct, .winograd] : [.direct])
        }
    }
}
