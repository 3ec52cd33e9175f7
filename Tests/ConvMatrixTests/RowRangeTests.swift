import Testing
import ConvMatrixTestSupport
@testable import ConvMatrix

/// Row-range compilation: every block `[r0, r1)` compiled alone is exactly rows `r0 ..< r1` of
/// the whole `W` — pointers, columns (and their order), values and taps — over random
/// geometries (padding modes, stride, dilation, groups, input dilation, cropped transposed
/// outputs, channels-last and permuted layouts) and random block boundaries, including blocks of
/// one row and empty rows. Values are also checked against the constructive reference matrix.
@Suite struct RowRangeTests {
    /// Random cut points of `0 ..< rows`: a few random ones plus a one-row block `[r, r + 1)`.
    static func boundaries(rows: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var cuts: Set<Int> = [0, rows]
        for _ in 0..<Int.random(in: 0...4, using: &rng) { cuts.insert(Int.random(in: 0...rows, using: &rng)) }
        let single = Int.random(in: 0..<rows, using: &rng)
        cuts.formUnion([single, single + 1])
        return cuts.sorted()
    }

    /// The full W's pointers, columns, values and taps for rows `a ..< b`, pointers made local.
    static func expectedRows(_ w: ConvolutionMatrix, _ a: Int, _ b: Int) throws -> (pointers: [Int], columns: [Int], values: [Double], taps: [[Int]]) {
        let csr = w.csr64
        let start = Int(csr.rowPointers[a]), end = Int(csr.rowPointers[b])
        let taps: [[Int]] = try (start..<end).map { e in
            switch w.pattern.storage {
            case .int32(let p): return try p.tapMap().taps(ofEntry: e)
            case .int64(let p): return try p.tapMap().taps(ofEntry: e)
            }
        }
        return (csr.rowPointers[a...b].map { Int($0) - start }, csr.columnIndices[start..<end].map { Int($0) },
                Array(csr.values[start..<end]), taps)
    }

    /// The taps of each entry of a block, through its own tap map.
    static func blockTaps<Index>(_ block: RowBlock<Index>) -> [[Int]] {
        (0..<block.nonzeroCount).map { e in
            if let p = block.tapPointers { return (Int(p[e])..<Int(p[e + 1])).map { Int(block.taps![$0]) } }
            return [Int(block.taps![e])]
        }
    }

    static let modes: [PaddingMode] = [.zeros, .reflect, .replicate, .circular]

    @Test(arguments: 0..<160)
    func blocksEqualTheRowsOfW(seed: Int) throws {
        let g = RandomGeometry.make(seed: UInt64(seed), options: .init(modes: Self.modes, layouts: true))
        let weights = randomValues(g.weightCount, seed: UInt64(seed) &+ 1000)
        let full = try ConvolutionMatrix(g, weights: weights)
        let reference = ReferenceMatrix.dense(g, weights: weights)
        let compiler = try RowRangeCompiler(g, options: CompileOptions(threads: seed % 3 + 1))
        #expect(compiler.nonzeroCount == full.nonzeroCount, "\(g)")
        let cuts = Self.boundaries(rows: g.outputCount, seed: UInt64(seed))
        for (a, b) in zip(cuts, cuts.dropFirst()) {
            let expected = try Self.expectedRows(full, a, b)
            let block: RowBlock<Int64> = try compiler.compile(rows: a..<b, weights: weights, tapMap: true)
            let narrow = try compiler.compile(rows: a..<b, weights: weights, tapMap: seed % 2 == 0, as: Int32.self)
            #expect(block.rowPointers.map { Int($0) } == expected.pointers, "\(g) rows \(a):\(b)")
            #expect(block.columnIndices.map { Int($0) } == expected.columns, "\(g) rows \(a):\(b)")
            #expect(block.values == expected.values, "\(g) rows \(a):\(b)")
            #expect(Self.blockTaps(block) == expected.taps, "\(g) rows \(a):\(b)")
            #expect(narrow.rowPointers.map { Int($0) } == expected.pointers && narrow.columnIndices.map { Int($0) } == expected.columns
                    && narrow.values == expected.values, "\(g) rows \(a):\(b) as Int32")
            #expect((narrow.taps == nil) == (seed % 2 != 0), "\(g): the tap map is kept only when asked")
            #expect(try compiler.entryCounts(rows: a..<b) == zip(expected.pointers.dropFirst(), expected.pointers).map { $0 - $1 })
            // Independent truth: the block's rows, written dense, are the reference matrix's rows.
            let dense = denseRows(try block.matrix())
            for (i, r) in (a..<b).enumerated() {
                let want = Array(reference[(r * g.inputCount)..<((r + 1) * g.inputCount)])
                #expect(relativeError(dense[i], want) <= 1e-12, "\(g) row \(r)")
            }
        }
    }

    /// PyTorch layers as written, transposed ones included (their W is the W of the convolution
    /// they transpose): every one-row block and a split at every tenth row match the whole W.
    @Test(arguments: [
        ("nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2)", [1, 4, 5, 3], TensorLayout.channelsFirst),
        ("nn.ConvTranspose1d(2, 3, 4, stride=3, dilation=2)", [1, 5, 2], .channelsLast),
        ("nn.Conv2d(3, 4, 3, stride=2, padding=2, padding_mode='reflect')", [1, 5, 6, 3], .channelsLast),
    ])
    func pyTorchLayers(layer: String, shape: [Int], layout: TensorLayout) throws {
        let g = try LayerExpression(parsing: layer).convolution(inputShape: shape, inputLayout: layout, outputLayout: layout).geometry
        let weights = randomValues(g.weightCount, seed: 3)
        let full = try ConvolutionMatrix(g, weights: weights)
        let compiler = try RowRangeCompiler(g)
        for r0 in stride(from: 0, to: g.outputCount, by: 10) {
            for rows in [r0..<(r0 + 1), r0..<min(r0 + 10, g.outputCount)] {
                let block: RowBlock<Int32> = try compiler.compile(rows: rows, weights: weights, tapMap: true, as: Int32.self)
                let expected = try Self.expectedRows(full, rows.lowerBound, rows.upperBound)
                #expect(block.columnIndices.map { Int($0) } == expected.columns && block.values == expected.values
                        && Self.blockTaps(block) == expected.taps, "\(layer) rows \(rows)")
            }
        }
    }

    /// Input dilation 2 with a 1-tap kernel: every odd output reads an injected zero, so
    /// rows 1, 3, 5 (and their channel copies) are empty; every one-row block matches.
    @Test func emptyRowsAndOneRowBlocks() throws {
        let axis = AxisGeometry(inputSize: 4, kernelSize: 1, stride: 1, dilation: 1, inputDilation: 2, padBegin: 0, padEnd: 0)
        let g = try ConvolutionGeometry(inChannels: 2, outChannels: 3, axes: [axis], outputLayout: .channelsLast)
        let weights = randomValues(g.weightCount, seed: 7)
        let full = try ConvolutionMatrix(g, weights: weights)
        let compiler = try RowRangeCompiler(g)
        var empty = 0
        for r in 0..<g.outputCount {
            let block: RowBlock<Int32> = try compiler.compile(rows: r..<(r + 1), weights: weights, as: Int32.self)
            let expected = try Self.expectedRows(full, r, r + 1)
            #expect(block.columnIndices.map { Int($0) } == expected.columns && block.values == expected.values, "row \(r)")
            // Hand derivation: output position p = r / 3 (channels-last, 3 channels) reads dilated
            // input p, an element (index p/2, 2 channels) when p is even, a zero when p is odd.
            let p = r / 3
            #expect(block.nonzeroCount == (p % 2 == 0 ? 2 : 0), "row \(r)")
            #expect(compiler.entryCount(row: r) == block.nonzeroCount)
            if block.nonzeroCount == 0 { empty += 1 }
        }
        #expect(empty == 9)
        let none: RowBlock<Int64> = try compiler.compile(rows: 5..<5, weights: weights)
        #expect(none.rowPointers == [0] && none.nonzeroCount == 0)
    }

    /// Blocks cut by ``RowRangeCompiler/blockEnd(from:maximumEntries:)`` cover W exactly once and
    /// stay within the limit unless a single row exceeds it.
    @Test(arguments: [1, 5, 40, 1000])
    func blockEndsPartitionTheRows(limit: Int) throws {
        let g = RandomGeometry.make(seed: 99, options: .init(modes: Self.modes, layouts: true))
        let compiler = try RowRangeCompiler(g)
        var r0 = 0, total = 0
        while r0 < g.outputCount {
            let r1 = compiler.blockEnd(from: r0, maximumEntries: limit)
            let entries = try compiler.entryCounts(rows: r0..<r1).reduce(0, +)
            #expect(r1 > r0 && (entries <= limit || r1 == r0 + 1), "\(g) block \(r0):\(r1) has \(entries)")
            total += entries
            r0 = r1
        }
        #expect(total == compiler.nonzeroCount)
    }

    @Test func badRangesAndBudgetsAreTypedErrors() throws {
        let g = try ConvolutionGeometry(inChannels: 4, outChannels: 4, axes: [AxisGeometry(inputSize: 5, kernelSize: 2)])
        let compiler = try RowRangeCompiler(g, options: CompileOptions(memoryBudget: 1000))
        #expect(throws: ConvMatrixError(.invalidParameter, parameter: "rows", value: "2:17", rule: "must lie within 0:16, the rows of W")) {
            _ = try compiler.compile(rows: 2..<17, weights: nil, as: Int32.self)
        }
        #expect(throws: ConvMatrixError.self) { _ = try compiler.compile(rows: 0..<4, weights: [1, 2], as: Int32.self) }
        // 16 rows of 4·2 entries: 17 pointers + 128 columns (Int64) + 128 values = 2184 bytes > 1000.
        let weights = randomValues(g.weightCount, seed: 1)
        do {
            _ = try compiler.compile(rows: 0..<16, weights: weights, as: Int64.self)
            Issue.record("expected an over-budget error")
        } catch let error as ConvMatrixError {
            #expect(error.kind == .overBudget && error.value == "2.18 kB", "\(error)")
        }
        // The per-axis relations (5 pointers + 3 words per visited tap, 8 taps) = 232 bytes > 100.
        #expect(throws: ConvMatrixError.self) { _ = try RowRangeCompiler(g, options: CompileOptions(memoryBudget: 100)) }
    }
}
