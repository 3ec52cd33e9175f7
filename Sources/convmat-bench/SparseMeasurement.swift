import ConvMatrix

/// The sparse part of the benchmark: compile `W`, then `W·X` and `Wᵀ·Y` through each engine,
/// as a layer runs them (``ConvolutionProduct``): with `W` numbered channels innermost, the
/// channels-first batches are relaid out on the way in and out, inside the timings.
enum SparseMeasurement {
    /// Emits the compile, `W·X` and `Wᵀ·Y` measurements of `shape` and returns the sizes of `W`.
    ///
    /// One more compile, untimed and with nothing else alive, measures the peak memory of
    /// compiling (``PeakResidentMemory``).
    static func measure(_ shape: BenchShape, numbering: ConvolutionProduct.Numbering,
                        transposedProducts: ConvolutionProduct.TransposedProducts, repetitions: Int,
                        clock: BenchClock, emit: (Measurement) -> Void) throws -> StorageFigures {
        let g = shape.layer.geometry, batch = shape.batch
        let weights = BenchValues.make(g.weightCount, seed: 1, scale: 0.1)
        var product: ConvolutionProduct?
        let compilePeak = try PeakResidentMemory.measure {
            product = try ConvolutionProduct(g, weights: weights, numbering: numbering, transposedProducts: transposedProducts)
        }
        let compile = try medianMilliseconds(repetitions: repetitions, warmups: 0, clock: clock) {
            product = nil
            product = try ConvolutionProduct(g, weights: weights, numbering: numbering, transposedProducts: transposedProducts)
        }
        let w = product!.matrix, p = product!
        let nnz = Double(w.nonzeroCount)
        emit(Measurement(shape: shape.name, engine: "convmat", op: "compile", threads: CompileOptions.defaultThreadCount,
                         medianMilliseconds: compile, rate: ("mnnz_per_s", nnz / compile / 1e3)))
        let x = BenchValues.make(batch * w.columnCount, seed: 2), y = BenchValues.make(batch * w.rowCount, seed: 3)
        let flops = 2 * nnz * Double(batch)
        for engine in SparseEngine.allCases {
            for threads in [1, 2] {
                let forward = try medianMilliseconds(repetitions: repetitions, clock: clock) {
                    _ = try p.apply(x, batch: batch, engine: engine, threads: threads)
                }
                emit(Measurement(shape: shape.name, engine: engine.rawValue, op: "W·X", threads: threads,
                                 medianMilliseconds: forward, rate: ("gflops", flops / forward / 1e6)))
                let transposed = try medianMilliseconds(repetitions: repetitions, clock: clock) {
                    _ = try p.applyTransposed(y, batch: batch, engine: engine, threads: threads)
                }
                emit(Measurement(shape: shape.name, engine: engine.rawValue, op: "Wᵀ·Y", threads: threads,
                                 medianMilliseconds: transposed, rate: ("gflops", flops / transposed / 1e6)))
            }
        }
        // A refill (new weights, same structure) before the tap map exists: the fill again,
        // writing only values, in place (the warm-up takes the copy-on-write copy of `w`'s).
        var refilled = w
        let other = BenchValues.make(g.weightCount, seed: 4, scale: 0.1)
        let refill = try medianMilliseconds(repetitions: repetitions, warmups: 1, clock: clock) {
            try refilled.refill(weights: other)
        }
        emit(Measurement(shape: shape.name, engine: "convmat", op: "refill", threads: CompileOptions.defaultThreadCount,
                         medianMilliseconds: refill, rate: ("mnnz_per_s", nnz / refill / 1e3)))
        // The tap map is built on first use (a refill, the weight gradient, an explanation):
        // one timed build, the first and only one, after the products that never read it.
        var tapMapBytes = 0
        let tapMap = try medianMilliseconds(repetitions: 1, warmups: 0, clock: clock) {
            tapMapBytes = try w.pattern.open(TapMapBuilder())
        }
        emit(Measurement(shape: shape.name, engine: "convmat", op: "tap map", threads: CompileOptions.defaultThreadCount,
                         medianMilliseconds: tapMap, rate: ("mnnz_per_s", nnz / tapMap / 1e3)))
        return StorageFigures(w, tapMapBytes: tapMapBytes, compilePeakBytes: compilePeak)
    }
}

/// Builds a pattern's tap map and returns its bytes.
private struct TapMapBuilder: PatternArraysVisitor {
    func visit<Index: SparseIndex>(_ p: PatternArrays<Index>) throws -> Int { try p.tapMap().byteCount }
}

/// The sizes of a compiled `W`, for the bandwidth floor and the bytes per stored entry.
struct StorageFigures {
    let nonzeroCount: Int
    let rowCount: Int
    let columnCount: Int
    /// Bytes of the CSR arrays (row pointers, column indices, values).
    let matrixBytes: Int
    /// Bytes of the tap map once built (on first use: weight gradients, explanations).
    let tapMapBytes: Int
    /// The most a compile held at once above what was resident before it (`nil`: not measured).
    let compilePeakBytes: Int?

    init(nonzeroCount: Int, rowCount: Int, columnCount: Int, matrixBytes: Int, tapMapBytes: Int, compilePeakBytes: Int?) {
        (self.nonzeroCount, self.rowCount, self.columnCount) = (nonzeroCount, rowCount, columnCount)
        (self.matrixBytes, self.tapMapBytes, self.compilePeakBytes) = (matrixBytes, tapMapBytes, compilePeakBytes)
    }

    init(_ w: ConvolutionMatrix, tapMapBytes: Int, compilePeakBytes: Int?) {
        (self.tapMapBytes, self.compilePeakBytes) = (tapMapBytes, compilePeakBytes)
        nonzeroCount = w.nonzeroCount
        rowCount = w.rowCount
        columnCount = w.columnCount
        func bytes<I>(_ a: PatternArrays<I>) -> Int {
            (a.rowPointers.count + a.columnIndices.count) * MemoryLayout<I>.size + w.values.count * MemoryLayout<Double>.size
        }
        switch w.pattern.storage {
        case .int32(let a): matrixBytes = bytes(a)
        case .int64(let a): matrixBytes = bytes(a)
        }
    }
}
