import Testing
@testable import ConvMatrix

/// Every user mistake becomes a typed error that names the parameter and both sizes.
@Suite("SparseEngine: errors")
struct SparseEngineErrorTests {
    let w = SparseEngineTests.w  // 2 × 3

    /// The thrown ``ConvMatrixError`` of `body`, or `nil`.
    func error(_ body: () throws -> Void) -> ConvMatrixError? {
        do { try body() } catch let e as ConvMatrixError { return e } catch { return nil }
        return nil
    }

    @Test("x and y counts", arguments: SparseEngine.allCases)
    func shapeMismatch(engine: SparseEngine) {
        let e1 = error { _ = try w.apply([1, 2, 3, 4, 5], columns: 2, engine: engine) }
        #expect(e1?.kind == .shapeMismatch)
        #expect(e1?.description == "x.count = 5: must be 3 × 2 = 6 (3 rows, 2 columns; W is 2 × 3)")

        let e2 = error { _ = try w.applyTransposed([1, 2, 3], columns: 2, engine: engine) }
        #expect(e2?.kind == .shapeMismatch)
        #expect(e2?.description == "y.count = 3: must be 2 × 2 = 4 (2 rows, 2 columns; W is 2 × 3)")

        var out = [Double](repeating: 0, count: 5)
        let e3 = error {
            try [1.0, 2, 3, 4, 5, 6].withUnsafeBufferPointer { xp in
                try out.withUnsafeMutableBufferPointer { try w.apply(xp, columns: 2, into: $0, engine: engine) }
            }
        }
        #expect(e3?.kind == .shapeMismatch)
        #expect(e3?.description == "y.count = 5: must be 2 × 2 = 4 (2 rows, 2 columns; W is 2 × 3)")

        let e4 = error {
            try [1.0, 2, 3, 4].withUnsafeBufferPointer { yp in
                try out.withUnsafeMutableBufferPointer { try w.applyTransposed(yp, columns: 2, into: $0, engine: engine) }
            }
        }
        #expect(e4?.description == "x.count = 5: must be 3 × 2 = 6 (3 rows, 2 columns; W is 2 × 3)")
    }

    @Test("inner dimension of a sparse product", arguments: SparseEngine.allCases)
    func productMismatch(engine: SparseEngine) {
        let e = error { _ = try w.multiplied(by: w, engine: engine) }
        #expect(e?.kind == .shapeMismatch)
        #expect(e?.parameter == "other.rowCount")
        #expect(e?.description == "other.rowCount = 2: must equal columnCount = 3 (W is 2 × 3, other is 2 × 3)")
    }

    @Test("negative batch, zero threads, aliasing output")
    func invalidParameters() {
        let e1 = error { _ = try w.apply([], columns: -1) }
        #expect(e1?.kind == .invalidParameter)
        #expect(e1?.description == "columns = -1: must be ≥ 0")

        let e2 = error { _ = try w.apply([1, 2, 3], columns: 1, threads: 0) }
        #expect(e2?.description == "threads = 0: must be ≥ 1")

        // A 3 × 3 matrix applied in place: y would overwrite x while CHOLMOD reads it.
        let square = try! CSRMatrix<Int32>(rowCount: 3, columnCount: 3, rowPointers: [0, 1, 2, 3],
                                      columnIndices: [0, 1, 2], values: [1, 1, 1])
        var data: [Double] = [1, 2, 3]
        let e3 = error {
            try data.withUnsafeMutableBufferPointer { p in
                try square.apply(UnsafeBufferPointer(p), columns: 1, into: p)
            }
        }
        #expect(e3?.kind == .invalidParameter)
        #expect(e3?.description == "y = memory overlapping x: the output must not alias the input")
    }

    @Test("C failures read as engine errors")
    func engineErrorText() {
        let e = ConvMatrixError.cholmod("cholmod_ssmult", status: -3)
        #expect(e.kind == .engine)
        #expect(e.description
                == "cholmod_ssmult = status -3: CHOLMOD_TOO_LARGE: integer overflow; the result does not fit 32-bit indices (use Int64)")
        #expect(ConvMatrixError.cxsparse("cs_di_multiply", returned: "NULL").parameter == "cs_di_multiply")
    }
}
