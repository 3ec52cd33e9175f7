import Testing
import ConvMatrixTestSupport
@testable import ConvMatrix

/// The CSR rules by construction: the validating initialiser names each broken rule, the
/// compiler's output satisfies them at both index widths, and the bridge door refuses what C
/// cannot index.
@Suite struct CSRInvariantTests {
    /// One broken matrix per rule, starting from the valid 2 × 3 matrix
    /// `[1 0 2; 0 3 4]` (pointers [0, 2, 4], columns [0, 2, 1, 2]), and the error it must raise.
    static let broken: [(name: String, rows: Int, columns: Int, pointers: [Int32], indices: [Int32], values: [Double],
                         expected: ConvMatrixError)] = [
        ("negative rows", -1, 3, [0], [], [],
         ConvMatrixError(.invalidParameter, parameter: "rowCount", value: "-1", rule: "must be ≥ 0")),
        ("negative columns", 2, -3, [0, 0, 0], [], [],
         ConvMatrixError(.invalidParameter, parameter: "columnCount", value: "-3", rule: "must be ≥ 0")),
        ("pointer count", 2, 3, [0, 2], [0, 2], [1, 2],
         ConvMatrixError(.shapeMismatch, parameter: "rowPointers.count", value: "2", rule: "must be rowCount + 1 = 3")),
        ("values count", 2, 3, [0, 2, 4], [0, 2, 1, 2], [1, 2, 3],
         ConvMatrixError(.shapeMismatch, parameter: "values.count", value: "3",
                         rule: "must equal columnIndices.count = 4, one value per stored entry")),
        ("first pointer", 2, 3, [1, 2, 4], [0, 2, 1, 2], [1, 2, 3, 4],
         ConvMatrixError(.invalidParameter, parameter: "rowPointers[0]", value: "1", rule: "must be 0")),
        ("last pointer", 2, 3, [0, 2, 3], [0, 2, 1, 2], [1, 2, 3, 4],
         ConvMatrixError(.shapeMismatch, parameter: "rowPointers[2]", value: "3",
                         rule: "must equal the stored entries nnz = columnIndices.count = 4")),
        ("decreasing pointer", 2, 3, [0, 3, 2], [0, 1], [1, 2],
         ConvMatrixError(.invalidParameter, parameter: "rowPointers[2]", value: "2",
                         rule: "must be ≥ rowPointers[1] = 3 (row pointers never decrease)")),
        ("column out of range", 2, 3, [0, 2, 4], [0, 3, 1, 2], [1, 2, 3, 4],
         ConvMatrixError(.invalidParameter, parameter: "columnIndices[1]", value: "3", rule: "must be in 0..<3 (row 0)")),
        ("negative column", 2, 3, [0, 2, 4], [0, 2, -1, 2], [1, 2, 3, 4],
         ConvMatrixError(.invalidParameter, parameter: "columnIndices[2]", value: "-1", rule: "must be in 0..<3 (row 1)")),
        ("unsorted", 2, 3, [0, 2, 4], [2, 0, 1, 2], [1, 2, 3, 4],
         ConvMatrixError(.invalidParameter, parameter: "columnIndices[1]", value: "0",
                         rule: "must be > 2, the column before it in row 0 (sorted, no duplicates)")),
        ("duplicate", 2, 3, [0, 2, 4], [0, 2, 1, 1], [1, 2, 3, 4],
         ConvMatrixError(.invalidParameter, parameter: "columnIndices[3]", value: "1",
                         rule: "must be > 1, the column before it in row 1 (sorted, no duplicates)")),
    ]

    @Test(arguments: broken.indices)
    func eachRuleIsNamed(index: Int) {
        let c = Self.broken[index]
        #expect(throws: c.expected, "\(c.name)") {
            _ = try CSRMatrix<Int32>(rowCount: c.rows, columnCount: c.columns, rowPointers: c.pointers,
                                     columnIndices: c.indices, values: c.values)
        }
        // The same arrays at 64 bits break the same rule.
        #expect(throws: c.expected, "\(c.name), Int64") {
            _ = try CSRMatrix<Int64>(rowCount: c.rows, columnCount: c.columns, rowPointers: c.pointers.map(Int64.init),
                                     columnIndices: c.indices.map(Int64.init), values: c.values)
        }
    }

    @Test func validMatricesAreAccepted() throws {
        let w = try CSRMatrix<Int32>(rowCount: 2, columnCount: 3, rowPointers: [0, 2, 4],
                                     columnIndices: [0, 2, 1, 2], values: [1, 2, 3, 4])
        #expect(w.nonzeroCount == 4)
        // Empty rows, empty matrix, no rows at all.
        _ = try CSRMatrix<Int32>(rowCount: 3, columnCount: 2, rowPointers: [0, 0, 1, 1], columnIndices: [1], values: [5])
        _ = try CSRMatrix<Int64>(rowCount: 2, columnCount: 0, rowPointers: [0, 0, 0], columnIndices: [], values: [])
        _ = try CSRMatrix<Int64>(rowCount: 0, columnCount: 4, rowPointers: [0], columnIndices: [], values: [])
    }

    /// Everything the compiler builds satisfies the CSR rules, at both index widths, with every
    /// padding mode and layout (multi-tap entries included).
    @Test(arguments: Array(UInt64(1)...UInt64(60)))
    func compilerOutputSatisfiesInvariants(seed: UInt64) throws {
        let g = RandomGeometry.make(seed: seed, options: .init(modes: PaddingMode.allCases, layouts: true))
        let weights = randomValues(g.weightCount, seed: seed)
        for width in IndexWidth.allCases {
            let w = try ConvolutionMatrix(g, weights: weights, options: CompileOptions(indexWidth: width))
            #expect(w.indexWidth == width)
            #expect(throws: Never.self, "\(g) \(width)") { try w.withCSR(CheckInvariants()) }
            let transposed = try w.csr64.transposed()
            #expect(throws: Never.self, "Wᵀ of \(g)") { try transposed.checkInvariants() }
        }
    }

    /// The bridge door: an `Int32` matrix whose column count exceeds `int` is refused with a
    /// typed error before any C code runs (no entries are needed to make the point).
    @Test func bridgeDoorChecksIndexWidth() throws {
        let wide = Int(Int32.max) + 1
        let w = try CSRMatrix<Int32>(rowCount: 1, columnCount: wide, rowPointers: [0, 0], columnIndices: [], values: [])
        #expect(throws: ConvMatrixError.unsupported("columnCount", wide, "exceeds Int32.max = 2147483647; use Int64 indices")) {
            _ = try w.apply([Double](), columns: 0)
        }
    }
}

private struct CheckInvariants: CSRVisitor {
    func visit<Index: SparseIndex>(_ matrix: CSRMatrix<Index>) throws { try matrix.checkInvariants() }
}
