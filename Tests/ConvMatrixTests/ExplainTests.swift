import Testing
@testable import ConvMatrix

/// Explanations of the chapter's 4×9 matrix, read off the printed matrix by hand.
@Suite struct ExplainTests {
    static func bookMatrix() throws -> ConvolutionMatrix {
        let layer = try Convolution.conv2d(inputShape: [1, 1, 3, 3], weightShape: [1, 1, 2, 2])
        return try ConvolutionMatrix(layer.geometry, weights: [1, 2, 3, 4])
    }

    /// Third printed row `[0, 0, 0, 1, 2, 0, 3, 4, 0]`: y(1,0) = 1·x(1,0) + 2·x(1,1) + 3·x(2,0) + 4·x(2,1).
    @Test func rowNamesInputsAndTaps() throws {
        let text = try Self.bookMatrix().explain(row: 2)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "row 2 of W is output y[c=0, 1, 0]; it reads 4 input elements:")
        #expect(lines[1] == "  y[c=0, 1, 0] = 1·x[c=0, 1, 0] + 2·x[c=0, 1, 1] + 3·x[c=0, 2, 0] + 4·x[c=0, 2, 1]")
        #expect(lines[5] == "  W[2, 7] = 4  × x[c=0, 2, 1]  from w[0, 0, 1, 1] = 4")
    }

    /// Column 4 (the centre x(1,1)) is `[4, 3, 2, 1]` down the printed matrix: it feeds every output.
    @Test func columnIsTheTransposedView() throws {
        let w = try Self.bookMatrix()
        let text = try w.explain(column: 4)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "column 4 of W is input x[c=0, 1, 1]; it feeds 4 output elements (row 4 of Wᵀ):")
        #expect(lines[1] == "  (Wᵀ·y)[4] = 4·y[c=0, 0, 0] + 3·y[c=0, 0, 1] + 2·y[c=0, 1, 0] + 1·y[c=0, 1, 1]")
        #expect(try w.entries(inColumn: 0).map(\.row) == [0])
    }

    @Test func coordinatesMapToRowsAndColumns() throws {
        let w = try Self.bookMatrix()
        #expect(try w.row(ofOutput: [0, 0, 1, 1]) == 3)
        #expect(try w.column(ofInput: [0, 2, 1]) == 7)
        let error = #expect(throws: ConvMatrixError.self) { try w.row(ofOutput: [0, 2, 0]) }
        #expect(error?.description == "output = [0, 2, 0]: coordinate 1 must be in 0..<2 for shape [1, 2, 2]")
        #expect(throws: ConvMatrixError.self) { try w.explain(row: 4) }
    }

    /// Reflect padding: the entry for x₁ carries taps 0 and 2 (see CompilerStructureTests).
    @Test func multiTapEntriesListEveryTap() throws {
        let g = try ConvolutionGeometry(inChannels: 1, outChannels: 1, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 3, padBegin: 2, padEnd: 0),
        ], paddingMode: .reflect)
        let w = try ConvolutionMatrix(g, weights: [10, 20, 30])
        let text = try w.explain(row: 1)
        #expect(text.contains("W[1, 1] = 40  × x[c=0, 1]  from w[0, 0, 0] = 10 + w[0, 0, 2] = 30"))
    }
}
