/// An explicit CSR copy of `Wᵀ`, at `W`'s index width: the opt-in second matrix of
/// ``ConvolutionProduct/TransposedProducts/explicitTranspose``.
///
/// CHOLMOD reads `W`'s CSR arrays as the CSC arrays of `A = Wᵀ`, so `Wᵀ·Y = A·Y` is its scatter
/// loop (each stored entry adds into 4 output columns in memory), while `W·X = Aᵀ·X` is its
/// gather loop (each stored entry adds into 4 sums held in registers). With this copy, `Wᵀ·Y`
/// is the gather loop over the copy's rows. It costs the size of `W` again (12 bytes per stored
/// entry with `Int32` indices, plus a row pointer per column of `W`), and is formed once,
/// O(rows + columns + nnz): with zero padding by compiling the convolution whose matrix is
/// `Wᵀ` (``ConvolutionGeometry/transposeGeometry()``), at the compiler's speed; with the other
/// padding modes (entries that sum several taps) by `cholmod_transpose`. Both give the same
/// arrays: each entry of a zero-padded `W` is one weight.
enum TransposeCopy: Sendable {
    case int32(CSRMatrix<Int32>)
    case int64(CSRMatrix<Int64>)

    /// `Wᵀ` of `matrix`, after checking that a copy of its size fits the memory budget
    /// (the engine's result and the Swift arrays it is moved into exist together for a moment).
    ///
    /// - Throws: `.overBudget` before anything is allocated; `.engine` when CHOLMOD fails.
    init(_ matrix: ConvolutionMatrix) throws {
        let perEntry = 2 * (matrix.indexWidth.byteCount + MemoryLayout<Double>.stride)
        try checkMemory(elements: matrix.nonzeroCount + matrix.columnCount + 1, size: perEntry,
                        parameter: "transposedProducts", value: "explicitTranspose",
                        what: "an explicit copy of Wᵀ (\(matrix.nonzeroCount) stored entries)")
        let g = matrix.geometry
        if let transposed = try? g.transposeGeometry() {
            var options = CompileOptions()
            options.indexWidth = matrix.indexWidth
            let copy = try ConvolutionMatrix(transposed, weights: g.transposeWeights(matrix.weights), options: options)
            self = try copy.withCSR(Adopter())
        } else {
            self = try matrix.withCSR(Former())
        }
    }

    /// Bytes of the copy's arrays.
    var byteCount: Int {
        switch self {
        case .int32(let t): return Self.bytes(t)
        case .int64(let t): return Self.bytes(t)
        }
    }

    /// `out ← Wᵀ·input + β·out`, `W·X`'s loop run on the copy (`input` is `rows(W) × k`).
    ///
    /// - Complexity: O((nnz + columns of `W`)·k / threads) per thread.
    func apply(_ input: UnsafeBufferPointer<Double>, columns k: Int, into output: UnsafeMutableBufferPointer<Double>,
               beta: Double, engine: SparseEngine, threads: Int) throws {
        switch self {
        case .int32(let t): try t.apply(input, columns: k, into: output, beta: beta, engine: engine, threads: threads)
        case .int64(let t): try t.apply(input, columns: k, into: output, beta: beta, engine: engine, threads: threads)
        }
    }

    private static func bytes<Index>(_ t: CSRMatrix<Index>) -> Int {
        (t.rowPointers.count + t.columnIndices.count) * MemoryLayout<Index>.stride + t.values.count * MemoryLayout<Double>.stride
    }

    /// The compiled `Wᵀ`'s arrays, as they are.
    private struct Adopter: CSRVisitor {
        func visit<Index: SparseIndex>(_ t: CSRMatrix<Index>) throws -> TransposeCopy { try Former.wrap(t) }
    }

    private struct Former: CSRVisitor {
        func visit<Index: SparseIndex>(_ w: CSRMatrix<Index>) throws -> TransposeCopy {
            try Self.wrap(try w.transposed(engine: .cholmod))
        }

        static func wrap<Index: SparseIndex>(_ t: CSRMatrix<Index>) throws -> TransposeCopy {
            if let narrow = t as? CSRMatrix<Int32> { return .int32(narrow) }
            guard let wide = t as? CSRMatrix<Int64> else { preconditionFailure("SparseIndex is Int32 or Int64") }
            return .int64(wide)
        }
    }
}
