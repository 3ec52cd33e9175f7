internal import CConvKernels

/// The dense forward path's Winograd engine for 3 × 3 layers of stride 1, F(2×2, 3×3), and
/// for 1-D layers of kernel 3, F(2, 3) (Lavin & Gray, "Fast Algorithms for Convolutional
/// Neural Networks", 2016).
///
/// Each 2 × 2 block of output positions (a *tile*) reads a 4 × 4 input patch `d`; with the
/// kernel `g` of one (output, input) channel pair,
///
///     Y = Aᵀ [ U ⊙ V ] A,   U = G g Gᵀ,   V = Bᵀ d B,
///
/// and summing over input channels turns the 16 elementwise products into 16 GEMMs
/// `M_ξ = U_ξ · V_ξ` (`C_out × C_in` by `C_in × tiles`), run by the offset GEMM the direct
/// path uses (``KernelElement/gemm(_:input:offsets:depth:packed:rows:bias:output:rowStride:count:tileStarts:tileMasks:)``).
/// That is 16 multiply-adds per tile and channel pair where the direct convolution spends 36:
/// 2.25× fewer. In 1-D a tile is 2 outputs, `Y = Aᵀ [(G g) ⊙ (Bᵀ d)]`, 4 GEMMs: 4
/// multiply-adds per tile and pair against 6, 1.5× fewer. The transforms (`cvk_winograd_input_*`, `cvk_winograd_output_*`) add and
/// subtract only; `G` holds halves, computed in Double and rounded once to the element type.
///
/// Rounding: each output is still `Σ` of its 9·C_in products, formed in a different order
/// and through sums of up to four inputs, so a Float result differs from the direct path's
/// by a few units in the last place of the largest intermediate (tests compare both with the
/// definition at the tolerance of their element type); the sparse path and the direct kernel
/// remain the exact references (``DenseAlgorithm/direct``).
///
/// Work items are (sample, block of `tilesPerBlock` consecutive tiles): each worker transforms
/// its block's inputs into `V` (Ξ · C_in · tiles elements, Ξ = 16 or 4 in 1-D), runs the Ξ
/// GEMMs into `M` (Ξ · C_out · tiles) and transforms `M` into `y`.
struct WinogradPlan {
    let geometry: ConvolutionGeometry
    let isa: DenseInstructionSet
    /// Tiles per column and per row of the output grid: `⌈O/2⌉` per axis (1 per column in 1-D).
    let tilesHigh: Int, tilesWide: Int
    /// Ξ: the GEMMs per tile, 16 (2-D) or 4 (1-D).
    let xiCount: Int
    /// Tiles per work item: a multiple of 16, sized so that `V` and `M` fit `budget` bytes.
    let tilesPerBlock: Int
    /// Bytes of `V` and `M` one work item aims for. On the AMD EPYC (Zen 3, 512 KiB L2) the
    /// 64-channel 56 × 56 layer took 14.6–14.9 ms (batch 8, one thread) with 512 KiB – 1 MiB,
    /// 14.9–15.1 with 256 KiB and 16.0–19.6 with 128 KiB (more, shorter tile runs).
    static let blockBudgetBytes = 512 * 1024

    /// The plan for `geometry` when ``isEligible(_:)`` holds; `budget` is the bytes one
    /// work item's `V` and `M` may take.
    init(_ geometry: ConvolutionGeometry, isa: DenseInstructionSet, elementSize: Int, budget: Int) {
        self.geometry = geometry
        self.isa = isa
        let rank = geometry.spatialRank
        tilesHigh = rank == 2 ? (geometry.axes[0].outputSize + 1) / 2 : 1
        tilesWide = (geometry.axes[rank - 1].outputSize + 1) / 2
        xiCount = rank == 2 ? 16 : 4
        let perTile = xiCount * (geometry.inChannels + geometry.outChannels) * elementSize
        let fitting = max(1, budget / max(perTile, 1) / 16) * 16
        tilesPerBlock = min(fitting, (tilesHigh * tilesWide + 15) / 16 * 16)
    }

    /// Whether the engine computes `geometry`: one or two spatial axes, a kernel of 3 (3 × 3)
    /// with stride, dilation and input dilation 1, zero padding with no negative pad, one group,
    /// channels first on both sides, and at least 16 input and 16 output channels (below
    /// that the GEMMs are too thin to gain on the direct kernel). O(1).
    static func isEligible(_ geometry: ConvolutionGeometry) -> Bool {
        let g = geometry
        let rank = g.spatialRank, first = Array(0...rank)
        guard rank == 1 || rank == 2, g.groups == 1, g.paddingMode == .zeros, g.inChannels >= 16, g.outChannels >= 16,
              g.inputLayout.order(spatialRank: rank) == first, g.outputLayout.order(spatialRank: rank) == first
        else { return false }
        return g.axes.allSatisfy {
            $0.kernelSize == 3 && $0.stride == 1 && $0.dilation == 1 && $0.inputDilation == 1
                && $0.padBegin >= 0 && $0.padEnd >= 0 && $0.outputSize > 0
        }
    }

    var tileCount: Int { tilesHigh * tilesWide }
    /// Elements between the blocks of two consecutive ξ in `V` (`C_in` rows of `tilesPerBlock`)
    /// and `M` (`C_out` rows), plus 64 bytes: the Ξ blocks a transform reads or writes at
    /// once then fall in different sets of the L1 cache instead of one (their distance
    /// is otherwise a multiple of 4 KiB whenever the channels are).
    func xiStride(channels: Int, elementSize: Int) -> Int { channels * tilesPerBlock + 64 / elementSize }
    var blocksPerSample: Int { (tileCount + tilesPerBlock - 1) / tilesPerBlock }
    /// Elements of `V` (with the GEMM's read slack), of `M` and of the zero row (an input row's
    /// width, never written) per worker.
    func scratchCounts(elementSize: Int) -> (v: Int, m: Int, zeros: Int) {
        (xiCount * xiStride(channels: geometry.inChannels, elementSize: elementSize) + Int(CVK_MAX_TILE_COLS),
         xiCount * xiStride(channels: geometry.outChannels, elementSize: elementSize),
         geometry.axes[geometry.spatialRank - 1].inputSize)
    }
    /// Elements of the transformed, packed weights: Ξ · C_out · C_in.
    var packedCount: Int { xiCount * geometry.outChannels * geometry.inChannels }

    /// `U_ξ = (G g Gᵀ)[ξ]` (1-D: `(G g)[ξ]`) for every channel pair, each `ξ` packed for the
    /// GEMM: `G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]`. O(C_out · C_in) work, in Double.
    func packWeights<E: KernelElement>(_ weights: UnsafePointer<E>, into packed: UnsafeMutablePointer<E>) {
        let cout = geometry.outChannels, cin = geometry.inChannels
        let plane = cout * cin
        typealias Four = (Double, Double, Double, Double)
        // G·(a, b, d): one kernel row or column through G.
        func throughG(_ a: Double, _ b: Double, _ d: Double) -> Four { (a, 0.5 * (a + b + d), 0.5 * (a - b + d), d) }
        var u = [E](repeating: 0, count: xiCount * plane)
        u.withUnsafeMutableBufferPointer { u in
            // u[ξ₀ + q] of `pair` ← values.q, q < 4.
            func store(_ values: Four, at xi: Int, _ pair: Int) {
                u[xi * plane + pair] = E(values.0)
                u[(xi + 1) * plane + pair] = E(values.1)
                u[(xi + 2) * plane + pair] = E(values.2)
                u[(xi + 3) * plane + pair] = E(values.3)
            }
            for pair in 0..<plane {
                if xiCount == 4 {
                    let g = weights + pair * 3
                    store(throughG(Double(g[0]), Double(g[1]), Double(g[2])), at: 0, pair)
                    continue
                }
                // t = G·g: column c of g through G is column c of t; then each row of t through G.
                let g = weights + pair * 9
                let c0 = throughG(Double(g[0]), Double(g[3]), Double(g[6]))
                let c1 = throughG(Double(g[1]), Double(g[4]), Double(g[7]))
                let c2 = throughG(Double(g[2]), Double(g[5]), Double(g[8]))
                store(throughG(c0.0, c1.0, c2.0), at: 0, pair)
                store(throughG(c0.1, c1.1, c2.1), at: 4, pair)
                store(throughG(c0.2, c1.2, c2.2), at: 8, pair)
                store(throughG(c0.3, c1.3, c2.3), at: 12, pair)
            }
        }
        let rows = isa.tileRows(E.self)
        u.withUnsafeBufferPointer { u in
            for xi in 0..<xiCount {
                ConvMatrix.packWeights(u.baseAddress! + xi * plane, rows: cout, rowStride: cin, depth: cin,
                                       columns: nil, tileRows: rows, into: packed + xi * plane)
            }
        }
    }

    /// Runs the plan on `batch` samples (pointers checked by the caller).
    /// - Complexity: O(batch · tiles · (Ξ · C_out · C_in + 32 · C_in + 24 · C_out)).
    func run<E: KernelElement>(_ input: UnsafePointer<E>, _ weights: UnsafePointer<E>, _ bias: UnsafePointer<E>?,
                               _ output: UnsafeMutablePointer<E>, batch: Int, threads: Int) throws {
        let g = geometry, cin = g.inChannels, cout = g.outChannels
        let rank = g.spatialRank, rows = g.axes.first!, columns = g.axes.last!
        let height = rank == 2 ? rows.inputSize : 1, width = columns.inputSize
        let outHeight = rank == 2 ? rows.outputSize : 1, outWidth = columns.outputSize
        let padTop = rank == 2 ? rows.padBegin : 0
        let block = tilesPerBlock, blocks = blocksPerSample, tiles = tileCount
        let packed = [E](unsafeUninitializedCapacity: packedCount) { buffer, initialized in
            packWeights(weights, into: buffer.baseAddress!)
            initialized = packedCount
        }
        let offsets = (0..<cin).map { $0 * block }
        let size = MemoryLayout<E>.size
        let (vCount, mCount, zeroCount) = scratchCounts(elementSize: size)
        let vStride = xiStride(channels: cin, elementSize: size), mStride = xiStride(channels: cout, elementSize: size)
        try packed.withUnsafeBufferPointer { packed in
            try offsets.withUnsafeBufferPointer { offsets in
                try runWorkers(items: batch * blocks, threads: threads, scratchCount: vCount + mCount + zeroCount,
                               E.self) { scratch, item, _ in
                    let sample = item / blocks, first = (item % blocks) * block
                    let count = min(block, tiles - first)
                    let v = scratch, m = scratch + vCount, zeros = scratch + vCount + mCount
                    E.winogradInput(isa, rank: rank, input + sample * g.inputCount, channels: cin,
                                    channelStride: height * width, height: height, width: width, padTop: padTop,
                                    padLeft: columns.padBegin, tilesWide: tilesWide, first: first, count: count,
                                    zeros: zeros, into: v, rowStride: block, xiStride: vStride)
                    for xi in 0..<xiCount {
                        E.gemm(isa, input: v + xi * vStride, offsets: offsets.baseAddress!, depth: cin,
                               packed: packed.baseAddress! + xi * cout * cin, rows: cout, bias: nil,
                               output: m + xi * mStride, rowStride: block, count: count,
                               tileStarts: nil, tileMasks: nil)
                    }
                    E.winogradOutput(isa, rank: rank, m, channels: cout, rowStride: block, xiStride: mStride, bias: bias,
                                     into: output + sample * g.outputCount, channelStride: outHeight * outWidth,
                                     height: outHeight, width: outWidth, tilesWide: tilesWide,
                                     first: first, count: count)
                }
            }
        }
    }
}
