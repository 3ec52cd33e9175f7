import Testing
import ConvMatrixTestSupport
@testable import ConvMatrix

/// Products in row blocks (`RowRangeCompiler.apply`, `applyTransposed`) equal the products of
/// the whole `W` (W·x without bias bit for bit) and the dense reference matrix's, for blocks of 1, 13 and 10⁶ entries, both
/// engines, with bias; partial transposed products over a partition of the rows add up.
@Suite struct BlockedProductTests {
    static let modes: [PaddingMode] = [.zeros, .reflect, .replicate, .circular]

    /// `Σ_c W[r, c]·x[c]` per sample from the dense reference matrix (row-major rows × columns).
    static func referenceProduct(_ w: [Double], rows: Int, columns: Int, _ x: [Double], batch: Int, transposed: Bool) -> [Double] {
        let (m, n) = transposed ? (columns, rows) : (rows, columns)
        var out = [Double](repeating: 0, count: m * batch)
        for s in 0..<batch {
            for i in 0..<m {
                var sum = 0.0
                for j in 0..<n { sum += (transposed ? w[j * columns + i] : w[i * columns + j]) * x[s * n + j] }
                out[s * m + i] = sum
            }
        }
        return out
    }

    @Test(arguments: 0..<40, [1, 13, 1_000_000])
    func blockedEqualsWhole(seed: Int, blockEntries: Int) throws {
        let g = RandomGeometry.make(seed: UInt64(seed) &+ 500, options: .init(modes: Self.modes, layouts: true))
        let weights = randomValues(g.weightCount, seed: UInt64(seed))
        let batch = seed % 3 + 1
        let x = randomValues(batch * g.inputCount, seed: UInt64(seed) &+ 1)
        let y = randomValues(batch * g.outputCount, seed: UInt64(seed) &+ 2)
        let biasOut = randomValues(g.outChannels, seed: 3), biasIn = randomValues(g.inChannels, seed: 4)
        let whole = try ConvolutionMatrix(g, weights: weights)
        let compiler = try RowRangeCompiler(g)
        let engine: SparseEngine = seed % 2 == 0 ? .cholmod : .cxsparse
        let forward = try compiler.apply(x, batch: batch, weights: weights, bias: biasOut, maximumBlockEntries: blockEntries, engine: engine)
        #expect(relativeError(forward, try whole.apply(x, batch: batch, bias: biasOut, engine: engine)) <= 1e-13, "\(g)")
        let back = try compiler.applyTransposed(y, batch: batch, weights: weights, bias: biasIn, maximumBlockEntries: blockEntries, engine: engine)
        #expect(relativeError(back, try whole.applyTransposed(y, batch: batch, bias: biasIn, engine: engine)) <= 1e-13, "\(g)")
        // Independent truth: the constructive reference matrix, without bias.
        let dense = ReferenceMatrix.dense(g, weights: weights)
        let plain = try compiler.apply(x, batch: batch, weights: weights, maximumBlockEntries: blockEntries)
        // Each row is summed in the same order by CHOLMOD whatever the blocks: exactly equal.
        #expect(plain == (try whole.apply(x, batch: batch)), "\(g)")
        #expect(relativeError(plain, Self.referenceProduct(dense, rows: g.outputCount, columns: g.inputCount, x, batch: batch, transposed: false)) <= 1e-13)
        let plainBack = try compiler.applyTransposed(y, batch: batch, weights: weights, maximumBlockEntries: blockEntries)
        #expect(relativeError(plainBack, Self.referenceProduct(dense, rows: g.outputCount, columns: g.inputCount, y, batch: batch, transposed: true)) <= 1e-13)
    }

    /// Rows split at `cut`: the forward parts are the rows of `W·x`; the transposed partial sums
    /// `W[a:b]ᵀ·y[a:b]` add up to `Wᵀ·y`.
    @Test(arguments: 0..<10)
    func rowPartsCompose(seed: Int) throws {
        let g = RandomGeometry.make(seed: UInt64(seed) &+ 900, options: .init(modes: Self.modes, layouts: true))
        let weights = randomValues(g.weightCount, seed: UInt64(seed))
        let x = randomValues(g.inputCount, seed: 5), y = randomValues(g.outputCount, seed: 6)
        let compiler = try RowRangeCompiler(g)
        let cut = g.outputCount / 2
        let full = try compiler.apply(x, batch: 1, weights: weights, maximumBlockEntries: 5)
        let top = try compiler.apply(x, batch: 1, weights: weights, rows: 0..<cut, maximumBlockEntries: 5)
        let bottom = try compiler.apply(x, batch: 1, weights: weights, rows: cut..<g.outputCount, maximumBlockEntries: 5)
        #expect(top + bottom == full, "\(g)")
        let sum = zip(try compiler.applyTransposed(Array(y[..<cut]), batch: 1, weights: weights, rows: 0..<cut, maximumBlockEntries: 5),
                      try compiler.applyTransposed(Array(y[cut...]), batch: 1, weights: weights, rows: cut..<g.outputCount,
                                                   maximumBlockEntries: 5)).map(+)
        #expect(relativeError(sum, try compiler.applyTransposed(y, batch: 1, weights: weights, maximumBlockEntries: 1 << 20)) <= 1e-13)
    }

    @Test func fitsAndErrors() throws {
        let g = try ConvolutionGeometry(inChannels: 2, outChannels: 2, axes: [AxisGeometry(inputSize: 6, kernelSize: 3)])
        // 8 rows × 6 entries: W is (9 pointers + 48 columns)·4 + 48 values·8 = 612 bytes, under
        // the compiler's lower bound of 9·4 + one vector each side (8 + 12)·8 + relation
        // pointers (4 + 1)·8 + 48·(4 + 8) = 812 bytes, which decides.
        #expect(try g.matrixFits(CompileOptions(memoryBudget: 812)))
        #expect(try !g.matrixFits(CompileOptions(memoryBudget: 811)))
        let compiler = try RowRangeCompiler(g)
        let w = randomValues(g.weightCount, seed: 1)
        #expect(throws: ConvMatrixError.self) { _ = try compiler.apply([1], batch: 1, weights: w, maximumBlockEntries: 10) }
        #expect(throws: ConvMatrixError.self) { _ = try compiler.applyTransposed([1], batch: 1, weights: w, maximumBlockEntries: 10) }
        #expect(throws: ConvMatrixError.self) {
            _ = try compiler.apply(randomValues(12, seed: 2), batch: 1, weights: w, bias: [1], maximumBlockEntries: 10)
        }
    }
}
