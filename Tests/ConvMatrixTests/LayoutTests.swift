import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// A layout only renumbers rows and columns: for every input/output permutation, `W` applied to
/// the permuted input equals the channels-first result permuted into the output layout.
@Suite struct LayoutTests {
    /// Every permutation of (channel, h, w) for input and output: 6 × 6 pairs.
    static let orders: [[Int]] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]

    @Test(arguments: orders)
    func permutedLayoutsEqualPermutedTensors(inputOrder: [Int]) throws {
        let axes = [AxisGeometry(inputSize: 5, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1),
                    AxisGeometry(inputSize: 4, kernelSize: 2, dilation: 2, padBegin: 1, padEnd: 0)]
        let reference = try ConvolutionGeometry(inChannels: 3, outChannels: 2, axes: axes)
        let weights = randomValues(reference.weightCount, seed: 8)
        let x = randomValues(2 * reference.inputCount, seed: 9)
        let y = try ConvolutionMatrix(reference, weights: weights).apply(x, batch: 2)
        for outputOrder in Self.orders {
            let g = try ConvolutionGeometry(inChannels: 3, outChannels: 2, axes: axes,
                                            inputLayout: .permutation(inputOrder), outputLayout: .permutation(outputOrder))
            let w = try ConvolutionMatrix(g, weights: weights)
            let xp = permute(x, batch: 2, shape: reference.inputShape, order: inputOrder)
            let expected = permute(y, batch: 2, shape: reference.outputShape, order: outputOrder)
            for engine in SparseEngine.allCases {
                // Equal up to rounding: the layout changes the order in which a row's terms are summed.
                let forward = try w.apply(xp, batch: 2, engine: engine)
                #expect(relativeError(forward, expected) <= 1e-13, "\(inputOrder) → \(outputOrder) \(engine)")
                let back = try w.applyTransposed(expected, batch: 2, engine: engine)
                let reference = try ConvolutionMatrix(reference, weights: weights).applyTransposed(y, batch: 2, engine: engine)
                #expect(relativeError(back, permute(reference, batch: 2, shape: [3, 5, 4], order: inputOrder)) <= 1e-13,
                        "\(inputOrder) → \(outputOrder) \(engine) transposed")
            }
            #expect(relativeError(try DenseConvolution.apply(g, input: xp, weights: weights, batch: 2), expected) <= 1e-12)
        }
    }

    /// channels_last by hand: a 1×1 convolution swapping two channels on (L=2, C=2) data.
    @Test func channelsLastByHand() throws {
        let layer = try Convolution.conv(inputShape: [2, 2], weightShape: [2, 2, 1], inputLayout: .channelsLast)
        let w = try ConvolutionMatrix(layer.geometry, weights: [0, 1, 1, 0])
        // x = [(l0: a=1, b=2), (l1: a=3, b=4)] → y = [(2, 1), (4, 3)]
        #expect(try w.apply([1, 2, 3, 4], batch: 1) == [2, 1, 4, 3])
    }
}

/// A batch of logically channel-first tensors (`shape` = [C, spatial…]) rewritten in the memory
/// order `order` (outermost first), by explicit index enumeration.
func permute(_ t: [Double], batch: Int, shape: [Int], order: [Int]) -> [Double] {
    let count = shape.reduce(1, *)
    let target = order.map { shape[$0] }
    var out = [Double](repeating: .nan, count: t.count)
    for n in 0..<batch {
        for (flat, index) in allIndices(shape).enumerated() {
            var position = 0
            for (k, axis) in order.enumerated() { position = position * target[k] + index[axis] }
            out[n * count + position] = t[n * count + flat]
        }
    }
    return out
}
