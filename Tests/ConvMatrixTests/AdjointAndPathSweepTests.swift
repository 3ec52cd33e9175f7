import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// Over 240 random geometries (1-D/2-D/3-D, groups, stride, dilation, input dilation,
/// asymmetric and negative pads, cropped outputs as output padding leaves them, padding
/// modes, layouts): the adjoint identity ⟨W·x, y⟩ = ⟨x, Wᵀ·y⟩ through both engines, and the
/// dense path against the sparse path, forward and transposed, Double and Float.
@Suite struct AdjointAndPathSweepTests {
    static let seeds = Array(UInt64(5000)...UInt64(5239))

    @Test(arguments: seeds)
    func adjointIdentityAndDenseAgreement(seed: UInt64) throws {
        let g = RandomGeometry.make(seed: seed, options: .init(modes: PaddingMode.allCases, layouts: true))
        let batch = Int(seed % 3) + 1
        let weights = randomValues(g.weightCount, seed: seed &+ 1)
        let x = randomValues(batch * g.inputCount, seed: seed &+ 2)
        let y = randomValues(batch * g.outputCount, seed: seed &+ 3)
        let w = try ConvolutionMatrix(g, weights: weights)
        for engine in SparseEngine.allCases {
            let wx = try w.apply(x, batch: batch, engine: engine)
            let wty = try w.applyTransposed(y, batch: batch, engine: engine)
            let lhs = dot(wx, y), rhs = dot(x, wty)
            let scale = norm(wx) * norm(y) + norm(x) * norm(wty)
            #expect(abs(lhs - rhs) <= 1e-13 * max(scale, .leastNormalMagnitude),
                    "seed \(seed) \(engine): ⟨Wx,y⟩ = \(lhs), ⟨x,Wᵀy⟩ = \(rhs) for \(g)")

            let denseForward = try DenseConvolution.apply(g, input: x, weights: weights, batch: batch, threads: 1)
            let denseTransposed = try DenseConvolution.applyTransposed(g, input: y, weights: weights, batch: batch, threads: 1)
            #expect(relativeError(denseForward, wx) <= 1e-12, "seed \(seed) forward \(engine): \(g)")
            #expect(relativeError(denseTransposed, wty) <= 1e-12, "seed \(seed) transposed \(engine): \(g)")
        }
        let xf = x.map(Float.init), yf = y.map(Float.init), wf = weights.map(Float.init)
        let wx = try w.apply(x, batch: batch), wty = try w.applyTransposed(y, batch: batch)
        let floatForward = try DenseConvolution.apply(g, input: xf, weights: wf, batch: batch, threads: 2).map(Double.init)
        let floatTransposed = try DenseConvolution.applyTransposed(g, input: yf, weights: wf, batch: batch, threads: 2).map(Double.init)
        #expect(relativeError(floatForward, wx) <= 1e-5, "seed \(seed) Float forward: \(g)")
        #expect(relativeError(floatTransposed, wty) <= 1e-5, "seed \(seed) Float transposed: \(g)")
    }

    /// A 4-D convolution: more than three spatial axes work in both paths.
    @Test func fourSpatialAxes() throws {
        let layer = try Convolution.conv(inputShape: [2, 2, 4, 3, 5, 3], weightShape: [4, 1, 2, 1, 3, 2],
                                         stride: [1, 2, 1, 1], padding: .beginEnd(begin: [1, 0, 1, 0], end: [0, 1, 1, 1]),
                                         dilation: [1, 1, 2, 1], groups: 2)
        let g = layer.geometry
        #expect(g.outputSpatialShape == [4, 2, 3, 3])
        let weights = randomValues(g.weightCount, seed: 4)
        let x = randomValues(2 * g.inputCount, seed: 5), y = randomValues(2 * g.outputCount, seed: 6)
        let w = try ConvolutionMatrix(g, weights: weights)
        #expect(denseRows(w).flatMap { $0 } == ReferenceMatrix.dense(g, weights: weights))
        let wx = try w.apply(x, batch: 2), wty = try w.applyTransposed(y, batch: 2)
        #expect(abs(dot(wx, y) - dot(x, wty)) <= 1e-13 * norm(wx) * norm(y) * 10)
        #expect(relativeError(try DenseConvolution.apply(g, input: x, weights: weights, batch: 2), wx) <= 1e-12)
        #expect(relativeError(try DenseConvolution.applyTransposed(g, input: y, weights: weights, batch: 2), wty) <= 1e-12)
    }

    /// A small matrix forced to 64-bit indices gives exactly the 32-bit results on both engines.
    @Test(arguments: SparseEngine.allCases)
    func int64MatrixAppliesLikeInt32(engine: SparseEngine) throws {
        let g = RandomGeometry.make(seed: 77, options: .init(modes: [.zeros, .reflect], layouts: true))
        let weights = randomValues(g.weightCount, seed: 1)
        let x = randomValues(3 * g.inputCount, seed: 2), y = randomValues(3 * g.outputCount, seed: 3)
        let narrow = try ConvolutionMatrix(g, weights: weights, options: CompileOptions(indexWidth: .int32))
        let wide = try ConvolutionMatrix(g, weights: weights, options: CompileOptions(indexWidth: .int64))
        #expect(wide.indexWidth == .int64)
        #expect(try narrow.apply(x, batch: 3, engine: engine) == wide.apply(x, batch: 3, engine: engine))
        #expect(try narrow.applyTransposed(y, batch: 3, engine: engine) == wide.applyTransposed(y, batch: 3, engine: engine))
    }

    /// The chapter's identity `trans_conv(Y, K) == Wᵀ·y` with the printed numbers:
    /// Y = [[27, 37], [57, 67]] → [[27, 91, 74], [138, 400, 282], [171, 429, 268]].
    @Test func transposedConvolutionIsWTransposed() throws {
        let layer = try Convolution.conv2d(inputShape: [1, 1, 3, 3], weightShape: [1, 1, 2, 2])
        let w = try ConvolutionMatrix(layer.geometry, weights: [1, 2, 3, 4])
        #expect(try w.applyTransposed([27, 37, 57, 67], batch: 1) == [27, 91, 74, 138, 400, 282, 171, 429, 268])
        let t = try Convolution.convTransposed2d(inputShape: [1, 1, 2, 2], weightShape: [1, 1, 2, 2])
        #expect(t.geometry == layer.geometry)
    }

    /// Bias is added once per output position of its channel, in the output layout.
    @Test func biasFollowsTheLayout() throws {
        let layer = try Convolution.conv(inputShape: [1, 3, 2], weightShape: [2, 2, 1],
                                         inputLayout: .channelsLast, outputLayout: .channelsLast)
        let w = try ConvolutionMatrix(layer.geometry, weights: [1, 0, 0, 1])  // y₀ = x₀, y₁ = x₁ (1×1 kernel)
        // x in (L, C) order: positions 0,1,2 × channels 0,1.
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        #expect(try w.apply(x, batch: 1, bias: [10, 100]) == [11, 102, 13, 104, 15, 106])
    }
}
