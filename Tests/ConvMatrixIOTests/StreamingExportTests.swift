// Streamed exports equal in-memory ones, block size by block size, and PETSc's binary layout.
import ConvMatrix
import ConvMatrixTestSupport
@testable import ConvMatrixIO
import Testing

/// `StreamingExport` against the in-memory export of the same `W`: the Matrix Market and PETSc
/// files byte for byte, the `.npz` read back entry for entry, for blocks of 1, 7 and 100
/// entries and one block; row ranges give those rows of `W`. PETSc files are also decoded here
/// by hand from the layout PETSc documents (big-endian class id, sizes, row lengths, columns,
/// values), independently of the writer.
@Suite struct StreamingExportTests {
    static func axis(_ n: Int, _ k: Int, stride: Int = 1, pad: Int = 0, inputDilation: Int = 1) -> AxisGeometry {
        AxisGeometry(inputSize: n, kernelSize: k, stride: stride, dilation: 1, inputDilation: inputDilation, padBegin: pad, padEnd: pad)
    }

    /// Circular padding (multi-tap entries) with groups and channels-last; input dilation (empty
    /// rows); a strided 3-d convolution.
    static let geometries: [ConvolutionGeometry] = [
        try! ConvolutionGeometry(inChannels: 4, outChannels: 6, groups: 2, axes: [axis(3, 3, pad: 2), axis(4, 2, pad: 1)],
                                 paddingMode: .circular, inputLayout: .channelsLast, outputLayout: .channelsLast),
        try! ConvolutionGeometry(inChannels: 2, outChannels: 3, axes: [axis(5, 1, inputDilation: 2), axis(3, 2)]),
        try! ConvolutionGeometry(inChannels: 1, outChannels: 2, axes: [axis(4, 2, stride: 2, pad: 1), axis(3, 3, pad: 1), axis(2, 2)]),
    ]

    /// PETSc's binary AIJ file decoded by hand: (rows, columns, row lengths, columns, values).
    static func decodePETSc(_ bytes: [UInt8], intBytes: Int) -> (rows: Int, columns: Int, lengths: [Int], indices: [Int], values: [Double]) {
        var offset = 0
        func integer() -> Int {
            var v = 0
            for _ in 0..<intBytes { v = v << 8 | Int(bytes[offset]); offset += 1 }
            return intBytes == 4 ? Int(Int32(truncatingIfNeeded: v)) : v
        }
        func double() -> Double {
            var v: UInt64 = 0
            for _ in 0..<8 { v = v << 8 | UInt64(bytes[offset]); offset += 1 }
            return Double(bitPattern: v)
        }
        #expect(integer() == 1_211_216, "MAT_FILE_CLASSID")
        let m = integer(), n = integer(), nz = integer()
        let lengths = (0..<m).map { _ in integer() }
        let indices = (0..<nz).map { _ in integer() }
        let values = (0..<nz).map { _ in double() }
        #expect(offset == bytes.count, "nothing after the values")
        return (m, n, lengths, indices, values)
    }

    @Test(arguments: 0..<3, [1, 7, 100, Int.max / 64])
    func streamedFilesEqualInMemoryFiles(index: Int, blockEntries: Int) throws {
        let g = Self.geometries[index]
        let weights = randomValues(g.weightCount, seed: UInt64(index))
        let w = try ConvolutionMatrix(g, weights: weights)
        let dir = TemporaryDirectory()
        var export = try StreamingExport(g, weights: weights, memoryBudget: 64 << 20, threads: 2)
        export.maximumBlockEntries = blockEntries
        let comments = w.headerComments(layer: "test")
        #expect(comments == g.matrixHeaderComments(layer: "test"))

        try w.write(to: dir.path("memory.mtx"), comments: comments)
        try export.write(to: dir.path("stream.mtx"), comments: comments)
        #expect(dir.bytes("stream.mtx") == dir.bytes("memory.mtx"), "\(g) blocks of \(blockEntries)")

        try w.writePETSc(to: dir.path("memory.petsc"))
        var fractions = [Double]()
        let recorder = FractionRecorder()
        try export.write(to: dir.path("stream.petsc"), progress: { recorder.add($0) })
        fractions = recorder.values
        #expect(dir.bytes("stream.petsc") == dir.bytes("memory.petsc"), "\(g) blocks of \(blockEntries)")
        #expect(fractions.last == 1 && zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 }, "\(fractions)")
        let petsc = Self.decodePETSc(dir.bytes("stream.petsc"), intBytes: 4)
        let csr = w.csr64
        #expect(petsc.rows == w.rowCount && petsc.columns == w.columnCount)
        #expect(petsc.lengths == (0..<w.rowCount).map { Int(csr.rowPointers[$0 + 1] - csr.rowPointers[$0]) })
        #expect(petsc.indices == csr.columnIndices.map { Int($0) })
        #expect(bits(petsc.values) == bits(csr.values))

        for compression in [ZipCompression.stored, .deflated()] {
            try export.write(to: dir.path("stream.npz"), npzCompression: compression)
            expectIdentical(try SciPySparseNPZ.read(dir.path("stream.npz"), as: Int64.self), csr)
        }
    }

    @Test(arguments: [(0, 5), (3, 4), (7, 7), (10, 30)])
    func rowRangesAreThoseRowsOfW(r0: Int, r1: Int) throws {
        let g = Self.geometries[0]
        let weights = randomValues(g.weightCount, seed: 9)
        let csr = try ConvolutionMatrix(g, weights: weights).csr64
        let dir = TemporaryDirectory()
        var export = try StreamingExport(g, weights: weights, rows: r0..<r1, memoryBudget: 64 << 20)
        export.maximumBlockEntries = 11
        try export.write(to: dir.path("part.npz"))
        let part = try SciPySparseNPZ.read(dir.path("part.npz"), as: Int64.self)
        let start = Int(csr.rowPointers[r0]), end = Int(csr.rowPointers[r1])
        let expected = try CSRMatrix<Int64>(rowCount: r1 - r0, columnCount: csr.columnCount,
                                            rowPointers: csr.rowPointers[r0...r1].map { $0 - Int64(start) },
                                            columnIndices: Array(csr.columnIndices[start..<end]), values: Array(csr.values[start..<end]))
        expectIdentical(part, expected)
        #expect(try export.nonzeroCount() == end - start)
        try export.write(to: dir.path("part.petsc"), petscIndexWidth: .int64)
        let petsc = Self.decodePETSc(dir.bytes("part.petsc"), intBytes: 8)
        #expect(petsc.rows == r1 - r0 && petsc.indices == expected.columnIndices.map { Int($0) } && bits(petsc.values) == bits(expected.values))
    }

    /// 50000 × 50000 outputs: 2.5·10⁹ rows do not fit a 32-bit PetscInt. The error names
    /// `--petsc-int64` and comes before anything is compiled or written.
    @Test func petscInt32OverflowNamesTheOption() throws {
        let g = try ConvolutionGeometry(inChannels: 1, outChannels: 1, axes: [Self.axis(50_000, 1), Self.axis(50_000, 1)])
        let export = try StreamingExport(g, weights: [1], memoryBudget: 256 << 20)
        let dir = TemporaryDirectory()
        do {
            try export.write(to: dir.path("W.petsc"))
            Issue.record("expected an error")
        } catch let error as ConvMatrixError {
            #expect(error.kind == .invalidParameter && error.parameter == "--petsc-int64", "\(error)")
        }
        #expect(dir.contents.isEmpty)
        #expect(throws: ConvMatrixError.self) { try export.write(to: dir.path("W.svg")) }
    }

    @Test func badRowsAndBudgetsAreTypedErrors() throws {
        let g = Self.geometries[1]
        let weights = randomValues(g.weightCount, seed: 1)
        #expect(throws: ConvMatrixError(.invalidParameter, parameter: "rows", value: "0:1000", rule: "must lie within 0:\(g.outputCount), the rows of W")) {
            _ = try StreamingExport(g, weights: weights, rows: 0..<1000)
        }
        #expect(throws: ConvMatrixError.self) { _ = try StreamingExport(g, weights: weights, memoryBudget: 1 << 20) }
        #expect(throws: ConvMatrixError.self) { _ = try StreamingExport(g, weights: [1]) }
    }
}

/// Collects progress fractions (reported on the writer's thread).
final class FractionRecorder: @unchecked Sendable {
    var values: [Double] = []
    func add(_ value: Double) { values.append(value) }
}
