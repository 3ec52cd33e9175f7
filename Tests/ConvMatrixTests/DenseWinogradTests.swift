import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// Winograd F(2×2, 3×3) and F(2, 3) (``WinogradPlan``) against the definition of a
/// channels-first 3 × 3 (or 1-D kernel-3) convolution of stride 1 and of its transposed map,
/// written out here (``definition(_:x:w:b:batch:transposed:)``, no shared code), its
/// transforms against `Bᵀ d B`, `Aᵀ M A`, `Bᵀ d` and `Aᵀ M` multiplied out here, and the rule
/// of where it applies.
@Suite struct DenseWinogradTests {
    /// `y[n, co, i, j] = b[co] + Σ_ci Σ_{r,c < 3} w[co, ci, r, c] · x[n, ci, i + r − p₀, j + c − p₁]`,
    /// the terms whose input index lies outside the plane left out (zero padding); in 1-D the
    /// same with one row (`i = 0`, `r = 0`, `p₀ = 0`). `transposed`: its adjoint (the input
    /// gradient), `x[n, ci, i, j] = b[ci] + Σ_co Σ_{r,c} w[co, ci, r, c] · y[n, co, i − r + p₀, j − c + p₁]`,
    /// read from `x` (then the output side) into the input side.
    static func definition(_ g: ConvolutionGeometry, x: [Double], w: [Double], b: [Double]?, batch: Int,
                           transposed: Bool = false) -> [Double] {
        let two = g.spatialRank == 2, rows = g.axes.first!, columns = g.axes.last!
        let (h, wd) = (two ? rows.inputSize : 1, columns.inputSize), (oh, ow) = (two ? rows.outputSize : 1, columns.outputSize)
        let (p0, p1) = (two ? rows.padBegin : 0, columns.padBegin), (cin, cout) = (g.inChannels, g.outChannels)
        let kr = two ? 3 : 1, sign = transposed ? -1 : 1
        // Read from (channels, rows, columns) into (channels, rows, columns).
        let (from, to) = transposed ? ((cout, oh, ow), (cin, h, wd)) : ((cin, h, wd), (cout, oh, ow))
        var y = [Double](repeating: 0, count: batch * to.0 * to.1 * to.2)
        for n in 0..<batch {
            for ct in 0..<to.0 {
                for i in 0..<to.1 {
                    for j in 0..<to.2 {
                        var sum = b?[ct] ?? 0
                        for cf in 0..<from.0 {
                            let weights = ((transposed ? cf * cin + ct : ct * cin + cf) * kr) * 3
                            for r in 0..<kr where i + sign * (r - p0) >= 0 && i + sign * (r - p0) < from.1 {
                                for c in 0..<3 where j + sign * (c - p1) >= 0 && j + sign * (c - p1) < from.2 {
                                    sum += w[weights + r * 3 + c]
                                        * x[((n * from.0 + cf) * from.1 + i + sign * (r - p0)) * from.2 + j + sign * (c - p1)]
                                }
                            }
                        }
                        y[((n * to.0 + ct) * to.1 + i) * to.2 + j] = sum
                    }
                }
            }
        }
        return y
    }

    /// Odd output sizes (tiles cut by the last row and column), outputs narrower than one
    /// vector of tiles and wider than several, unequal and zero pads, pads of 2 (tiles whose
    /// four rows or columns lie partly outside the plane on both sides), 1 × 1 outputs, and
    /// channel counts that are not multiples of the GEMM's tiles.
    static let cases: [ConvolutionGeometry] = [
        try! ConvolutionGeometry(inChannels: 16, outChannels: 16, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 11, kernelSize: 3, padBegin: 1, padEnd: 1)]),
        try! ConvolutionGeometry(inChannels: 17, outChannels: 24, axes: [
            AxisGeometry(inputSize: 20, kernelSize: 3, padBegin: 2, padEnd: 0),
            AxisGeometry(inputSize: 37, kernelSize: 3, padBegin: 0, padEnd: 1)]),
        try! ConvolutionGeometry(inChannels: 16, outChannels: 20, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 3), AxisGeometry(inputSize: 3, kernelSize: 3)]),
        try! ConvolutionGeometry(inChannels: 19, outChannels: 16, axes: [
            AxisGeometry(inputSize: 4, kernelSize: 3, padBegin: 2, padEnd: 2),
            AxisGeometry(inputSize: 40, kernelSize: 3, padBegin: 2, padEnd: 2)]),
        // 1-D: an odd output (37), a long row with unequal pads, one output, pads of 0 and 2.
        try! ConvolutionGeometry(inChannels: 16, outChannels: 16, axes: [
            AxisGeometry(inputSize: 37, kernelSize: 3, padBegin: 1, padEnd: 1)]),
        try! ConvolutionGeometry(inChannels: 24, outChannels: 17, axes: [
            AxisGeometry(inputSize: 100, kernelSize: 3, padBegin: 2, padEnd: 0)]),
        try! ConvolutionGeometry(inChannels: 16, outChannels: 16, axes: [AxisGeometry(inputSize: 3, kernelSize: 3)]),
        try! ConvolutionGeometry(inChannels: 20, outChannels: 16, axes: [
            AxisGeometry(inputSize: 70, kernelSize: 3, padBegin: 0, padEnd: 2)]),
    ]

    /// Every instruction set, Double and Float, with and without bias, one and two threads,
    /// within the direct path's tolerance: 4·9 ulps of the largest output (Double), 8·9 (Float).
    @Test(arguments: cases)
    func winogradEqualsTheDefinition(g: ConvolutionGeometry) throws {
        #expect(DenseConvolution.winogradApplies(to: g))
        let batch = 2
        let x = randomValues(batch * g.inputCount, seed: 8100), w = randomValues(g.weightCount, seed: 8101)
        let b = randomValues(g.outChannels, seed: 8102)
        for bias in [b, nil] {
            try DenseTestSupport.expectEveryVariant(g, x: x, w: w, b: bias, batch: batch,
                                                    equal: Self.definition(g, x: x, w: w, b: bias, batch: batch),
                                                    doubleTolerance: 36 * Double.ulpOfOne,
                                                    floatTolerance: 72 * Double(Float.ulpOfOne))
        }
    }

    /// The transposed maps of the same layers (`x = Wᵀ·y + b`, the input gradient), which run
    /// as the forward Winograd layer of `transposeGeometry()` with the kernels flipped and the
    /// channels swapped, against ``definition(_:x:w:b:batch:transposed:)``.
    @Test(arguments: cases)
    func transposedWinogradEqualsTheDefinition(g: ConvolutionGeometry) throws {
        #expect(DenseConvolution.winogradApplies(to: g, direction: .transposed))
        let batch = 2
        let y = randomValues(batch * g.outputCount, seed: 8150), w = randomValues(g.weightCount, seed: 8151)
        let b = randomValues(g.inChannels, seed: 8152)
        for bias in [b, nil] {
            try DenseTestSupport.expectEveryVariant(g, x: y, w: w, b: bias, batch: batch,
                                                    equal: Self.definition(g, x: y, w: w, b: bias, batch: batch, transposed: true),
                                                    doubleTolerance: 36 * Double.ulpOfOne,
                                                    floatTolerance: 72 * Double(Float.ulpOfOne), direction: .transposed,
                                                    algorithms: [.winograd, .direct])
        }
        // .automatic is Winograd (the same bits); the direct engine sums in another order.
        let automatic = try DenseConvolution.applyTransposed(g, input: y, weights: w, batch: batch, threads: 1)
        #expect(automatic == (try DenseConvolution.applyTransposed(g, input: y, weights: w, batch: batch, threads: 1,
                                                                   algorithm: .winograd)))
        #expect(automatic != (try DenseConvolution.applyTransposed(g, input: y, weights: w, batch: batch, threads: 1,
                                                                   algorithm: .direct)))
    }

    /// The written-out definitions above agree with the test suite's general ones.
    @Test func theDefinitionIsTheConvolution() {
        let plane = try! ConvolutionGeometry(inChannels: 3, outChannels: 2, axes: [
            AxisGeometry(inputSize: 5, kernelSize: 3, padBegin: 2, padEnd: 0),
            AxisGeometry(inputSize: 6, kernelSize: 3, padBegin: 1, padEnd: 2)])
        let row = try! ConvolutionGeometry(inChannels: 3, outChannels: 2, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 3, padBegin: 2, padEnd: 1)])
        for g in [plane, row] {
            let x = randomValues(g.inputCount, seed: 8110), w = randomValues(g.weightCount, seed: 8111)
            let b = randomValues(g.outChannels, seed: 8112)
            #expect(relativeError(Self.definition(g, x: x, w: w, b: b, batch: 1),
                                  DenseTestSupport.naiveForward(g, x: x, w: w, b: b, batch: 1)) <= 1e-15, "\(g)")
            let y = randomValues(g.outputCount, seed: 8113), c = randomValues(g.inChannels, seed: 8114)
            #expect(relativeError(Self.definition(g, x: y, w: w, b: c, batch: 1, transposed: true),
                                  DenseTestSupport.naiveTransposed(g, y: y, w: w, b: c, batch: 1)) <= 1e-15, "\(g)")
        }
    }

    /// Blocks of 16 tiles (the least budget): runs of tiles that start and end inside a tile
    /// row, on 1 and 2 threads, give the same bits as one block per sample.
    @Test(arguments: cases)
    func smallBlocksGiveTheSameBits(g: ConvolutionGeometry) throws {
        let batch = 3
        let x = randomValues(batch * g.inputCount, seed: 8200), w = randomValues(g.weightCount, seed: 8201)
        let b = randomValues(g.outChannels, seed: 8202)
        let whole = try DenseSplitTests.run(g, .forward, input: x, weights: w, bias: b, batch: batch, threads: 1, budget: 1 << 30)
        #expect(relativeError(whole, Self.definition(g, x: x, w: w, b: b, batch: batch)) <= 36 * Double.ulpOfOne)
        for threads in [1, 2] {
            let small = try DenseSplitTests.run(g, .forward, input: x, weights: w, bias: b, batch: batch, threads: threads, budget: 1)
            #expect(small == whole, "\(threads) thr: \(g)")
        }
        #expect(WinogradPlan(g, isa: .best, elementSize: 8, budget: 1).tilesPerBlock == 16)
    }

    /// `.automatic` runs Winograd where it applies (the same bits as `.winograd`), `.direct`
    /// runs the offset GEMM; both equal the definition.
    @Test func theAlgorithmsAreTheOnesAsked() throws {
        let g = Self.cases[1], batch = 2
        let x = randomValues(batch * g.inputCount, seed: 8300), w = randomValues(g.weightCount, seed: 8301)
        let automatic = try DenseConvolution.apply(g, input: x, weights: w, batch: batch, threads: 1)
        let winograd = try DenseConvolution.apply(g, input: x, weights: w, batch: batch, threads: 1, algorithm: .winograd)
        let direct = try DenseConvolution.apply(g, input: x, weights: w, batch: batch, threads: 1, algorithm: .direct)
        #expect(automatic == winograd)
        #expect(direct != winograd)   // the orders of the arithmetic differ
        let expected = Self.definition(g, x: x, w: w, b: nil, batch: batch)
        #expect(relativeError(direct, expected) <= 36 * Double.ulpOfOne)
        #expect(relativeError(winograd, expected) <= 36 * Double.ulpOfOne)
    }

    /// Where Winograd applies, and the typed error when it is forced anywhere else.
    @Test func winogradAppliesOnlyWhereItShould() throws {
        func layer(_ cin: Int = 16, _ cout: Int = 16, groups: Int = 1, k: Int = 3, stride: Int = 1, dilation: Int = 1,
                   pad: Int = 1, rank: Int = 2, mode: PaddingMode = .zeros, layout: TensorLayout = .channelsFirst) -> ConvolutionGeometry {
            try! ConvolutionGeometry(inChannels: cin, outChannels: cout, groups: groups,
                                     axes: (0..<rank).map { _ in AxisGeometry(inputSize: 6, kernelSize: k, stride: stride,
                                                                             dilation: dilation, padBegin: pad, padEnd: pad) },
                                     paddingMode: mode, inputLayout: layout, outputLayout: layout)
        }
        #expect(DenseConvolution.winogradApplies(to: layer()))
        #expect(DenseConvolution.winogradApplies(to: layer(pad: 0)))
        #expect(DenseConvolution.winogradApplies(to: layer(layout: .permutation([0, 1, 2]))))
        #expect(DenseConvolution.winogradApplies(to: layer(rank: 1)))
        let others: [ConvolutionGeometry] = [
            layer(15, 16), layer(16, 15), layer(32, 32, groups: 2), layer(k: 5, pad: 2), layer(stride: 2),
            layer(dilation: 2, pad: 2), layer(pad: -1), layer(rank: 3), layer(mode: .reflect),
            layer(layout: .channelsLast), layer(stride: 2, rank: 1), layer(k: 5, pad: 2, rank: 1),
            layer(rank: 1, layout: .channelsLast),
        ]
        // Transposed: the forward equivalent's pads are 2 − b, so a pad of 3 keeps the
        // transposed map direct while its forward layer runs Winograd, and a crop (pad −1)
        // the other way round.
        #expect(DenseConvolution.winogradApplies(to: layer(pad: 2), direction: .transposed))
        #expect(DenseConvolution.winogradApplies(to: layer(pad: -1), direction: .transposed))
        #expect(DenseConvolution.winogradApplies(to: layer(pad: 3)))
        #expect(!DenseConvolution.winogradApplies(to: layer(pad: 3), direction: .transposed))
        for g in others.filter({ $0 != layer(pad: -1) }) + [layer(pad: 3)] {
            let y = [Double](repeating: 1, count: g.outputCount), w = [Double](repeating: 1, count: g.weightCount)
            #expect(!DenseConvolution.winogradApplies(to: g, direction: .transposed), "\(g)")
            let error = #expect(throws: ConvMatrixError.self) {
                try DenseConvolution.applyTransposed(g, input: y, weights: w, batch: 1, threads: 1, algorithm: .winograd)
            }
            #expect(error?.kind == .unsupported && error?.description.contains("algorithm") == true, "\(g)")
            let automatic = try DenseConvolution.applyTransposed(g, input: y, weights: w, batch: 1, threads: 1)
            #expect(automatic == (try DenseConvolution.applyTransposed(g, input: y, weights: w, batch: 1, threads: 1,
                                                                       algorithm: .direct)))
        }
        for g in others {
            #expect(!DenseConvolution.winogradApplies(to: g), "\(g)")
            let x = [Double](repeating: 1, count: g.inputCount), w = [Double](repeating: 1, count: g.weightCount)
            let error = #expect(throws: ConvMatrixError.self) {
                try DenseConvolution.apply(g, input: x, weights: w, batch: 1, threads: 1, algorithm: .winograd)
            }
            #expect(error?.kind == .unsupported && error?.description.contains("algorithm") == true, "\(g)")
            // .automatic runs the direct path on it (tested against the definition elsewhere).
            let automatic = try DenseConvolution.apply(g, input: x, weights: w, batch: 1, threads: 1)
            #expect(automatic == (try DenseConvolution.apply(g, input: x, weights: w, batch: 1, threads: 1, algorithm: .direct)))
        }
    }

    /// The input transform of one tile is `Bᵀ d B` and the output transform `Aᵀ M A` (+ bias),
    /// with the matrices of Lavin & Gray multiplied out here, on a 4 × 4 plane (one tile, no
    /// padding) and on the tile that overhangs a 3 × 3 plane padded by 1 (zeros read).
    @Test func theTransformsAreTheMatrixProducts() {
        let bT: [[Double]] = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]
        let aT: [[Double]] = [[1, 1, 1, 0], [0, 1, -1, -1]]
        func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
            a.map { row in (0..<b[0].count).map { j in zip(row, b).reduce(0) { $0 + $1.0 * $1.1[j] } } }
        }
        func transpose(_ a: [[Double]]) -> [[Double]] { (0..<a[0].count).map { j in a.map { $0[j] } } }
        let plane = (0..<16).map { Double($0 * $0 % 23) - 7 }
        for (size, pad) in [(4, 0), (3, 1)] {
            let values = Array(plane.prefix(size * size))
            var v = [Double](repeating: .nan, count: 16 * 2)
            let zeros = [Double](repeating: 0, count: size)
            for isa in DenseInstructionSet.supported {
                values.withUnsafeBufferPointer { x in
                    zeros.withUnsafeBufferPointer { z in
                        v.withUnsafeMutableBufferPointer { v in
                            Double.winogradInput(isa, rank: 2, x.baseAddress!, channels: 1, channelStride: size * size, height: size,
                                                 width: size, padTop: pad, padLeft: pad, tilesWide: 1, first: 0, count: 1,
                                                 zeros: z.baseAddress!, into: v.baseAddress!, rowStride: 1, xiStride: 2)
                        }
                    }
                }
                let d = (0..<4).map { r in (0..<4).map { c -> Double in
                    let (i, j) = (r - pad, c - pad)
                    return i >= 0 && i < size && j >= 0 && j < size ? values[i * size + j] : 0
                } }
                let expected = product(product(bT, d), transpose(bT)).flatMap { $0 }
                #expect((0..<16).map { v[2 * $0] } == expected, "\(isa), \(size)×\(size) pad \(pad)")
            }
        }
        // Output: M = the 4 × 4 values 1…16, bias 0.5, into a 2 × 2 and a 1 × 1 plane.
        let m = (0..<16).map { Double($0 + 1) }
        let y = product(product(aT, (0..<4).map { r in Array(m[(4 * r)..<(4 * r + 4)]) }), transpose(aT))
        for isa in DenseInstructionSet.supported {
            for size in [2, 1] {
                var out = [Double](repeating: .nan, count: size * size)
                m.withUnsafeBufferPointer { m in
                    out.withUnsafeMutableBufferPointer { o in
                        [0.5].withUnsafeBufferPointer { b in
                            Double.winogradOutput(isa, rank: 2, m.baseAddress!, channels: 1, rowStride: 1, xiStride: 1,
                                                  bias: b.baseAddress!, into: o.baseAddress!, channelStride: size * size,
                                                  height: size, width: size, tilesWide: 1, first: 0, count: 1)
                        }
                    }
                }
                let expected = size == 2 ? y.flatMap { $0 }.map { $0 + 0.5 } : [y[0][0] + 0.5]
                #expect(out == expected, "\(isa), \(size)×\(size)")
            }
        }
        // 1-D: Bᵀ d on a row of 4 (no pad) and on the tile over a row of 3 padded by 1; Aᵀ M
        // with bias 0.5 into rows of 2 and 1.
        let row = [3.0, -1, 4, 1.5]
        for (size, pad) in [(4, 0), (3, 1)] {
            let values = Array(row.prefix(size))
            let d = (0..<4).map { c in c - pad >= 0 && c - pad < size ? values[c - pad] : 0 }
            let expected = bT.map { r in zip(r, d).reduce(0) { $0 + $1.0 * $1.1 } }
            for isa in DenseInstructionSet.supported {
                var v = [Double](repeating: .nan, count: 8)
                values.withUnsafeBufferPointer { x in
                    v.withUnsafeMutableBufferPointer { v in
                        Double.winogradInput(isa, rank: 1, x.baseAddress!, channels: 1, channelStride: size, height: 1,
                                             width: size, padTop: 0, padLeft: pad, tilesWide: 1, first: 0, count: 1,
                                             zeros: x.baseAddress!, into: v.baseAddress!, rowStride: 1, xiStride: 2)
                    }
                }
                #expect((0..<4).map { v[2 * $0] } == expected, "1-D, \(isa), \(size) pad \(pad)")
            }
        }
        let m1 = [2.0, -3, 5, 7]
        let y1 = aT.map { r in zip(r, m1).reduce(0) { $0 + $1.0 * $1.1 } + 0.5 }
        for isa in DenseInstructionSet.supported {
            for size in [2, 1] {
                var out = [Double](repeating: .nan, count: size)
                m1.withUnsafeBufferPointer { m in
                    out.withUnsafeMutableBufferPointer { o in
                        [0.5].withUnsafeBufferPointer { b in
                            Double.winogradOutput(isa, rank: 1, m.baseAddress!, channels: 1, rowStride: 1, xiStride: 1,
                                                  bias: b.baseAddress!, into: o.baseAddress!, channelStride: size,
                                                  height: 1, width: size, tilesWide: 1, first: 0, count: 1)
                        }
                    }
                }
                #expect(out == Array(y1.prefix(size)), "1-D, \(isa), \(size)")
            }
        }
    }
}
