// Where the streaming writers get W's rows: a compiled CSR matrix, or blocks compiled on demand.
import ConvMatrix

/// Receives consecutive row blocks of a matrix, at the block's index width.
protocol RowBlockConsumer {
    /// Rows `firstRow ..< firstRow + rowPointers.count − 1` (numbered within the written range),
    /// `rowPointers` local (starting at 0); `values` present when the pass asked for them.
    mutating func consume<Index: SparseIndex>(firstRow: Int, rowPointers: UnsafeBufferPointer<Index>,
                                              columns: UnsafeBufferPointer<Index>,
                                              values: UnsafeBufferPointer<Double>?) throws
}

/// A matrix that can be walked row block by row block, any number of times, in row order.
protocol RowSource {
    var rowCount: Int { get }
    var columnCount: Int { get }
    var nonzeroCount: Int { get }
    /// Calls `body` with the stored entries of every row, in order, in chunks.
    func forEachRowLengthChunk(_ body: ([Int]) throws -> Void) throws
    /// Hands every row block to `consumer`, in order; `values` is false for a structure-only pass.
    func forEachBlock<C: RowBlockConsumer>(values: Bool, _ consumer: inout C) throws
}

/// A compiled CSR matrix as one block.
struct CSRRowSource<Index: SparseIndex>: RowSource {
    let matrix: CSRMatrix<Index>
    var rowCount: Int { matrix.rowCount }
    var columnCount: Int { matrix.columnCount }
    var nonzeroCount: Int { matrix.nonzeroCount }

    func forEachRowLengthChunk(_ body: ([Int]) throws -> Void) throws {
        let p = matrix.rowPointers
        try body((0..<matrix.rowCount).map { Int(p[$0 + 1] - p[$0]) })
    }

    func forEachBlock<C: RowBlockConsumer>(values: Bool, _ consumer: inout C) throws {
        try matrix.rowPointers.withUnsafeBufferPointer { p in
            try matrix.columnIndices.withUnsafeBufferPointer { c in
                try matrix.values.withUnsafeBufferPointer { v in
                    try consumer.consume(firstRow: 0, rowPointers: p, columns: c, values: values ? v : nil)
                }
            }
        }
    }
}

/// Rows `rows` of `W`, compiled block by block by a ``RowRangeCompiler``, each block holding at
/// most `maximumEntries` entries (or one row), dropped before the next is compiled.
struct CompiledRowSource: RowSource {
    let compiler: RowRangeCompiler
    let weights: [Double]
    let rows: Range<Int>
    let maximumEntries: Int
    let nonzeroCount: Int
    /// Called after each block of a pass with the rows done so far in that pass.
    let progress: (_ pass: Pass, _ rowsDone: Int) -> Void

    enum Pass { case structure, values }

    init(compiler: RowRangeCompiler, weights: [Double], rows: Range<Int>, maximumEntries: Int,
         progress: @escaping (_ pass: Pass, _ rowsDone: Int) -> Void) throws {
        self.compiler = compiler
        self.weights = weights
        self.rows = rows
        self.maximumEntries = max(1, maximumEntries)
        self.progress = progress
        if rows == 0..<compiler.rowCount {
            nonzeroCount = compiler.nonzeroCount
        } else {
            var total = 0
            var r0 = rows.lowerBound
            while r0 < rows.upperBound {
                let r1 = min(r0 + (1 << 20), rows.upperBound)
                total += try compiler.entryCounts(rows: r0..<r1).reduce(0, +)
                r0 = r1
            }
            nonzeroCount = total
        }
    }

    var rowCount: Int { rows.count }
    var columnCount: Int { compiler.columnCount }

    func forEachRowLengthChunk(_ body: ([Int]) throws -> Void) throws {
        var r0 = rows.lowerBound
        while r0 < rows.upperBound {
            let r1 = min(r0 + (1 << 16), rows.upperBound)
            try body(try compiler.entryCounts(rows: r0..<r1))
            r0 = r1
        }
    }

    func forEachBlock<C: RowBlockConsumer>(values: Bool, _ consumer: inout C) throws {
        var r0 = rows.lowerBound
        let narrow = compiler.columnCount <= Int(Int32.max) && maximumEntries <= Int(Int32.max)
        while r0 < rows.upperBound {
            let r1 = min(compiler.blockEnd(from: r0, maximumEntries: maximumEntries), rows.upperBound)
            if narrow {
                try consume(try compiler.compile(rows: r0..<r1, weights: values ? weights : nil, as: Int32.self), &consumer)
            } else {
                try consume(try compiler.compile(rows: r0..<r1, weights: values ? weights : nil, as: Int64.self), &consumer)
            }
            progress(values ? .values : .structure, r1 - rows.lowerBound)
            r0 = r1
        }
    }

    private func consume<Index: SparseIndex, C: RowBlockConsumer>(_ block: RowBlock<Index>, _ consumer: inout C) throws {
        try block.rowPointers.withUnsafeBufferPointer { p in
            try block.columnIndices.withUnsafeBufferPointer { c in
                if let values = block.values {
                    try values.withUnsafeBufferPointer { v in
                        try consumer.consume(firstRow: block.rows.lowerBound - rows.lowerBound, rowPointers: p, columns: c, values: v)
                    }
                } else {
                    try consumer.consume(firstRow: block.rows.lowerBound - rows.lowerBound, rowPointers: p, columns: c, values: nil)
                }
            }
        }
    }
}
