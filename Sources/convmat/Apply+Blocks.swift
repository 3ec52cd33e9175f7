import ConvMatrix
import ConvMatrixIO

extension Apply {
    /// `W·x (+ b)` or `Wᵀ·y (+ b)` with `W` compiled and multiplied one row block at a time
    /// (``RowRangeCompiler``), never held whole: when `W` exceeds the memory budget, or for
    /// `--rows` (then `W·x` gives those output elements, and `Wᵀ·y` the partial sum of those
    /// rows, without bias, so that the parts of a row partition add up).
    func applyInBlocks(_ resolved: ResolvedLayer, x: NumPyArray, batched: [Int], forward: Bool, budget: Int,
                       rows: Range<Int>?, engine: SparseEngine, note: String) throws {
        let g = resolved.geometry
        let compiler = try Diagnostics.naming("--memory-budget", ["memory"]) {
            try RowRangeCompiler(g, options: CompileOptions(memoryBudget: budget))
        }
        let weights = resolved.weights
        let entries = try Diagnostics.naming("--memory-budget", ["memory budget"]) {
            try compiler.maximumBlockEntries(memoryBudget: budget)
        }
        let part = rows ?? 0..<g.outputCount
        try Diagnostics.naming("--rows", ["rows"]) {
            guard part.upperBound <= g.outputCount else {
                throw ConvMatrixError(.invalidParameter, parameter: "rows", value: "\(part.lowerBound):\(part.upperBound)",
                                      rule: "must lie within 0:\(g.outputCount), the rows of W")
            }
        }
        let batch = batched[0]
        let symbol = forward ? "W·x" : "Wᵀ·y"
        if rows == nil {
            Diagnostics.note("W (\(g.outputCount) × \(g.inputCount), nnz \(compiler.nonzeroCount)) exceeds the memory budget of \(megabytes(budget)); computing \(symbol) in row blocks of at most \(entries) entries through SuiteSparse, never holding all of W")
        } else {
            Diagnostics.note("computing \(symbol) with rows \(part.lowerBound):\(part.upperBound) of W only, in row blocks of at most \(entries) entries")
        }
        func megabytes(_ bytes: Int) -> String { "\((Double(bytes) / 1e5).rounded() / 10) MB" }
        let bias = transposed || (rows != nil && !forward) ? nil : resolved.bias
        var input = try x.doubles()
        if !forward, rows != nil {
            // Y's rows of this part, sample by sample.
            let m = g.outputCount
            input = (0..<batch).flatMap { n in input[(n * m + part.lowerBound)..<(n * m + part.upperBound)] }
        }
        let values = try ProgressBar.run("applying \(symbol) in row blocks") { report in
            try forward
                ? compiler.apply(input, batch: batch, weights: weights, bias: bias, rows: rows, maximumBlockEntries: entries,
                                 engine: engine, progress: report)
                : compiler.applyTransposed(input, batch: batch, weights: weights, bias: bias, rows: rows,
                                           maximumBlockEntries: entries, engine: engine, progress: report)
        }
        let sample = forward ? (rows == nil ? g.outputMemoryShape : [part.count]) : g.inputMemoryShape
        let shape = resolved.hasBatch ? [batch] + sample : sample
        let storage: NumPyArray.Storage = if case .float32 = x.storage { .float32(values.map(Float.init)) } else { .float64(values) }
        let out = try NumPyArray(shape: shape, storage: storage)
        try out.write(to: outputFile)
        let adjoint = transposed ? "the adjoint " : "", range = "\(part.lowerBound):\(part.upperBound)"
        let what = rows == nil ? adjoint + symbol + (bias == nil ? "" : " + b")
            : forward ? "rows \(range) of \(adjoint)\(symbol)" + (bias == nil ? "" : " + b")
            : "\(adjoint)W[\(range)]ᵀ·y[\(range)], the part of Wᵀ·y from those rows"
        print(summary(out, written: shape, what: what, title: resolved.title, note: note, input: x.shape,
                      how: "sparse, \(engine.rawValue), in row blocks"))
    }
}
