import Testing
@testable import ConvMatrix

/// Weights recovered from `W`'s values in the core (no file involved), against hand-derived
/// matrices.
@Suite struct WeightRecoveryTests {
    /// 1-D, zeros padding, input 4, kernel 2: `W = [a b 0 0; 0 a b 0; 0 0 a b]` (3 × 4).
    static let zerosGeometry = try! ConvolutionGeometry(inChannels: 1, outChannels: 1, axes: [
        AxisGeometry(inputSize: 4, kernelSize: 2),
    ])

    /// Reflect padding 2 before a length-3 axis, kernel 3 (see `reflectMergesTapsOnOneEntry`):
    /// rows `y0 = w₂·x0 + w₁·x1 + w₀·x2`, `y1 = w₁·x0 + (w₀ + w₂)·x1`, `y2 = w₀·x0 + w₁·x1 + w₂·x2`.
    static let reflectGeometry = try! ConvolutionGeometry(inChannels: 1, outChannels: 1, axes: [
        AxisGeometry(inputSize: 3, kernelSize: 3, padBegin: 2, padEnd: 0),
    ], paddingMode: .reflect)

    @Test func oneTapEntriesGiveTheWeights() throws {
        // a = 2, b = −3.
        let csr = try CSRMatrix<Int64>(rowCount: 3, columnCount: 4, rowPointers: [0, 2, 4, 6],
                                       columnIndices: [0, 1, 1, 2, 2, 3], values: [2, -3, 2, -3, 2, -3])
        let w = try ConvolutionMatrix(recovering: csr, geometry: Self.zerosGeometry)
        #expect(w.weights == [2, -3])
        #expect(w.values == [2, -3, 2, -3, 2, -3])
    }

    @Test func disagreeingCopiesOfOneTapAreNamed() throws {
        // Entry (2, 2) (1-based) is a = 2, entry (3, 3) says a = 7.
        let csr = try CSRMatrix<Int32>(rowCount: 3, columnCount: 4, rowPointers: [0, 2, 4, 6],
                                       columnIndices: [0, 1, 1, 2, 2, 3], values: [2, -3, 2, -3, 7, -3])
        #expect {
            try ConvolutionMatrix(recovering: csr, geometry: Self.zerosGeometry, source: "M")
        } throws: { error in
            let e = error as? ConvMatrixError
            return e?.kind == .shapeMismatch && e?.parameter == "M entry (3, 3)" && e?.value == "7.0"
                && e?.rule == "entry (1, 1) holds 2.0, and both are weight w[0, 0, 0] in W of this layer"
        }
    }

    @Test func multiTapEntriesAreSolvedAndChecked() throws {
        // w = (1, 2, 4): y0 = (4, 2, 1), y1 = (2, 1 + 4 = 5, –), y2 = (1, 2, 4).
        let csr = try CSRMatrix<Int32>(rowCount: 3, columnCount: 3, rowPointers: [0, 3, 5, 8],
                                       columnIndices: [0, 1, 2, 0, 1, 0, 1, 2], values: [4, 2, 1, 2, 5, 1, 2, 4])
        let w = try ConvolutionMatrix(recovering: csr, geometry: Self.reflectGeometry)
        #expect(w.weights == [1, 2, 4])
        // The (w₀ + w₂) entry must be 5; 6 has no solution.
        let wrong = try CSRMatrix<Int32>(rowCount: 3, columnCount: 3, rowPointers: [0, 3, 5, 8],
                                         columnIndices: [0, 1, 2, 0, 1, 0, 1, 2], values: [4, 2, 1, 2, 6, 1, 2, 4])
        #expect {
            try ConvolutionMatrix(recovering: wrong, geometry: Self.reflectGeometry, source: "M")
        } throws: { error in
            let e = error as? ConvMatrixError
            return e?.parameter == "M entry (2, 2)" && e?.value == "6.0" && e?.rule.contains("holds 5.0") == true
        }
    }

    @Test func entriesOutsideTheStructureMustBeZero() throws {
        // Row 1 stores column 4 (1-based), which output 0 does not read.
        let csr = try CSRMatrix<Int64>(rowCount: 3, columnCount: 4, rowPointers: [0, 3, 5, 7],
                                       columnIndices: [0, 1, 3, 1, 2, 2, 3], values: [2, -3, 1, 2, -3, 2, -3])
        #expect {
            try ConvolutionMatrix(recovering: csr, geometry: Self.zerosGeometry, source: "M")
        } throws: { error in
            (error as? ConvMatrixError)?.parameter == "M entry (1, 4)"
        }
    }

    /// The walker behind gathering, the gradient, `entries` and recovery lists each entry's taps
    /// in the order of the tap map: entry y1·x1 of the reflect case is fed by taps 0 and 2.
    @Test func tapWalkListsEveryTap() throws {
        let w = try ConvolutionMatrix(Self.reflectGeometry, weights: [1, 2, 4])
        let row1 = try w.entries(inRow: 1)
        #expect(row1.map(\.column) == [0, 1])
        #expect(row1.map { Set($0.taps) } == [[1], [0, 2]])
        #expect(row1.map(\.value) == [2, 5])
    }
}
