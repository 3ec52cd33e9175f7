// Matrix Market: hand-written files with their matrices written out, round trips, malformed input.
import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Testing

@Suite struct MatrixMarketTests {
    @Test func writesTheExactTextExpected() throws {
        let dir = TemporaryDirectory()
        let w = csr(4, [[(0, 1.5), (3, -2)], [], [(1, 0.1), (2, 1e-300)]])
        try MatrixMarket.write(w, to: dir.path("w.mtx"), comments: ["layer: conv1", "shapes: x [1, 1, 2, 2]\nlayout: NCHW", ""])
        let expected = """
        %%MatrixMarket matrix coordinate real general
        % layer: conv1
        % shapes: x [1, 1, 2, 2]
        % layout: NCHW
        %
        3 4 4
        1 1 1.5
        1 4 -2.0
        3 2 0.1
        3 3 1e-300

        """
        #expect(String(decoding: dir.bytes("w.mtx"), as: UTF8.self) == expected)
    }

    @Test func readsAHandWrittenGeneralFile() throws {
        let dir = TemporaryDirectory()
        // Upper-case banner, CRLF endings, tabs, blank lines and comments after the size line.
        let path = dir.write("%%MatrixMarket MATRIX Coordinate REAL General\r\n% a comment\r\n\r\n3 4 5\r\n"
            + "3 2 -7.25\r\n1 4 2E-1\r\n\r\n% late comment\r\n1\t1\t1\r\n2 3 0\r\n3 1 1e300\r\n", to: "a.mtx")
        let w = try MatrixMarket.read(path, as: Int32.self)
        // [ 1    0   0   0.2 ]
        // [ 0    0   0*  0   ]   (* stored explicit zero)
        // [ 1e300 -7.25 0 0  ]
        expectIdentical(w, csr(4, [[(0, 1), (3, 0.2)], [(2, 0)], [(0, 1e300), (1, -7.25)]]))
    }

    @Test func sumsDuplicatesAndSortsRows() throws {
        let text = """
        %%MatrixMarket matrix coordinate real general
        2 3 5
        2 3 1
        1 3 4
        2 1 2
        1 3 0.5
        2 3 -1

        """
        let w: CSRMatrix<Int64> = try MatrixMarket.parse(text)
        // (1,3): 4 + 0.5; (2,3): 1 − 1 = 0 kept as an explicit zero.
        expectIdentical(w, csr(3, [[(2, 4.5)], [(0, 2), (2, 0)]]))
    }

    @Test func expandsSymmetricSkewPatternAndArrayFiles() throws {
        let symmetric = """
        %%MatrixMarket matrix coordinate real symmetric
        3 3 3
        1 1 2
        3 1 -1
        3 2 5
        """
        expectIdentical(try MatrixMarket.parse(symmetric, as: Int32.self),
                        csr(3, [[(0, 2), (2, -1)], [(2, 5)], [(0, -1), (1, 5)]]))

        let skew = "%%MatrixMarket matrix coordinate integer skew-symmetric\n2 2 1\n2 1 3\n"
        expectIdentical(try MatrixMarket.parse(skew, as: Int32.self), csr(2, [[(1, -3)], [(0, 3)]]))

        let pattern = "%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n"
        expectIdentical(try MatrixMarket.parse(pattern, as: Int32.self), csr(2, [[(1, 1)], [(0, 1)]]))

        // Column-major values; zeros are not stored.
        let array = "%%MatrixMarket matrix array real general\n2 3\n1\n0\n0\n4\n-2\n0\n"
        expectIdentical(try MatrixMarket.parse(array, as: Int32.self), csr(3, [[(0, 1), (2, -2)], [(1, 4)]]))

        // Lower triangle, column by column: (1,1) (2,1) (3,1) (2,2) (3,2) (3,3).
        let symmetricArray = "%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n0\n3\n0\n6\n"
        expectIdentical(try MatrixMarket.parse(symmetricArray, as: Int32.self),
                        csr(3, [[(0, 1), (1, 2)], [(0, 2), (1, 3)], [(2, 6)]]))

        let skewArray = "%%MatrixMarket matrix array real skew-symmetric\n2 2\n-4\n"
        expectIdentical(try MatrixMarket.parse(skewArray, as: Int32.self), csr(2, [[(1, 4)], [(0, -4)]]))
    }

    @Test(arguments: [Int32.width, Int64.width])
    func roundTripsReferenceExactly(width: IndexWidth) throws {
        let dir = TemporaryDirectory()
        let path = dir.path("r.mtx")
        if width == .int32 {
            try MatrixMarket.write(Reference.r(Int32.self), to: path, comments: ["R"])
            expectIdentical(try MatrixMarket.read(path, as: Int32.self), Reference.r(Int32.self))
        } else {
            try MatrixMarket.write(Reference.r(Int64.self), to: path)
            expectIdentical(try MatrixMarket.read(path, as: Int64.self), Reference.r(Int64.self))
        }
    }

    @Test func roundTripsEmptyMatrices() throws {
        let dir = TemporaryDirectory()
        for (rows, columns) in [(0, 0), (3, 0), (0, 4), (3, 4)] {
            let empty = try CSRMatrix<Int32>(rowCount: rows, columnCount: columns, rowPointers: Array(repeating: 0, count: rows + 1),
                                         columnIndices: [], values: [])
            try MatrixMarket.write(empty, to: dir.path("e.mtx"))
            expectIdentical(try MatrixMarket.read(dir.path("e.mtx"), as: Int32.self), empty)
        }
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        let text: String
        let line: Int
        let value: String
        let rule: String
        var testDescription: String { rule }
    }

    static let malformed: [Malformed] = [
        .init(text: "", line: 1, value: "end of file", rule: "the %%MatrixMarket banner is missing"),
        .init(text: "%MatrixMarket matrix coordinate real general\n1 1 0\n", line: 1,
              value: "%MatrixMarket matrix coordinate real general",
              rule: "the first line must be the banner '%%MatrixMarket matrix coordinate real general' or alike"),
        .init(text: "%%MatrixMarket matrix coordinate real\n", line: 1, value: "%%MatrixMarket matrix coordinate real",
              rule: "the banner must hold 4 qualifiers: object, format, field, symmetry"),
        .init(text: "%%MatrixMarket matrix sparse real general\n", line: 1, value: "sparse",
              rule: "the format must be 'coordinate' or 'array'"),
        .init(text: "%%MatrixMarket matrix coordinate float general\n", line: 1, value: "float",
              rule: "the field must be 'real', 'integer', 'pattern' or 'complex'"),
        .init(text: "%%MatrixMarket matrix coordinate real upper\n", line: 1, value: "upper",
              rule: "the symmetry must be 'general', 'symmetric', 'skew-symmetric' or 'hermitian'"),
        .init(text: "%%MatrixMarket matrix coordinate real general\n% only comments\n", line: 3, value: "end of file",
              rule: "the size line is missing"),
        .init(text: "%%MatrixMarket matrix coordinate real general\n2 2\n", line: 2, value: "2 2",
              rule: "the size line must hold rows, columns and entry count"),
        .init(text: "%%MatrixMarket matrix coordinate real general\n2 x 1\n", line: 2, value: "x",
              rule: "a size must be a non-negative integer"),
        .init(text: "%%MatrixMarket matrix coordinate real symmetric\n2 3 0\n", line: 2, value: "2 3 0",
              rule: "a symmetric matrix must be square"),
        .init(text: "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", line: 3, value: "1 1",
              rule: "expected 3 fields (row, column, value)"),
        .init(text: "%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1 1.0\n", line: 3, value: "1 1 1.0",
              rule: "expected 2 fields (row, column)"),
        .init(text: "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n1 2 1.5.3\n", line: 4, value: "1.5.3",
              rule: "a value must be a real number"),
        .init(text: "%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n", line: 3, value: "1.5",
              rule: "an integer field's value must be an integer"),
        .init(text: "%%MatrixMarket matrix coordinate real general\n2 2 1\n-1 1 1\n", line: 3, value: "-1",
              rule: "a row index must be a positive integer"),
        .init(text: "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", line: 3, value: "3",
              rule: "row index outside 1...2"),
        .init(text: "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 0 1\n", line: 3, value: "0",
              rule: "column index outside 1...2"),
        .init(text: "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 2\n", line: 5, value: "end of file",
              rule: "the size line declares 3 entries but the file ends after 2"),
        .init(text: "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n", line: 4, value: "2 2 2",
              rule: "more entries than the 1 the size line declares"),
        .init(text: "%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 1 1\n", line: 3, value: "1 1 1",
              rule: "a skew-symmetric file stores no diagonal entries"),
        .init(text: "%%MatrixMarket matrix array real general\n2 1\n1\n", line: 4, value: "end of file",
              rule: "the size line declares 2 entries but the file ends after 1"),
        .init(text: "%%MatrixMarket matrix array pattern general\n", line: 1, value: "%%MatrixMarket matrix array pattern general",
              rule: "an array file cannot have the 'pattern' field"),
    ]

    @Test(arguments: malformed)
    func malformedFilesNameFileLineValueAndRule(_ bad: Malformed) throws {
        let dir = TemporaryDirectory()
        let path = dir.write(bad.text, to: "bad.mtx")
        let error = #expect(throws: ConvMatrixError.self) { try MatrixMarket.read(path, as: Int32.self) }
        #expect(error == ConvMatrixError(.io, parameter: "\(path):\(bad.line)", value: bad.value, rule: bad.rule,
                                         location: .file(path: path, line: bad.line, byteOffset: nil)))
    }

    @Test func unsupportedFilesAndSizesAreTyped() throws {
        let complex = #expect(throws: ConvMatrixError.self) {
            try MatrixMarket.parse("%%MatrixMarket matrix coordinate complex general\n1 1 0\n", source: "c.mtx", as: Int32.self)
        }
        #expect(complex == ConvMatrixError(.unsupported, parameter: "c.mtx:1", value: "complex", rule: "complex matrices are not supported",
                                           location: .file(path: "c.mtx", line: 1, byteOffset: nil)))

        let huge = #expect(throws: ConvMatrixError.self) {
            try MatrixMarket.parse("%%MatrixMarket matrix coordinate real general\n3000000000 1 0\n", source: "h.mtx", as: Int32.self)
        }
        #expect(huge?.kind == .unsupported)
        #expect(huge?.rule == "does not fit Int32 indices; read it as CSRMatrix<Int64>")

        let missing = #expect(throws: ConvMatrixError.self) { try MatrixMarket.read("/nonexistent/w.mtx", as: Int32.self) }
        #expect(missing == ConvMatrixError(.io, parameter: "file", value: "/nonexistent/w.mtx",
                                           rule: "cannot open for reading: no such file or directory",
                                           location: .file(path: "/nonexistent/w.mtx", line: nil, byteOffset: nil)))
    }
}
