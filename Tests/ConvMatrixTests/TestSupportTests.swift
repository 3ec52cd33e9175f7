@testable import ConvMatrix
import ConvMatrixTestSupport
import Foundation
import Testing

/// The shared helpers hold what the other tests take for granted; expected values are worked
/// out by hand in the comments.
@Suite struct TestSupportTests {
    @Test func fixtureFoldersAreFoundFromASourceCheckout() {
        let manager = FileManager.default
        #expect(manager.fileExists(atPath: Fixtures.conformance("SCHEMA.md")), "\(Fixtures.conformanceDirectory)")
        #expect(manager.fileExists(atPath: Fixtures.conformance("seeds/d2l_corr2d_matrix.json")))
        #expect(manager.fileExists(atPath: Fixtures.io("make_fixtures.py")), "\(Fixtures.ioDirectory)")
        #expect(manager.fileExists(atPath: Fixtures.io("scipy_general.mtx")))
    }

    @Test func temporaryDirectoriesAreFreshAndRemovedWithTheirContents() throws {
        var removedPath = ""
        do {
            let a = TemporaryDirectory(), b = TemporaryDirectory()
            #expect(a.url != b.url)
            #expect(a.contents.isEmpty)
            let written = a.write("hé\n", to: "t.txt")
            #expect(written == a.path("t.txt"))
            #expect(a.bytes("t.txt") == [0x68, 0xC3, 0xA9, 0x0A])  // "h", "é" as UTF-8 C3 A9, newline
            a.write([1, 2], to: ".hidden")
            #expect(a.contents == [".hidden", "t.txt"])
            removedPath = a.url.path
        }
        #expect(!FileManager.default.fileExists(atPath: removedPath))
    }

    @Test func relativeErrorIsTheWorstDifferenceOverTheLargestExpectedMagnitude() {
        // max|a − b| = |2.5 − 2| = 0.5, max|b| = 2 → 0.25.
        #expect(relativeError([1, 2.5, -1], [1, 2, -1]) == 0.25)
        // b all zeros: the absolute error max|a| = 3e-3.
        #expect(relativeError([0, -3e-3], [0, 0]) == 3e-3)
        #expect(relativeError([1, 2], [1]) == .infinity)
        // ⟨(1, 2, 3), (4, -5, 6)⟩ = 4 − 10 + 18 = 12; ‖(3, 4)‖ = 5.
        #expect(dot([1, 2, 3], [4, -5, 6]) == 12)
        #expect(norm([3, 4]) == 5)
    }

    @Test func denseRowsAddRepeatedEntries() {
        // Row 0 stores column 2 twice (1.5 + 0.5 = 2), row 1 holds −1 at column 0, row 2 is empty.
        // (A sum of products may hold such repeats; the validating initialiser refuses them, so
        // the matrix is wrapped without checks.)
        let w = CSRMatrix<Int32>(unchecked: 3, columnCount: 3, rowPointers: [0, 2, 3, 3], columnIndices: [2, 2, 0],
                                 values: [1.5, 0.5, -1], verified: true)
        #expect(denseRows(w) == [[0, 0, 2], [-1, 0, 0], [0, 0, 0]])
    }

    @Test func chapterMatrixIsTheKernelSlidOverTheInput() throws {
        // Output (p, q) of a 2×2 kernel on a 3×3 input reads input (p + a, q + b) with weight K[a][b],
        // column 3·(p + a) + (q + b): rebuilt here from that rule, not copied from the book.
        let k: [[Double]] = [[1, 2], [3, 4]]
        var expected = [[Double]](repeating: [Double](repeating: 0, count: 9), count: 4)
        for p in 0..<2 { for q in 0..<2 { for a in 0..<2 { for b in 0..<2 {
            expected[2 * p + q][3 * (p + a) + (q + b)] = k[a][b]
        } } } }
        #expect(chapterW == expected)
    }

    @Test func randomValuesAreReproducibleAndInRange() {
        let a = randomValues(1000, seed: 7)
        #expect(a == randomValues(1000, seed: 7))
        #expect(a != randomValues(1000, seed: 8))
        #expect(a.allSatisfy { $0 >= -1 && $0 < 1 })
        #expect(a.contains { $0 < -0.9 } && a.contains { $0 > 0.9 })  // 1000 draws reach both ends
    }

    @Test func allIndicesCountInRowMajorOrder() {
        #expect(allIndices([2, 3]) == [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
        #expect(allIndices([]) == [[]])
        #expect(allIndices([3, 0]).isEmpty)
    }
}
