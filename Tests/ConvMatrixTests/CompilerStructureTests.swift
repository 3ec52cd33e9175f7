import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// The compiled structure against the constructive reference: same dense matrix, sorted
/// duplicate-free rows, the independently counted nnz, and identical Int32/Int64 builds.
@Suite struct CompilerStructureTests {
    static let seeds = Array(UInt64(1)...UInt64(220))

    @Test(arguments: seeds)
    func matchesReference(seed: UInt64) throws {
        let g = RandomGeometry.make(seed: seed, options: .init(modes: PaddingMode.allCases, layouts: true))
        let weights = randomValues(g.weightCount, seed: seed &+ 1000)
        let w = try ConvolutionMatrix(g, weights: weights)
        let csr = w.csr64
        #expect(throws: Never.self, "\(g)") { try csr.checkInvariants() }
        let expected = ReferenceMatrix.dense(g, weights: weights)
        let got = denseRows(w).flatMap { $0 }
        let worst = zip(got, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-12, "seed \(seed): \(g) differs from the reference by \(worst)")
        if g.paddingMode == .zeros {
            #expect(w.nonzeroCount == ReferenceMatrix.structuralCount(g), "seed \(seed): \(g)")
        }
    }

    @Test(arguments: Array(UInt64(1)...UInt64(40)))
    func int32AndInt64BuildsAreIdentical(seed: UInt64) throws {
        let g = RandomGeometry.make(seed: seed, options: .init(modes: PaddingMode.allCases, layouts: true))
        let weights = randomValues(g.weightCount, seed: seed)
        let narrow = try ConvolutionPattern(g, options: CompileOptions(indexWidth: .int32))
        let wide = try ConvolutionPattern(g, options: CompileOptions(indexWidth: .int64))
        guard case .int32(let a) = narrow.storage, case .int64(let b) = wide.storage else {
            Issue.record("index widths not honoured")
            return
        }
        #expect(a.rowPointers.map(Int64.init) == b.rowPointers, "\(g)")
        #expect(a.columnIndices.map(Int64.init) == b.columnIndices, "\(g)")
        let (narrowTaps, wideTaps) = (try a.tapMap(), try b.tapMap())
        #expect(narrowTaps.taps.map(Int64.init) == wideTaps.taps, "\(g)")
        #expect(narrowTaps.tapPointers?.map(Int64.init) == wideTaps.tapPointers, "\(g)")
        #expect(try narrow.matrix(weights: weights).values == wide.matrix(weights: weights).values)
    }

    @Test func singleAndMultiThreadedFillsAreIdentical() throws {
        let g = try ConvolutionGeometry(inChannels: 4, outChannels: 6, groups: 2, axes: [
            AxisGeometry(inputSize: 13, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 2),
            AxisGeometry(inputSize: 9, kernelSize: 2, dilation: 2, inputDilation: 2),
        ])
        let weights = randomValues(g.weightCount, seed: 7)
        let one = try ConvolutionMatrix(g, weights: weights, options: CompileOptions(threads: 1))
        let many = try ConvolutionMatrix(g, weights: weights, options: CompileOptions(threads: 4))
        #expect(one.csr64 == many.csr64)
    }

    /// Channels-first rows are written a block of positions at a time, channel by channel
    /// (``ExpandedPositions``): shapes with many full blocks and a partial one, with groups,
    /// input dilation, multi-tap entries (reflect) and a row too long for more than a few
    /// positions per block, against the constructive reference — compiled, refilled, and
    /// rebuilt from the tap map (`W[e] = Σ w[taps]`), with 1 and 3 threads.
    @Test(arguments: [
        try ConvolutionGeometry(inChannels: 4, outChannels: 6, groups: 2, axes: [
            AxisGeometry(inputSize: 15, kernelSize: 3, stride: 1, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 6, kernelSize: 2, dilation: 2, inputDilation: 2),
        ]),
        try ConvolutionGeometry(inChannels: 2, outChannels: 3, axes: [
            AxisGeometry(inputSize: 300, kernelSize: 5, padBegin: 2, padEnd: 4),
        ], paddingMode: .reflect),
        try ConvolutionGeometry(inChannels: 40, outChannels: 2, axes: [
            AxisGeometry(inputSize: 30, kernelSize: 41, padBegin: 20, padEnd: 20),
        ]),
    ])
    func blockedChannelsFirstFillMatchesReference(g: ConvolutionGeometry) throws {
        let first = randomValues(g.weightCount, seed: 5), second = randomValues(g.weightCount, seed: 6)
        for threads in [1, 3] {
            var w = try ConvolutionMatrix(g, weights: first, options: CompileOptions(threads: threads))
            let worst = { (m: ConvolutionMatrix, weights: [Double]) in
                zip(denseRows(m).flatMap { $0 }, ReferenceMatrix.dense(g, weights: weights)).map { abs($0 - $1) }.max() ?? 0
            }
            #expect(worst(w, first) <= 1e-12, "\(threads) threads: \(g)")
            guard case .int32(let p) = w.pattern.storage else { Issue.record("expected int32"); return }
            let map = try p.tapMap()
            let rebuilt = (0..<w.nonzeroCount).map { e in map.taps(ofEntry: e).reduce(0.0) { $0 + first[$1] } }
            let gap = zip(rebuilt, w.values).map { abs($0 - $1) }.max() ?? 0
            #expect(gap <= 1e-12, "tap map, \(threads) threads: \(g)")
            try w.refill(weights: second)
            #expect(worst(w, second) <= 1e-12, "refill, \(threads) threads: \(g)")
        }
    }

    @Test func refillReusesTheStructure() throws {
        let g = RandomGeometry.make(seed: 99)
        let first = randomValues(g.weightCount, seed: 1), second = randomValues(g.weightCount, seed: 2)
        var w = try ConvolutionMatrix(g, weights: first)
        try w.refill(weights: second)
        #expect(w.csr64 == (try ConvolutionMatrix(g, weights: second)).csr64)
    }

    /// A refill writes in place, but a copy sharing the values keeps the old ones
    /// (copy-on-write), and bad weights leave the matrix as it was.
    @Test func refillInPlaceLeavesCopiesAlone() throws {
        let g = RandomGeometry.make(seed: 17, options: .init(modes: PaddingMode.allCases))
        let first = randomValues(g.weightCount, seed: 1), second = randomValues(g.weightCount, seed: 2)
        var w = try ConvolutionMatrix(g, weights: first)
        let copy = w
        try w.refill(weights: second)
        let worst = { (m: ConvolutionMatrix, weights: [Double]) in
            zip(denseRows(m).flatMap { $0 }, ReferenceMatrix.dense(g, weights: weights)).map { abs($0 - $1) }.max() ?? 0
        }
        #expect(worst(w, second) <= 1e-12 && w.weights == second, "\(g)")
        #expect(worst(copy, first) <= 1e-12 && copy.weights == first, "\(g)")
        #expect(throws: ConvMatrixError.self) { try w.refill(weights: [1]) }
        #expect(worst(w, second) <= 1e-12 && w.weights == second, "\(g)")
    }

    /// Reflect padding of width 2 on a length-3 axis with kernel 3: output 0 reads
    /// `x₂ x₁ x₀`, output 1 reads `x₁ x₀ x₁` — taps 0 and 2 land on x₁, so the entry for x₁
    /// carries both (w₀ + w₂).
    @Test func reflectMergesTapsOnOneEntry() throws {
        let g = try ConvolutionGeometry(inChannels: 1, outChannels: 1, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 3, padBegin: 2, padEnd: 0),
        ], paddingMode: .reflect)
        let w = try ConvolutionMatrix(g, weights: [10, 20, 30])
        // rows: y0 = 30·x0 + 20·x1 + 10·x2 ; y1 = 20·x0 + (10+30)·x1 ; y2 = 10·x0 + 20·x1 + 30·x2
        #expect(denseRows(w) == [[30, 20, 10], [20, 40, 0], [10, 20, 30]])
        guard case .int32(let p) = w.pattern.storage else { Issue.record("expected int32"); return }
        let map = try p.tapMap()
        #expect(!p.isSingleTap && map.tapPointers != nil)
        #expect(map.taps.count == 9 && p.nonzeroCount == 8)
        // Entry 4 (row 1, x₁) sums taps 0 and 2, written out above.
        #expect(Set(map.taps(ofEntry: 4)) == [0, 2])
    }

    @Test func memoryBudgetIsCheckedBeforeAllocating() throws {
        let g = try ConvolutionGeometry(inChannels: 64, outChannels: 64, axes: [
            AxisGeometry(inputSize: 56, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 56, kernelSize: 3, padBegin: 1, padEnd: 1),
        ])
        let error = #expect(throws: ConvMatrixError.self) {
            try ConvolutionPattern(g, options: CompileOptions(memoryBudget: 1 << 20))
        }
        #expect(error?.kind == .overBudget)
        #expect(error?.description.hasPrefix("memory = ") == true)
        #expect(error?.description.contains("exceeds the memory budget of 1.05 MB") == true)
    }
}
