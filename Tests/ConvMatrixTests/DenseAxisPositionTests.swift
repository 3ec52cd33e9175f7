// The dense path's padded-position tables: positions holding an input are enumerated from the
// inputs (O(n)), not by walking the padded axis — which a huge pad or dilation makes billions
// long. Checked against the walk itself, written out in the test.
@testable import ConvMatrix
import Testing

@Suite struct DenseAxisPositionTests {
    @Test func sourcedPositionsEqualTheWalkOfThePaddedAxis() throws {
        var checked = 0
        for size in 1...5 {
            for inputDilation in 1...3 {
                for padBegin in -3...4 {
                    for mode in PaddingMode.allCases where mode == .zeros || (inputDilation == 1 && padBegin >= 0 && padBegin < size) {
                        let axis = AxisGeometry(inputSize: size, kernelSize: 2, stride: 1, dilation: 1, inputDilation: inputDilation,
                                                padBegin: padBegin, padEnd: max(padBegin, 0))
                        let dense = DenseAxis(axis, mode: mode)
                        for range in [0..<12, 2..<7, 5..<5] {
                            // The walk: every position of the range, kept when it holds an input.
                            let walk = range.compactMap { j in dense.source(j).map { (j, $0) } }
                            let listed = dense.sourcedPositions(in: range)
                            #expect(listed.map(\.position) == walk.map(\.0) && listed.map(\.source) == walk.map(\.1),
                                    "size \(size), l \(inputDilation), pad \(padBegin), \(mode), \(range)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 300)
    }

    @Test func aWindowThatNeverMovesHasOnePhase() {
        // One output: stride 2³¹ on this axis changes nothing, and must not make 2³¹ phases.
        let axis = AxisGeometry(inputSize: 3, kernelSize: 3, stride: 1 << 31, dilation: 1, padBegin: 0, padEnd: 0)
        let dense = DenseAxis(axis, mode: .zeros)
        #expect(dense.outputs == 1)
        #expect(dense.stride == 1)
        #expect((0..<3).map(dense.phase(ofTap:)) == [0, 0, 0])
    }
}

/// A stride the dense path cannot split into phases within the budget is a typed error before
/// anything is planned (found by the front-ends fuzz target: a 17 GB phase table); the sparse
/// path, whose `W` is tiny, still answers.
@Suite struct DensePhaseBudgetTests {
    @Test func aHugeStrideCroppedByOutputShapeIsRefusedByTheDensePathOnly() throws {
        // ConvTranspose, stride 2³¹, two inputs, output_shape 3: the total padding
        // s·(m−1) + d·(k−1) + 1 − 3 = 2³¹ − 2 crops both stamps away, so W (2 × 3) stores nothing
        // and the output is 0, 0, 0 — but the forward geometry has two windows 2³¹ apart.
        let layer = try ConvolutionLayer.onnx(.convTranspose, attributes: ONNXAttributes(strides: [1 << 31], outputShape: [3]),
                                              weightShape: [1, 1, 1], weights: [2], inputShape: [1, 1, 2])
        let x = try Tensor<Double>(shape: [1, 1, 2], scalars: [1, 1])
        let sparse = try layer(x, engine: .cholmod)
        #expect(sparse.scalars == [0, 0, 0])
        let error = #expect(throws: ConvMatrixError.self) { _ = try layer(x, engine: .dense) }
        #expect(error?.kind == .overBudget)
        #expect(error?.parameter == "stride")
    }
}
