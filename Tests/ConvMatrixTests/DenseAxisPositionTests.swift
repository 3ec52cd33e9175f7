// The dense path's padded-position tables: positions holding an input are enumerated from the
// inputs (O(n)), not by walking the padded axis — which a huge pad or dilation makes billions
// long. Checked against the walk itself, written out in the test.
@testable import ConvMatrix
import ConvMatrixTestSupport
import Testing

@Suite struct DenseAxisPositionTests {
    @Test func sourcedPositionsEqualTheWalkOfThePaddedAxis() throws {
        var checked = 0
        for size in 1...5 {
            for inputDilation in 1...3 {
                for padBegin in -3...4 {
                    for (stride, dilation) in [(1, 1), (2, 2), (3, 2), (5, 1)] {
                        for mode in PaddingMode.allCases where mode == .zeros || (inputDilation == 1 && padBegin >= 0 && padBegin < size) {
                            let axis = AxisGeometry(inputSize: size, kernelSize: 2, stride: stride, dilation: dilation,
                                                    inputDilation: inputDilation, padBegin: padBegin, padEnd: max(padBegin, 0) + 6)
                            let dense = DenseAxis(axis, mode: mode)
                            // Kernel 2: taps at 0 and d read phases 0 and d mod s.
                            let phases = Set([0, dilation % dense.stride])
                            for range in [0..<12, 2..<7, 5..<5, 3..<14] {
                                // The walk: every position of the range, kept when it holds an input
                                // and a tap reads its phase.
                                let walk = range.compactMap { j in phases.contains(j % dense.stride) ? dense.source(j).map { (j, $0) } : nil }
                                let listed = dense.sourcedPositions(in: range)
                                #expect(listed.map(\.position) == walk.map(\.0) && listed.map(\.source) == walk.map(\.1),
                                        "size \(size), l \(inputDilation), pad \(padBegin), s \(stride), d \(dilation), \(mode), \(range)")
                                checked += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(checked > 1500)
    }

    /// Rows that share zero pads: lay three rows at the shared pitch, each writing only its
    /// inputs (as P does), and every tap of every output of the middle row reads what the
    /// padded axis holds there (its input, or a zero). Hand-derived pitches for the common cases.
    @Test func sharedPitchReadsWhatThePaddedAxisHolds() throws {
        func pitch(_ n: Int, _ k: Int, _ b: Int, _ e: Int, d: Int = 1, l: Int = 1, s: Int = 1, _ mode: PaddingMode = .zeros) -> Int {
            DenseAxis(AxisGeometry(inputSize: n, kernelSize: k, stride: s, dilation: d, inputDilation: l, padBegin: b, padEnd: e),
                      mode: mode).sharedPitch(outputs: AxisGeometry(inputSize: n, kernelSize: k, stride: s, dilation: d,
                                                                    inputDilation: l, padBegin: b, padEnd: e).outputSize)
        }
        #expect(pitch(56, 3, 1, 1) == 57)             // 56 + max(1, 1), not 58
        #expect(pitch(32, 5, 2, 2) == 34)             // 32 + 2, not 36
        #expect(pitch(10, 3, 2, 1) == 12)             // inputs at 2…11; U − b = 13 − 2 = 11 < 12
        #expect(pitch(56, 3, 0, 2) == 58)             // no begin pad: nothing to share
        #expect(pitch(56, 3, 1, 1, s: 2) == 29)       // stride 2: Q = 29; phase 0 holds input 55 at J = 28
        // 7×7, stride 2, pads (3, 3) on 224: Q = 111 + 4 = 115; phase 0 (positions 2J) has zeros
        // at J = 0, 1 and 114 (input 223 sits at 226 = 2·113), phase 1 (2J + 1) at J = 0 and
        // 113, 114: one column shared.
        #expect(pitch(224, 7, 3, 3, s: 2) == 114)
        #expect(pitch(9, 3, 1, 1, .reflect) == 11)    // the pads hold inputs
        var checked = 0
        for n in 1...6 {
            for k in 1...4 {
                for (d, l) in [(1, 1), (2, 1), (1, 2), (3, 2)] {
                    for s in 1...3 {
                        for b in 0...6 {
                            for e in -1...6 {
                                let axis = AxisGeometry(inputSize: n, kernelSize: k, stride: s, dilation: d, inputDilation: l,
                                                        padBegin: b, padEnd: e)
                                guard (n - 1) * l + 1 + b + e >= (k - 1) * d + 1 else { continue }
                                let dense = DenseAxis(axis, mode: .zeros)
                                let outputs = axis.outputSize, full = dense.phaseLength(outputs: outputs)
                                let q = dense.sharedPitch(outputs: outputs)
                                #expect(q >= outputs && q <= full)
                                #expect(dense.sharedPitchOverhang(outputs: outputs) == full - q)
                                // Per phase of the padded axis (position J·s + r at column J), three rows,
                                // each writing its inputs at row·q + J (J < Q); markers row·1000 + input.
                                let stride = dense.stride
                                var rows = [[Int?]](repeating: [Int?](repeating: nil, count: 3 * q + full), count: stride)
                                for r in 0..<stride {
                                    for row in 0..<3 {
                                        for J in 0..<full {
                                            if let i = dense.source(J * stride + r) { rows[r][row * q + J] = row * 1000 + i }
                                        }
                                    }
                                }
                                // Output o's tap t reads position o·s + t·d: phase (t·d) mod s, column o + ⌊t·d/s⌋.
                                for o in 0..<outputs {
                                    for t in 0..<k {
                                        let read = rows[t * d % stride][q + o + t * d / stride]
                                        let expected = dense.source(o * stride + t * d).map { 1000 + $0 }
                                        #expect(read == expected, "n \(n) k \(k) s \(s) d \(d) l \(l) pads \(b), \(e): output \(o) tap \(t)")
                                    }
                                }
                                checked += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(checked > 1500)
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

/// A stride far larger than the kernel's span: the dense path keeps only the phases a tap
/// reads, so it answers as quickly as the sparse path (the front-ends fuzz target found a
/// 17 GB phase table, and then a 2.4 GB, 35 s transposed run with 4335² phases).
@Suite struct DenseHugeStrideTests {
    @Test func aHugeStrideCroppedByOutputShapeAgreesWithTheSparsePath() throws {
        // ConvTranspose, stride 2³¹, two inputs, output_shape 3: the total padding
        // s·(m−1) + d·(k−1) + 1 − 3 = 2³¹ − 2 crops both stamps away, so W (2 × 3) stores nothing
        // and the output is 0, 0, 0 — though the forward geometry has two windows 2³¹ apart.
        let layer = try ConvolutionLayer.onnx(.convTranspose, attributes: ONNXAttributes(strides: [1 << 31], outputShape: [3]),
                                              weightShape: [1, 1, 1], weights: [2], inputShape: [1, 1, 2])
        let x = try Tensor<Double>(shape: [1, 1, 2], scalars: [1, 1])
        #expect(try layer(x, engine: .cholmod).scalars == [0, 0, 0])
        #expect(try layer(x, engine: .dense).scalars == [0, 0, 0])
    }

    @Test func usedPhasesAreTheTapsResiduesOnly() {
        // k = 3, d = 2, s = 4335: taps read phases 0, 2, 4 — three of 4335.
        let axis = AxisGeometry(inputSize: 20, kernelSize: 3, stride: 4335, dilation: 2, padBegin: 13007, padEnd: 6502)
        let dense = DenseAxis(axis, mode: .zeros)
        #expect(dense.usedPhases == [0, 2, 4])
        #expect(dense.slot(ofPhase: 4) == 2 && dense.slot(ofPhase: 1) == nil)
        // k = 5, d = 3, s = 4: residues of 0, 3, 6, 9, 12 are 0, 3, 2, 1, 0.
        let small = DenseAxis(AxisGeometry(inputSize: 20, kernelSize: 5, stride: 4, dilation: 3, padBegin: 0, padEnd: 0), mode: .zeros)
        #expect(small.usedPhases == [0, 1, 2, 3])
    }

    @Test func aWidelyDilatedTransposedLayerComputesOnlyWhereItLands() throws {
        // The fuzzer drew a ConvTranspose with dilations (3706, 153) and pads in the thousands:
        // the dense path computed every position of an 18536 × 619 padded plane (12·10⁹
        // multiply-adds) for 42 outputs. Here the same kind, summed by hand: kernel 3 × 3,
        // dilations (1000, 50), pads (1000, 50) each side, y of 2 × 3, so x is 2 × 3 too
        // (1 + 2001 − 2000 = 2, 2 + 101 − 100 = 3). x[i] = Σ w[t]·y[o] over i = o + d·t − p: only
        // the centre tap (t = 1 on both axes) lands inside, so x = w[1, 1]·y = 5·y.
        let layer = try ConvolutionLayer.onnx(.convTranspose,
                                              attributes: ONNXAttributes(dilations: [1000, 50], pads: [1000, 50, 1000, 50]),
                                              weightShape: [1, 1, 3, 3], weights: (1...9).map(Double.init), inputShape: [1, 1, 2, 3])
        let y = try Tensor<Double>(shape: [1, 1, 2, 3], scalars: [10, 7, 4, 1, -2, 3])
        let expected: [Double] = [50, 35, 20, 5, -10, 15]
        #expect(try layer(y, engine: .dense).scalars == expected)
        #expect(try layer(y, engine: .cholmod).scalars == expected)
    }

    @Test func theFuzzFoundTransposedLayerMatchesADirectSum() throws {
        // Depthwise ConvTranspose2d, 6 channels, kernel 6×5, stride 4335, padding (13007, 6502 / 13007, 6501)
        // is what the fuzzer drew; here a 1-channel version small enough to sum by hand:
        // x[i] = Σ_{o, t: s·o + t − b = i} w[t]·y[o] with s = 4335, pads b = 4333, e = 0, k = 6 and
        // two inputs, so x has 4335 + 6 − 4333 = 8 positions. o = 0 lands at t − 4333 < 0
        // (cropped); o = 1 lands at 2 + t, so x = [0, 0, w0·y1, w1·y1, …, w5·y1].
        let layer = try ConvolutionLayer.onnx(.convTranspose, attributes: ONNXAttributes(strides: [4335], pads: [4333, 0]),
                                              weightShape: [1, 1, 6], weights: [1, 2, 3, 4, 5, 6], inputShape: [1, 1, 2])
        let y = try Tensor<Double>(shape: [1, 1, 2], scalars: [10, 7])
        let expected: [Double] = [0, 0, 7, 14, 21, 28, 35, 42]
        #expect(try layer(y, engine: .dense).scalars == expected)
        #expect(try layer(y, engine: .cholmod).scalars == expected)
    }
}

/// Taps spread far apart: the dense path runs the convolution's definition instead of phase plans
/// whose padded axes dwarf the layer (found by the front-ends fuzz target: a replicate pad of 2³²
/// with dilation 2³¹ − 1 asked for 98 GB of tables; a dilation of 2³¹ − 1 on two axes overflowed
/// the plans' size arithmetic; a replicate pad of 12851 with dilation 3672 took 19 s).
@Suite struct DensePositionBudgetTests {
    @Test func aTransposedMarginWiderThanItsSlabsRunsByTheDefinition() throws {
        // Front-ends fuzz finding 8: replicate pad 12973, dilation 3706, kernel 8 on an input of 8,
        // so 8 + 2·12973 − 7·3706 = 12 outputs, here with 8 output channels. Transposed, the
        // landing taps' shifts span 25942 rows of ŷ margin per channel, and the cache budget fits
        // about one row per slab: the plan refilled the margin for every slab (quadratic, over
        // 11 s). Its padded axis alone is not 16× the definition's work, so only the plan's own
        // count of filled cells tells. By hand: output o reads m = o + 3706·t − 12973, so taps 0–3
        // sit left of the input (x₀) and taps 4–7 right of it (x₇) for every o. Every channel
        // has w = 1…8: y = (1+2+3+4)·x₀ + (5+6+7+8)·x₇ = 10·1 + 26·8 = 218 throughout; the adjoint
        // of y[c, o] = o + 1 (Σ = 78 per channel, 8 channels) is x₀ = 10·624 = 6240,
        // x₇ = 26·624 = 16224, zero between.
        let convolution = try Convolution.conv(inputShape: [1, 1, 8], weightShape: [8, 1, 8],
                                               padding: .symmetric(AxisValues([12973])),
                                               dilation: AxisValues([3706]), paddingMode: .replicate)
        let geometry = convolution.geometry
        let isa = DenseInstructionSet.best
        #expect(!DirectConvolution.isCheaper(geometry, axes: geometry.axes.map { DenseAxis($0, mode: .replicate) }))
        let plan = TransposedPlan(geometry, isa: isa, tileRows: isa.tileRows(Double.self), elementSize: 8, batch: 1, threads: 1)
        #expect(plan.slabCount > 1 && plan.filledCellsPerChannel >= plan.slabCount * 25942)
        #expect(DirectConvolution.isCheaper(than: plan.filledCellsPerChannel, geometry))
        let weights = (0..<8).flatMap { _ in (1...8).map(Double.init) }
        let layer = try ConvolutionLayer(convolution, weights: weights)
        let x = try Tensor<Double>(shape: [1, 1, 8], scalars: (1...8).map(Double.init))
        #expect(try layer(x, engine: .dense).scalars == [Double](repeating: 218, count: 96))
        #expect(try layer(x, engine: .cholmod).scalars == [Double](repeating: 218, count: 96))
        let y = try Tensor<Double>(shape: [1, 8, 12], scalars: (0..<8).flatMap { _ in (1...12).map(Double.init) })
        let expected: [Double] = [6240, 0, 0, 0, 0, 0, 0, 16224]
        #expect(try layer.adjoint(y, engine: .dense).scalars == expected)
        #expect(try layer.adjoint(y, engine: .cholmod).scalars == expected)
    }

    @Test func aForwardSpanWiderThanItsSlabsRunsByTheDefinition() throws {
        // The forward twin of finding 8 (found in review: a 25000-long input took 46 s and 10 GB):
        // replicate pad 12973, dilation 3706, kernel 8, 8 input channels on an input of 100, so
        // 100 + 2·12973 − 7·3706 = 104 outputs. Each slab's buffer holds its rows plus the
        // kernel's 25943-position span in every input channel, the cache budget fits one row, and
        // the span was refilled for every one of the 104 slabs; the padded axis alone is not 16×
        // the definition's work. By hand: output o reads m = o + 3706·t − 12973, so taps 0–3 sit
        // left of the input (x₀) and taps 4–7 right of it (x₉₉) for every o. With w = 1…8 for every
        // (co, ci) and x[ci, m] = m + 1: y = 8·((1+2+3+4)·1 + (5+6+7+8)·100) = 8·2610 = 20880.
        let convolution = try Convolution.conv(inputShape: [1, 8, 100], weightShape: [8, 8, 8],
                                               padding: .symmetric(AxisValues([12973])),
                                               dilation: AxisValues([3706]), paddingMode: .replicate)
        let geometry = convolution.geometry
        let isa = DenseInstructionSet.best
        #expect(!DirectConvolution.isCheaper(geometry, axes: geometry.axes.map { DenseAxis($0, mode: .replicate) }))
        let plan = ForwardPlan(geometry, isa: isa, tileRows: isa.tileRows(Double.self), elementSize: 8, batch: 1, threads: 1)
        #expect(plan.split.pieces > 1 && plan.filledCellsPerChannel >= plan.split.pieces * 25943)
        #expect(DirectConvolution.isCheaper(than: plan.filledCellsPerChannel, geometry))
        let layer = try ConvolutionLayer(convolution, weights: (0..<64).flatMap { _ in (1...8).map(Double.init) })
        let x = try Tensor<Double>(shape: [1, 8, 100], scalars: (0..<8).flatMap { _ in (1...100).map(Double.init) })
        #expect(try layer(x, engine: .dense).scalars == [Double](repeating: 20880, count: 8 * 104))
        #expect(try layer(x, engine: .cholmod).scalars == [Double](repeating: 20880, count: 8 * 104))
    }

    @Test func aReplicatePadOfTwoToTheThirtyTwoRunsByTheDefinition() throws {
        // Conv1d, kernel 5, dilation 2³¹ − 1, replicate pad 2³² each side, input 3: 7 outputs.
        // Output o's taps sit at m = o + t·(2³¹ − 1) − 2³²: taps 0 and 1 far left (x₀), taps 3
        // and 4 far right (x₂), tap 2 at m = o − 2, clamped: x₀ for o ≤ 2, then x₁, then x₂.
        // y[o] = (1 + 2)·10 + 3·x[clamp(o − 2)] + (4 + 5)·30 = 300 + 3·(10, 10, 10, 20, 30, 30, 30).
        let convolution = try Convolution.conv(inputShape: [1, 1, 3], weightShape: [1, 1, 5],
                                               padding: .symmetric(AxisValues([1 << 32])),
                                               dilation: AxisValues([(1 << 31) - 1]), paddingMode: .replicate)
        let layer = try ConvolutionLayer(convolution, weights: [1, 2, 3, 4, 5])
        let x = try Tensor<Double>(shape: [1, 1, 3], scalars: [10, 20, 30])
        #expect(try layer(x, engine: .cholmod).scalars == [330, 330, 330, 360, 390, 390, 390])
        #expect(try layer(x, engine: .dense).scalars == [330, 330, 330, 360, 390, 390, 390])
        // The adjoint, by hand from the same taps: x[0] gets 3·y[o] for every o and 3·y[o] for
        // o ≤ 2; x[1] gets 3·y[3]; x[2] gets 9·y[o] for every o and 3·y[o] for o ≥ 4. With
        // y = 1…7 (Σ = 28): 3·28 + 3·6 = 102, 3·4 = 12, 9·28 + 3·18 = 306.
        let y = try Tensor<Double>(shape: [1, 1, 7], scalars: [1, 2, 3, 4, 5, 6, 7])
        #expect(try layer.adjoint(y, engine: .dense).scalars == [102, 12, 306])
        #expect(try layer.adjoint(y, engine: .cholmod).scalars == [102, 12, 306])
    }

    @Test func axesWhosePaddedExtentsOverflowRunByTheDefinition() throws {
        // Conv2d 5 × 5 on a 5 × 5 input, dilation and input dilation both 2³¹ − 1, no padding: the
        // one window's taps sit exactly on the inputs (position t·d is input t), so
        // y = Σ w[t₁, t₂]·x[t₁, t₂] = Σ_{i=1…25} i² = 25·26·51/6 = 5525. The dense path's buffers
        // would span (4·(2³¹ − 1) + 1)² positions per channel — beyond Int (a fuzz finding: the
        // plan's size arithmetic trapped): the definition serves it.
        let d = (1 << 31) - 1
        let convolution = try Convolution.conv(inputShape: [1, 1, 5, 5], weightShape: [1, 1, 5, 5],
                                               stride: AxisValues([d, d]), dilation: AxisValues([d, d]),
                                               inputDilation: AxisValues([d, d]))
        let layer = try ConvolutionLayer(convolution, weights: (1...25).map(Double.init))
        let x = try Tensor<Double>(shape: [1, 1, 5, 5], scalars: (1...25).map(Double.init))
        #expect(try layer(x, engine: .cholmod).scalars == [5525])
        #expect(try layer(x, engine: .dense).scalars == [5525])
    }

    @Test(arguments: [PaddingMode.zeros, .replicate], [TensorLayout.channelsFirst, .channelsLast])
    func theDefinitionAgreesWithTheSparsePathWithGroupsBiasLayoutsAndBatches(mode: PaddingMode, layout: TensorLayout) throws {
        // Dilation 40000 with pads 40000 on the first axis makes the plans' padded axis ~80000
        // long for 5 outputs: the dense path takes the definition. Groups, bias, both layouts,
        // a batch of 2, both directions; the sparse path (through W) is the independent truth.
        let attributes = ONNXAttributes(dilations: [40000, 1], pads: [40000, 0, 40000, 0], group: 2,
                                        paddingMode: mode, layout: layout)
        for op in [ONNXOperator.conv, .convTranspose] {
            let weightShape = op == .conv ? [6, 2, 3, 2] : [4, 3, 3, 2]
            let outChannels = op == .conv ? 6 : 6
            let input = layout == .channelsFirst ? [2, 4, 5, 4] : [2, 5, 4, 4]
            let layer = try ConvolutionLayer.onnx(op, attributes: attributes, weightShape: weightShape,
                                                  weights: randomValues(weightShape.reduce(1, *), seed: 1),
                                                  bias: randomValues(outChannels, seed: 2), inputShape: input)
            let x = try Tensor<Double>(shape: input, layout: layer.inputLayout, scalars: randomValues(input.reduce(1, *), seed: 3))
            let geometry = try layer.convolution(inputShape: input).geometry
            #expect(DirectConvolution.isCheaper(geometry, axes: geometry.axes.map { DenseAxis($0, mode: mode) }))
            let dense = try layer(x, engine: .dense).scalars, sparse = try layer(x, engine: .cholmod).scalars
            #expect(dense.count == sparse.count && zip(dense, sparse).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(op) \(mode) \(layout)")
        }
    }

    @Test(arguments: [(PaddingMode.zeros, [70.0, 0], Int.max), (.replicate, [280, 560], Int.max),
                      (.zeros, [70, 0], 1 << 62), (.replicate, [280, 560], 1 << 62)])
    func aStrideOfTwoToTheSixtyThreeWhoseSecondWindowLiesBeyondInt(mode: PaddingMode, expected: [Double], stride: Int) throws {
        // Conv1d, kernel 7, stride s = 2⁶³ − 1 or 2⁶², pads (6, 2⁶³ − 2), input 2:
        // ⌊(2 + 6 + 2⁶³ − 2 − 7)/s⌋ + 1 = 2 outputs. With 2⁶³ − 1 the second window starts at
        // position 2⁶³ − 1 and ends past Int (a fuzz finding: the dense path's position arithmetic
        // trapped); with 2⁶² it ends inside Int, but the used length plus the stride does not (a
        // second finding: the per-phase count ⌈U/s⌉ trapped). Window 0 reads m = t − 6: x₀ at
        // t = 6, padding before. Window 1 lies wholly past the end: zeros, or x₁ for replicate.
        // zeros: y = (w₆·x₀, 0) = (70, 0); replicate: y = (Σw·x₀, Σw·x₁) = (280, 560).
        let convolution = try Convolution.conv(inputShape: [1, 1, 2], weightShape: [1, 1, 7], stride: AxisValues([stride]),
                                               padding: .beginEnd(begin: [6], end: [Int.max - 1]), paddingMode: mode)
        let layer = try ConvolutionLayer(convolution, weights: (1...7).map(Double.init))
        let x = try Tensor<Double>(shape: [1, 1, 2], scalars: [10, 20])
        #expect(try layer(x, engine: .cholmod).scalars == expected)
        #expect(try layer(x, engine: .dense).scalars == expected)
    }

    @Test func theBoundCoversWhatIsListed() {
        for mode in PaddingMode.allCases {
            for (stride, dilation, kernel) in [(1, 1, 3), (3, 2, 3), (7, 5, 4), (2, 1, 1)] {
                let axis = AxisGeometry(inputSize: 6, kernelSize: kernel, stride: stride, dilation: dilation, padBegin: 2, padEnd: 5)
                let dense = DenseAxis(axis, mode: mode)
                let listed = dense.sourcedPositions(in: 0..<dense.usedLength(outputs: dense.outputs)).count
                #expect(listed <= dense.sourcedPositionBound(outputs: dense.outputs), "\(mode) s \(stride) d \(dilation) k \(kernel)")
            }
        }
    }
}
