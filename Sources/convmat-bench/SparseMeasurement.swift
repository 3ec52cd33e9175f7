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
        return StorageFigures(w, compilePeakBytes: compilePeak)
    }
}

/// The sizes of a compiled `W`, for the bandwidth floor and the bytes per stored entry.
struct StorageFigures {
    let nonzeroCount: Int
    let rowCount: Int
    let columnCount: Int
    /// Bytes of the CSR arrays (row pointers, column indices, values).
    let matrixBytes: Int
    /// Bytes of the tap map kept beside them (to refill values and for weight gradients).
    let tapMapBytes: Int
    /// The most a compile held at once above what was resident before it (`nil`: not measured).
    let compilePeakBytes: Int?

    init(nonzeroCount: Int, rowCount: Int, columnCount: Int, matrixBytes: Int, tapMapBytes: Int, compilePeakBytes: Int?) {
        (self.nonzeroCount, self.rowCount, self.columnCount) = (nonzeroCount, rowCount, columnCount)
        (self.matrixBytes, self.tapMapBytes, self.compilePeakBytes) = (matrixBytes, tapMapBytes, compilePeakBytes)
    }

    init(_ w: ConvolutionMatrix, compilePeakBytes: Int?) {
        self.compilePeakBytes = compilePeakBytes
        nonzeroCount = w.nonzeroCount
        rowCount = w.rowCount
        columnCount = w.columnCount
        func sizes<I>(_ a: PatternArrays<I>) -> (Int, Int) {
            let index = MemoryLayout<I>.size
            return ((a.rowPointers.count + a.columnIndices.count) * index + w.values.count * MemoryLayout<Double>.size,
                    (a.taps.count + (a.tapPointers?.count ?? 0)) * index)
        }
        switch w.pattern.storage {
        case .int32(let a): (matrixBytes, tapMapBytes) = sizes(a)
        case .int64(let a): (matrixBytes, tapMapBytes) = sizes(a)
        }
    }
}
