import Foundation
import Testing
@testable import ConvMatrix
import ConvMatrixConformance
import ConvMatrixTestSupport

/// Linear pipelines composed into one sparse matrix: the seed pipelines, an identity between
/// compiled input dilation and explicit zero injection, and a random sweep.
@Suite struct CompositionTests {
    static func fixture(_ name: String) throws -> ConformanceCase {
        try ConformanceCase.load(file: ConformanceFixtureTests.fixtureRoot + "/seeds/\(name).json")[0].get()
    }

    /// Seed 000: `Conv2d(3,3,(1,3),stride=(1,2),padding=(0,1))` then
    /// `ConvTranspose2d(3,3,(3,1),stride=(2,1),padding=(1,0))` on (2,3,4,5) is one matrix mapping to
    /// (2,3,7,3); with the biases carried through (`W₂ᵀ·b₁ + b₂`) it reproduces the seed's output.
    @Test(arguments: SparseEngine.allCases)
    func hybridPipelineComposesToOneMatrix(engine: SparseEngine) throws {
        let step1 = try Self.fixture("hybrid_step1_space_downsample"), step2 = try Self.fixture("hybrid_step2_time_upsample")
        let conv = try Convolution.conv2d(inputShape: [2, 3, 4, 5], weightShape: [3, 3, 1, 3], stride: [1, 2], padding: [0, 1])
        let convT = try Convolution.convTransposed2d(inputShape: [2, 3, 4, 3], weightShape: [3, 3, 3, 1], stride: [2, 1],
                                                     padding: [1, 0])
        let pipeline = try LinearPipeline([.layer(conv, weights: step1.w.data), .layer(convT, weights: step2.w.data)])
        let m = try pipeline.composed(engine: engine)
        #expect(m.inputShape == [3, 4, 5] && m.outputShape == [3, 7, 3])
        #expect(throws: Never.self) { try m.matrix.checkInvariants() }
        // Affine part: the first bias pushed through the second layer, plus the second bias.
        let b1 = try biasTensor(step1.b!.data, batch: 2, channels: 3, shape: [3, 4, 3], layout: .channelsFirst)
        let b2 = try biasTensor(step2.b!.data, batch: 2, channels: 3, shape: [3, 7, 3], layout: .channelsFirst)
        let offset = zip(try pipeline.stages[1].apply(b1, batch: 2), b2).map(+)
        let y = zip(try m.apply(step1.x.data, batch: 2, engine: engine), offset).map(+)
        #expect(relativeError(y, step2.y.data) <= 1e-6)
        // Gradients reach the input through the composed transpose, as through the stages.
        let gy = randomValues(2 * 63, seed: 9)
        #expect(relativeError(try m.applyTransposed(gy, batch: 2), try pipeline.applyTransposed(gy, batch: 2)) <= 1e-13)
    }

    /// The "single 3×3 filter with stride (½, 2)": the compiled convolution with input dilation
    /// (2, 1) is, as a matrix, `W₂·D` — zero injection along time followed by
    /// `Conv2d(3,3,3,stride=(1,2),padding=1)` — and matches the seed's output.
    @Test func fractionalStrideIsZeroInjectionThenConvolution() throws {
        let seed = try Self.fixture("hybrid_single_filter_stride_half_2")
        let hybrid = try seed.layer()
        let w = try ConvolutionMatrix(hybrid.geometry, weights: seed.w.data)
        let inject = try LinearMap.zeroInjection(shape: [3, 4, 5], factors: [1, 2, 1])
        let conv = try Convolution.conv2d(inputShape: [2, 3, 7, 5], weightShape: [3, 3, 3, 3], stride: [1, 2], padding: 1)
        let composed = try LinearPipeline([inject, .layer(conv, weights: seed.w.data)]).composed()
        #expect(composed.matrix.rowPointers == w.csr64.rowPointers)
        #expect(composed.matrix.columnIndices == w.csr64.columnIndices)
        #expect(relativeError(composed.matrix.values, w.values) <= 1e-15)
        let bias = try biasTensor(seed.b!.data, batch: 2, channels: 3, shape: [3, 7, 3], layout: .channelsFirst)
        let y = zip(try composed.apply(seed.x.data, batch: 2), bias).map(+)
        #expect(relativeError(y, seed.y.data) <= 1e-6)
        let gy = randomValues(2 * w.rowCount, seed: 3)
        #expect(relativeError(try composed.applyTransposed(gy, batch: 2), try w.applyTransposed(gy, batch: 2)) <= 1e-13)
    }

    /// Seed 002: `Conv1d(100,200,3)` → reshape `(N, L, 200) → (N, 2L, 100)` → `Conv1d(100,200,3)`,
    /// compiled in `(N, L, C)` layout, equals the transpose-based pipeline (permute to `(N, C, L)`,
    /// convolve, permute back, reshape, permute, convolve, permute back).
    @Test func channelsLastPipelineEqualsTheTransposeBasedOne() throws {
        let length = 10
        let w1 = randomValues(200 * 100 * 3, seed: 1), w2 = randomValues(200 * 100 * 3, seed: 2)
        let c1 = try Convolution.conv(inputShape: [length, 100], weightShape: [200, 100, 3], inputLayout: .channelsLast)
        let c2 = try Convolution.conv(inputShape: [2 * (length - 2), 100], weightShape: [200, 100, 3],
                                      inputLayout: .channelsLast)
        let direct = try LinearPipeline([
            .layer(c1, weights: w1), .reshape(from: [length - 2, 200], to: [2 * (length - 2), 100]), .layer(c2, weights: w2),
        ]).composed()
        let f1 = try Convolution.conv1d(inputShape: [100, length], weightShape: [200, 100, 3])
        let f2 = try Convolution.conv1d(inputShape: [100, 2 * (length - 2)], weightShape: [200, 100, 3])
        let viaTransposes = try LinearPipeline([
            .permutation(shape: [length, 100], order: [1, 0]), .layer(f1, weights: w1),
            .permutation(shape: [200, length - 2], order: [1, 0]),
            .reshape(from: [length - 2, 200], to: [2 * (length - 2), 100]),
            .permutation(shape: [2 * (length - 2), 100], order: [1, 0]), .layer(f2, weights: w2),
            .permutation(shape: [200, 2 * (length - 4) + 2], order: [1, 0]),
        ]).composed()
        #expect(direct.outputShape == [2 * length - 6, 200] && viaTransposes.outputShape == direct.outputShape)
        #expect(direct.matrix.rowPointers == viaTransposes.matrix.rowPointers)
        #expect(direct.matrix.columnIndices == viaTransposes.matrix.columnIndices)
        #expect(relativeError(direct.matrix.values, viaTransposes.matrix.values) <= 1e-12)
    }

    /// Random chains — convolution, pad/crop, transposed convolution — composed equal staged.
    @Test(arguments: Array(UInt64(1)...UInt64(30)))
    func composedEqualsStaged(seed: UInt64) throws {
        let g1 = RandomGeometry.make(seed: seed)
        var rng = SplitMix64(seed: seed)
        let shape = g1.outputMemoryShape
        let begin = shape.map { _ in Int.random(in: 0...1, using: &rng) }
        let end = shape.indices.map { $0 == 0 ? 0 : Int.random(in: -1...1, using: &rng) }
        let padded = zip(shape, zip(begin, end)).map { $0 + $1.0 + $1.1 }
        guard padded.allSatisfy({ $0 >= 1 }) else { return }
        let k = padded.dropFirst().map { _ in Int.random(in: 1...2, using: &rng) }
        let t = try Convolution.convTransposed(inputShape: padded, weightShape: [padded[0], 2] + k, stride: 2)
        let stages: [LinearMap] = [
            try .convolution(ConvolutionMatrix(g1, weights: randomValues(g1.weightCount, seed: seed))),
            try .pad(shape: shape, begin: begin, end: end),
            try .layer(t, weights: randomValues(t.geometry.weightCount, seed: seed + 1)),
        ]
        let pipeline = try LinearPipeline(stages)
        for engine in SparseEngine.allCases {
            let m = try pipeline.composed(engine: engine)
            let x = randomValues(2 * m.matrix.columnCount, seed: seed + 2)
            #expect(relativeError(try m.apply(x, batch: 2), try pipeline.apply(x, batch: 2)) <= 1e-12, "seed \(seed): \(g1)")
        }
    }

    @Test func mismatchedStagesAreATypedError() throws {
        let a = try LinearMap.reshape(from: [2, 3], to: [3, 2])
        let b = try LinearMap.crop(shape: [2, 3], begin: [0, 1], end: [0, 0])
        let error = #expect(throws: ConvMatrixError.self) { try LinearPipeline([a, b]) }
        #expect(error?.description == "stage 2 (crop [0, 1] [0, 0]) input shape = [2, 3]: must equal the output shape [3, 2] of stage 1 (reshape)")
    }

    /// Hand-derived selection matrices: zero injection of [a, b, c] by 2 is [a, 0, b, 0, c];
    /// a permutation of a 2×3 tensor is its transpose.
    @Test func indexingStagesByHand() throws {
        let inject = try LinearMap.zeroInjection(shape: [3], factors: [2])
        #expect(try inject.apply([1, 2, 3], batch: 1) == [1, 0, 2, 0, 3])
        let transpose = try LinearMap.permutation(shape: [2, 3], order: [1, 0])
        #expect(try transpose.apply([1, 2, 3, 4, 5, 6], batch: 1) == [1, 4, 2, 5, 3, 6])
        let pad = try LinearMap.pad(shape: [2], begin: [1], end: [2])
        #expect(try pad.apply([7, 8], batch: 1) == [0, 7, 8, 0, 0])
    }
}
