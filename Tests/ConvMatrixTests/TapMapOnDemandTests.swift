import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// The tap map is built the first time something needs it, not by the compile: products and
/// refills never build it; the weight gradient, explanations and recovery do, once, for every
/// matrix sharing the structure.
@Suite struct TapMapOnDemandTests {
    static func hasTapMap(_ w: ConvolutionMatrix) -> Bool {
        switch w.pattern.storage {
        case .int32(let p): return p.hasTapMap
        case .int64(let p): return p.hasTapMap
        }
    }

    @Test func productsAndRefillsLeaveItUnbuiltAndTheGradientBuildsItOnce() throws {
        let g = RandomGeometry.make(seed: 5)
        var w = try ConvolutionMatrix(g, weights: randomValues(g.weightCount, seed: 1))
        let builtByCompile = Self.hasTapMap(w)
        #expect(!builtByCompile)
        let x = randomValues(2 * w.columnCount, seed: 2), y = randomValues(2 * w.rowCount, seed: 3)
        _ = try w.apply(x, batch: 2)
        _ = try w.applyTransposed(y, batch: 2)
        try w.refill(weights: randomValues(g.weightCount, seed: 4))
        let builtByProducts = Self.hasTapMap(w)
        #expect(!builtByProducts, "products and refills do not read the tap map")
        let copy = w
        _ = try w.weightGradient(rowSide: y, columnSide: x, batch: 2)
        let (built, builtInCopy) = (Self.hasTapMap(w), Self.hasTapMap(copy))
        #expect(built && builtInCopy, "built once, shared by every copy of the structure")
    }

    /// A refill gathers through the tap map once it is built, and recomputes values by the
    /// compiler's fill before: both equal the constructive reference, for every padding mode.
    @Test(arguments: Array(UInt64(1)...UInt64(60)))
    func refillsWithAndWithoutTheTapMapMatchTheReference(seed: UInt64) throws {
        let g = RandomGeometry.make(seed: seed, options: .init(modes: PaddingMode.allCases, layouts: true))
        let first = randomValues(g.weightCount, seed: seed), second = randomValues(g.weightCount, seed: seed &+ 500)
        var without = try ConvolutionMatrix(g, weights: first)
        var with = try ConvolutionMatrix(g, weights: first)
        _ = try with.entries(inRow: 0)   // builds the tap map
        let (built, notBuilt) = (Self.hasTapMap(with), !Self.hasTapMap(without))
        #expect(built && notBuilt)
        try without.refill(weights: second)
        try with.refill(weights: second)
        let expected = ReferenceMatrix.dense(g, weights: second)
        for w in [without, with] {
            let worst = zip(denseRows(w).flatMap { $0 }, expected).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-12, "seed \(seed): \(g) differs from the reference by \(worst)")
        }
    }

    /// Conv1d 8 → 8, kernel 3, length 10, no padding: 64 rows, 80 columns, 8·8·8·3 = 1536
    /// entries with Int32 indices. `W` takes 65·4 + 1536·(4 + 8) = 18,692 B and its tap map
    /// 1536·4 = 6,144 B, together 24,836 B. The compile's own lower bound is 65·4 (row
    /// pointers) + 144·8 (a vector each side) + 9·8 (relation pointers) + 1536·12 = 19,916 B.
    @Test func theTapMapIsCheckedAgainstTheBudgetWithW() throws {
        let g = try ConvolutionGeometry(inChannels: 8, outChannels: 8, axes: [AxisGeometry(inputSize: 10, kernelSize: 3)])
        let weights = randomValues(g.weightCount, seed: 9)
        let tight = try ConvolutionMatrix(g, weights: weights, options: CompileOptions(memoryBudget: 24_835))
        #expect(tight.nonzeroCount == 1536 && tight.indexWidth == .int32)
        let x = randomValues(tight.columnCount, seed: 1), y = randomValues(tight.rowCount, seed: 2)
        do {
            _ = try tight.weightGradient(rowSide: y, columnSide: x, batch: 1)
            Issue.record("a tap map over the budget was built")
        } catch let error as ConvMatrixError {
            #expect(error.kind == .overBudget && error.parameter == "memory" && error.value == "24.84 kB", "\(error)")
            #expect(error.rule.contains("1536 taps"), "\(error)")
        }
        let builtOverBudget = Self.hasTapMap(tight)
        #expect(!builtOverBudget)
        let enough = try ConvolutionMatrix(g, weights: weights, options: CompileOptions(memoryBudget: 24_836))
        _ = try enough.weightGradient(rowSide: y, columnSide: x, batch: 1)
        let builtWithinBudget = Self.hasTapMap(enough)
        #expect(builtWithinBudget)
        #expect(throws: ConvMatrixError.self) { try ConvolutionMatrix(g, weights: weights, options: CompileOptions(memoryBudget: 19_915)) }
        _ = try ConvolutionMatrix(g, weights: weights, options: CompileOptions(memoryBudget: 19_916))
    }
}
