import ConvMatrixTestSupport
import Testing
import ConvMatrix

/// Sweeps over random geometries: the forward map against the definition, and the
/// transposed map against the adjoint identity ⟨conv(x), y⟩ = ⟨x, convT(y)⟩.
@Suite struct DenseSweepTests {
    static let seeds = Array(UInt64(7000)..<UInt64(7160))

    /// Forward (with bias) equals the naive definition; the transposed map is its adjoint to
    /// 1e-12 relative, in Double, with batch 1–3 and 1–2 threads.
    @Test(arguments: seeds)
    func forwardMatchesDefinitionAndTransposedIsAdjoint(seed: UInt64) throws {
        try expectDefinitionAndAdjoint(DenseTestSupport.geometry(seed: seed), seed: seed)
    }

    /// The same for depthwise layers (2–40 channels, one per group): the flattened, row-blocked
    /// and interleaved depthwise kernels (channels last or permuted with the channels
    /// innermost on both sides), and the transposed route through the forward kernels.
    @Test(arguments: Array(UInt64(7200)..<UInt64(7280)))
    func depthwiseMatchesDefinitionAndTransposedIsAdjoint(seed: UInt64) throws {
        try expectDefinitionAndAdjoint(DenseTestSupport.geometry(seed: seed, depthwise: true), seed: seed)
    }

    private func expectDefinitionAndAdjoint(_ g: ConvolutionGeometry, seed: UInt64) throws {
        let batch = Int(seed % 3) + 1, threads = Int(seed % 2) + 1
        let w = randomValues(g.weightCount, seed: seed &+ 1)
        let x = randomValues(batch * g.inputCount, seed: seed &+ 2)
        let y = randomValues(batch * g.outputCount, seed: seed &+ 3)
        let b = randomValues(g.outChannels, seed: seed &+ 4)

        let forward = try DenseConvolution.apply(g, input: x, weights: w, bias: b, batch: batch, threads: threads)
        let expected = DenseTestSupport.naiveForward(g, x: x, w: w, b: b, batch: batch)
        #expect(relativeError(forward, expected) <= 1e-13, "seed \(seed): \(g)")

        let conv = try DenseConvolution.apply(g, input: x, weights: w, batch: batch, threads: threads)
        let convT = try DenseConvolution.applyTransposed(g, input: y, weights: w, batch: batch, threads: threads)
        let lhs = dot(conv, y), rhs = dot(x, convT)
        let scale = dot(conv.map(abs), y.map(abs)) + dot(x.map(abs), convT.map(abs))
        #expect(abs(lhs - rhs) <= 1e-12 * max(scale, .leastNormalMagnitude),
                "seed \(seed): ⟨conv x, y⟩ = \(lhs), ⟨x, convT y⟩ = \(rhs) for \(g)")

        // The transposed bias lands on every input position.
        let bT = randomValues(g.inChannels, seed: seed &+ 5)
        let convTb = try DenseConvolution.applyTransposed(g, input: y, weights: w, bias: bT, batch: batch, threads: threads)
        let strides = g.inputLayout.strides(extents: g.inputShape)
        let shifted = convT.indices.map { i -> Double in
            let c = (i % g.inputCount) / strides[0] % g.inChannels
            return convT[i] + bT[c]
        }
        #expect(relativeError(convTb, shifted) <= 1e-13, "seed \(seed) bias: \(g)")
    }
}
