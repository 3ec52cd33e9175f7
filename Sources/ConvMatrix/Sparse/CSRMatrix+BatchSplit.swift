import Synchronization

/// The one path behind every sparse × dense product: check shapes, settle trivial cases,
/// split the batch across threads, hand each block to an engine.
extension CSRMatrix {
    /// `out ← α·op(W)·in + β·out`, `op(W) = Wᵀ` when `transposed`, else `W`.
    ///
    /// - Throws: as ``apply(_:columns:into:alpha:beta:engine:threads:)``.
    /// - Complexity: O((nnz + outRows)·k / threads) per thread.
    func perform(transposed: Bool, _ input: UnsafeBufferPointer<Double>, columns k: Int,
                 into output: UnsafeMutableBufferPointer<Double>,
                 alpha: Double, beta: Double, engine: SparseEngine, threads: Int) throws {
        let inRows = transposed ? rowCount : columnCount
        let outRows = transposed ? columnCount : rowCount
        let names = transposed ? (input: "y", output: "x") : (input: "x", output: "y")
        try checkOperands(input, output, inRows: inRows, outRows: outRows, columns: k, names: names, threads: threads)

        guard k > 0, outRows > 0 else { return }
        if nonzeroCount == 0 || alpha == 0 {
            scaleColumns(output, by: beta)  // op(W)·in is 0
            return
        }
        // CXSparse reads the arrays of a matrix M and computes Mᵀ·x: formed once, before the blocks.
        let gaxpyMatrix = engine == .cxsparse ? try CXSparse.gaxpyMatrix(self, transposed: transposed) : self
        // CHOLMOD W·X: threads take blocks of rows (equal shares of the entries), so W is read
        // once in all instead of once per thread, and every block still sees the whole batch.
        if engine == .cholmod, !transposed, threads > 1, rowCount >= threads {
            try performRowBlocks(input, columns: k, into: output, alpha: alpha, beta: beta, threads: threads)
            return
        }
        let blocks = min(threads, k)
        if blocks == 1 {
            try run(engine, gaxpyMatrix, transposed: transposed, input, columns: k, into: output, alpha: alpha, beta: beta)
            return
        }
        // Each block reads its own columns of the input and writes its own, disjoint, columns
        // of the output; both buffers outlive parallelForEach, which returns after all blocks.
        nonisolated(unsafe) let input = input, output = output
        try Self.concurrently(blocks, threads: blocks, engine: engine) { block in
            let first = k * block / blocks, last = k * (block + 1) / blocks
            let part = UnsafeBufferPointer(rebasing: input[(first * inRows)..<(last * inRows)])
            let target = UnsafeMutableBufferPointer(rebasing: output[(first * outRows)..<(last * outRows)])
            try run(engine, gaxpyMatrix, transposed: transposed, part, columns: last - first, into: target, alpha: alpha, beta: beta)
        }
    }

    /// Runs `body(0 ..< blocks)` on up to `threads` threads (blocks claimed one at a time) and
    /// rethrows the first failure, a non-ConvMatrix error becoming `.engine` naming `engine`.
    private static func concurrently(_ blocks: Int, threads: Int, engine: SparseEngine, _ body: @Sendable (Int) throws -> Void) throws {
        let firstError = Mutex<ConvMatrixError?>(nil)
        parallelForEach(items: blocks, threads: threads) { _, block in
            do {
                try body(block)
            } catch {
                let failure = error as? ConvMatrixError
                    ?? ConvMatrixError(.engine, parameter: "\(engine)", value: "\(error)", rule: "unexpected failure")
                firstError.withLock { if $0 == nil { $0 = failure } }
            }
        }
        if let error = firstError.withLock({ $0 }) { throw error }
    }

    /// `W·X` through CHOLMOD by blocks of rows holding about `nnz / (8·threads)` entries each,
    /// claimed one at a time by `threads` threads: a thread slowed for a while (a busy host)
    /// leaves at most an eighth of its share for the others to wait on.
    private func performRowBlocks(_ input: UnsafeBufferPointer<Double>, columns k: Int,
                                  into output: UnsafeMutableBufferPointer<Double>,
                                  alpha: Double, beta: Double, threads: Int) throws {
        let blocks = min(rowCount, 8 * threads)   // threads ≤ rowCount here
        // Block b starts at the first row whose entries begin at or after b·nnz/blocks.
        let bounds = (0...blocks).map { b -> Int in
            guard b > 0, b < blocks else { return b == 0 ? 0 : rowCount }
            return firstRow(beginningAtOrAfter: nonzeroCount / blocks * b, in: 0..<rowCount)
        }
        // Each block writes its own rows of every output column; the buffers outlive the call.
        nonisolated(unsafe) let input = input, output = output
        try Self.concurrently(blocks, threads: threads, engine: .cholmod) { block in
            let rows = bounds[block]..<max(bounds[block], bounds[block + 1])
            guard !rows.isEmpty else { return }
            try Cholmod.apply(self, rows: rows, input, columns: k, into: output, alpha: alpha, beta: beta)
        }
    }

    private func run(_ engine: SparseEngine, _ gaxpyMatrix: CSRMatrix, transposed: Bool, _ input: UnsafeBufferPointer<Double>,
                     columns k: Int, into output: UnsafeMutableBufferPointer<Double>, alpha: Double, beta: Double) throws {
        switch engine {
        case .cholmod:
            try Cholmod.apply(self, transposed: transposed, input, columns: k, into: output, alpha: alpha, beta: beta)
        case .cxsparse:
            try CXSparse.gaxpyColumns(gaxpyMatrix, input, columns: k, into: output, alpha: alpha, beta: beta)
        }
    }

    /// Every rule of a product, checked before any C code runs.
    private func checkOperands(_ input: UnsafeBufferPointer<Double>, _ output: UnsafeMutableBufferPointer<Double>,
                               inRows: Int, outRows: Int, columns k: Int,
                               names: (input: String, output: String), threads: Int) throws {
        try checkOperand()
        guard k >= 0 else { throw ConvMatrixError.invalid("columns", k, "must be ≥ 0") }
        guard threads >= 1 else { throw ConvMatrixError.invalid("threads", threads, "must be ≥ 1") }
        let shape = "W is \(rowCount) × \(columnCount)"
        for (name, count, rows) in [(names.input, input.count, inRows), (names.output, output.count, outRows)] {
            let (expected, overflow) = rows.multipliedReportingOverflow(by: k)
            guard !overflow else { throw ConvMatrixError.invalid("columns", k, "\(rows) × \(k) overflows Int") }
            guard count == expected else {
                throw ConvMatrixError.mismatch("\(name).count", count,
                                               "must be \(rows) × \(k) = \(expected) (\(rows) rows, \(k) columns; \(shape))")
            }
        }
        if let a = input.baseAddress, let b = output.baseAddress, !input.isEmpty, !output.isEmpty {
            let aEnd = a + input.count, bEnd = UnsafePointer(b) + output.count
            guard aEnd <= UnsafePointer(b) || bEnd <= a else {
                throw ConvMatrixError.invalid(names.output, "memory overlapping \(names.input)", "the output must not alias the input")
            }
        }
    }
}
