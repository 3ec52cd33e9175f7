import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// `W(G', w')` compiled from ``ConvolutionGeometry/transposeGeometry()`` and
/// ``ConvolutionGeometry/transposeWeights(_:)`` must be `W(G, w)ᵀ` to the bit: the same row
/// pointers, column indices and values as a transpose of `W`'s CSR arrays written here
/// (count per column, prefix sum, place in row order).
@Suite struct TransposeGeometryTests {
    /// `(rows, columns, row pointers, column indices, values)` of a matrix.
    struct Arrays: Equatable {
        let rows: Int, columns: Int
        let pointers: [Int], indices: [Int], values: [Double]
    }

    struct Reader: CSRVisitor {
        func visit<Index: SparseIndex>(_ m: CSRMatrix<Index>) -> Arrays {
            Arrays(rows: m.rowCount, columns: m.columnCount, pointers: m.rowPointers.map { Int($0) },
                   indices: m.columnIndices.map { Int($0) }, values: m.values)
        }
    }

    static func transpose(_ a: Arrays) -> Arrays {
        var counts = [Int](repeating: 0, count: a.columns + 1)
        for j in a.indices { counts[j + 1] += 1 }
        for c in 0..<a.columns { counts[c + 1] += counts[c] }
        var next = counts, indices = [Int](repeating: 0, count: a.indices.count)
        var values = [Double](repeating: 0, count: a.values.count)
        for r in 0..<a.rows {
            for p in a.pointers[r]..<a.pointers[r + 1] {
                let c = a.indices[p]
                indices[next[c]] = r
                values[next[c]] = a.values[p]
                next[c] += 1
            }
        }
        return Arrays(rows: a.columns, columns: a.rows, pointers: counts, indices: indices, values: values)
    }

    static let fixed: [ConvolutionGeometry] = [
        // The reference shapes, shrunk: 7×7 stride 2 pad 3; a transposed 4×4 stride 2 pad 1 with a kept output.
        try! ConvolutionGeometry(inChannels: 3, outChannels: 4, axes: Array(repeating: AxisGeometry(inputSize: 12, kernelSize: 7, stride: 2, padBegin: 3, padEnd: 3), count: 2)),
        try! Convolution.convTransposed2d(inputShape: [1, 4, 5, 5], weightShape: [4, 2, 4, 4], stride: 2, padding: 1, outputPadding: 1).geometry,
        // Pads beyond the kernel span (the transposed begin pad is negative), input dilation, groups, channels last.
        try! ConvolutionGeometry(inChannels: 4, outChannels: 6, groups: 2, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 2, stride: 3, dilation: 2, inputDilation: 2, padBegin: 5, padEnd: -1)],
            inputLayout: .channelsLast, outputLayout: .channelsFirst),
    ]

    /// Whether `g` has a transpose geometry (checked against the transpose of `W`); `false`
    /// for other padding modes, and for the few zero-padded geometries whose transpose is not
    /// a valid geometry (its pads would crop every input: `TransposeCopy` transposes `W` then).
    @discardableResult
    static func check(_ g: ConvolutionGeometry, seed: UInt64) throws -> Bool {
        let w = randomValues(g.weightCount, seed: seed)
        let t: ConvolutionGeometry
        do {
            guard let geometry = try g.transposeGeometry() else {
                #expect(g.paddingMode != .zeros, "\(g)")
                return false
            }
            t = geometry
        } catch {
            #expect(g.paddingMode == .zeros)
            return false
        }
        let expected = Self.transpose(try ConvolutionMatrix(g, weights: w).withCSR(Reader()))
        let compiled = try ConvolutionMatrix(t, weights: g.transposeWeights(w)).withCSR(Reader())
        #expect(compiled == expected, "\(g) → \(t)")
        return true
    }

    @Test func referenceShapesTranspose() throws {
        for (i, g) in Self.fixed.enumerated() { #expect(try Self.check(g, seed: UInt64(60 + i)), "\(g)") }
    }

    /// 300 random geometries (every padding mode, rank 1–3, negative pads, kept outputs,
    /// permuted layouts): the zero-padded ones compile to the transpose, the others have none.
    @Test func randomGeometriesTranspose() throws {
        var zeros = 0, transposed = 0
        for seed in UInt64(1)...300 {
            let g = DenseTestSupport.geometry(seed: seed &* 7919)
            if g.paddingMode == .zeros { zeros += 1 }
            if try Self.check(g, seed: seed) { transposed += 1 }
        }
        #expect(zeros >= 50 && transposed >= zeros * 3 / 4, "\(transposed) of \(zeros) zero-padded geometries")
    }
}
