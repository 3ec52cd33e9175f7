import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

/// The Swift API behind `convmat export`: `write(to:format:…)`, header comments, spy-plot
/// options, and reading W back with its weights recovered.
@Suite struct ExportAPITests {
    static func conv(_ padding: Int, _ mode: PaddingMode, input: [Int] = [1, 2, 6, 5]) throws -> (ConvolutionGeometry, [Double]) {
        let layer = try Convolution.conv2d(inputShape: input, weightShape: [3, 2, 3, 3], padding: Padding(integerLiteral: padding),
                                           paddingMode: mode)
        let weights = (0..<54).map { Double($0 % 7) - 2.5 + Double($0) / 64 }
        return (layer.geometry, weights)
    }

    @Test(arguments: [PaddingMode.zeros, .reflect, .replicate, .circular], ["mtx", "npz"])
    func readingBackRecoversTheWeights(mode: PaddingMode, format: String) throws {
        let dir = TemporaryDirectory()
        let (geometry, weights) = try Self.conv(1, mode)
        let matrix = try ConvolutionMatrix(geometry, weights: weights)
        try matrix.write(to: dir.path("W.\(format)"))
        let back = try ConvolutionMatrix(reading: dir.path("W.\(format)"), geometry: geometry)
        // Each weight sits alone in some entry of this 6×5 input, so it comes back exactly.
        #expect(back.weights == weights)
        #expect(back.csr64 == matrix.csr64)
        let csr: CSRMatrix<Int32> = format == "mtx" ? try CSRMatrix(readingMatrixMarket: dir.path("W.mtx"))
                                                    : try CSRMatrix(readingSciPyNPZ: dir.path("W.npz"))
        #expect(csr.values == matrix.values)
    }

    @Test func aFileOfAnotherLayerIsRejectedNamingTheEntry() throws {
        let dir = TemporaryDirectory()
        let (geometry, weights) = try Self.conv(0, .zeros, input: [1, 2, 4, 4])
        let matrix = try ConvolutionMatrix(geometry, weights: weights)
        try matrix.write(to: dir.path("W.mtx"), comments: [])
        var lines = try String(contentsOfFile: dir.path("W.mtx"), encoding: .utf8).split(separator: "\n").map(String.init)
        // Row 1, column 2 is w[0, 0, 0, 1] (output (0, 0) reads input (0, 1) through tap (0, 1));
        // rows 2…4 read it too, so changing it here leaves two values for one weight.
        #expect(lines[3] == "1 2 \(weights[1])")
        lines[3] = "1 2 100.0"
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.path("edited.mtx"), atomically: false, encoding: .utf8)
        #expect {
            try ConvolutionMatrix(reading: dir.path("edited.mtx"), geometry: geometry)
        } throws: { error in
            let e = error as? ConvMatrixError
            return e?.kind == .shapeMismatch && e?.parameter.hasSuffix("edited.mtx entry (2, 3)") == true
                && e?.rule.contains("entry (1, 2) holds 100.0") == true && e?.rule.contains("w[0, 0, 0, 1]") == true
        }
        // Output (0, 0) does not read input (3, 3) (column 16 of channel 0): a structural zero.
        var csr = matrix.csr64
        csr = try CSRMatrix(rowCount: csr.rowCount, columnCount: csr.columnCount, rowPointers: [0] + [Int64](repeating: 1, count: csr.rowCount),
                        columnIndices: [15], values: [1])
        #expect {
            try ConvolutionMatrix(recovering: csr, geometry: geometry, source: "S")
        } throws: { error in
            (error as? ConvMatrixError)?.parameter == "S entry (1, 16)"
        }
        // Missing entries count as zeros: an empty file is the layer with zero weights.
        let empty = try CSRMatrix<Int64>(rowCount: csr.rowCount, columnCount: csr.columnCount,
                                     rowPointers: [Int64](repeating: 0, count: csr.rowCount + 1), columnIndices: [], values: [])
        #expect(try ConvolutionMatrix(recovering: empty, geometry: geometry).weights == [Double](repeating: 0, count: 54))
    }

    @Test func formatFromTheExtension() throws {
        #expect(try MatrixFileFormat(path: "out/W.MTX") == .mtx)
        #expect(try MatrixFileFormat(path: "a.b/W.npz") == .npz)
        #expect(throws: ConvMatrixError.self) { try MatrixFileFormat(path: "a.b/W") }
        #expect(throws: ConvMatrixError.self) { try MatrixFileFormat(path: ".mtx") }
    }

    @Test func commentsAndPlotOptionsDescribeTheLayer() throws {
        let layer = try Convolution.convTransposed2d(inputShape: [1, 3, 4, 3], weightShape: [3, 2, 3, 1],
                                                     stride: [2, 1], padding: [1, 0])
        let matrix = try ConvolutionMatrix(layer.geometry, weights: [Double](repeating: 1, count: 18))
        let comments = matrix.headerComments(layer: "nn.ConvTranspose2d(3, 2, (3, 1), stride=(2, 1), padding=(1, 0))",
                                             direction: .transposed, notes: ["weights: ones"])
        // Transposed output per axis: (4 − 1)·2 − 2 + 3 = 7 and (3 − 1)·1 + 1 = 3.
        #expect(comments.contains("rows: 36 = the elements of y, logical shape [C, spatial...] = [3, 4, 3], channels_first, memory shape [3, 4, 3]"))
        #expect(comments.contains("columns: 42 = the elements of x, logical shape [C, spatial...] = [2, 7, 3], channels_first, memory shape [2, 7, 3]"))
        #expect(comments.last == "weights: ones")
        let options = matrix.spyPlotOptions(title: "t")
        #expect(options.rowBlockSize == 12 && options.columnBlockSize == 21)
        let first = try Convolution.conv2d(inputShape: [1, 2, 4, 4], weightShape: [2, 2, 1, 1])
        let channelsLast = try Convolution.conv(inputShape: [1, 4, 4, 2], weightShape: [2, 2, 1, 1],
                                                inputLayout: .channelsLast)
        #expect(try ConvolutionMatrix(first.geometry, weights: [1, 2, 3, 4]).spyPlotOptions().rowBlockSize == 16)
        #expect(try ConvolutionMatrix(channelsLast.geometry, weights: [1, 2, 3, 4]).spyPlotOptions().rowBlockSize == nil)
    }
}
