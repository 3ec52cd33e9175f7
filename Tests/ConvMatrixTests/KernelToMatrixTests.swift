import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// The matrix printed in the transposed-convolution chapter (d2l, "Connection to Matrix
/// Transposition"): `kernel2matrix(K)` for `K = [[1, 2], [3, 4]]` on a 3×3 input.
@Suite struct KernelToMatrixTests {
    @Test(arguments: IndexWidth.allCases)
    func matrixIsTheBooks(width: IndexWidth) throws {
        let layer = try Convolution.conv2d(inputShape: [1, 1, 3, 3], weightShape: [1, 1, 2, 2])
        let w = try ConvolutionMatrix(layer.geometry, weights: [1, 2, 3, 4], options: CompileOptions(indexWidth: width))
        #expect(w.indexWidth == width)
        #expect(w.rowCount == 4 && w.columnCount == 9 && w.nonzeroCount == 16)
        #expect(denseRows(w) == chapterW)
    }

    @Test func gridShowsTheMatrix() throws {
        let layer = try Convolution.conv2d(inputShape: [1, 1, 3, 3], weightShape: [1, 1, 2, 2])
        let w = try ConvolutionMatrix(layer.geometry, weights: [1, 2, 3, 4])
        let grid = try #require(w.denseDescription())
        let lines = grid.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].contains("x[c=0, 0, 0]") && lines[0].contains("x[c=0, 2, 2]"))
        // Row y[c=0, 1, 0] is the book's third row: . . . 1 2 . 3 4 .
        let third = lines[3].split(separator: " ").map(String.init)
        #expect(third == ["y[c=0,", "1,", "0]", ".", ".", ".", "1", "2", ".", "3", "4", "."])
        #expect(w.summary == "W: 4 × 9, nnz 16, density 44.4%, int32 indices")
    }
}
