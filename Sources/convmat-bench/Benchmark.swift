import ConvMatrix

/// `convmat-bench [--json] [--shapes a,b] [--only sparse|dense] [--reps N] [--dense-reps N] [--clock wall|cpu]`
///
/// For each reference shape (batch 8): compile time and Mnnz/s of `W` (values included);
/// `W·X` and `Wᵀ·Y` through CHOLMOD and CXSparse with 1 and 2 threads (GFLOP/s counted as
/// 2·nnz·batch, the work the sparse product really does); the dense `Float` layer forward with 1 and 2 threads (GFLOP/s
/// counted as 2 × nominal multiply-adds, as the peers count them; output buffer reused). Text by default; `--json`
/// prints one JSON object per measurement. `--clock cpu` times each repetition by the process's
/// CPU time instead of wall time (see `BenchClock`), for comparing builds on a busy machine.
@main
struct Benchmark {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let json = take(&arguments, flag: "--json")
        let reps = Int(value(&arguments, "--reps") ?? "") ?? 5
        let denseReps = Int(value(&arguments, "--dense-reps") ?? "") ?? 20
        let only = value(&arguments, "--shapes")?.split(separator: ",").map(String.init)
        let part = value(&arguments, "--only")
        let clockName = value(&arguments, "--clock") ?? "wall"
        guard arguments.isEmpty, let clock = BenchClock(rawValue: clockName) else {
            let unknown = arguments + (BenchClock(rawValue: clockName) == nil ? ["--clock \(clockName)"] : [])
            print("usage: convmat-bench [--json] [--shapes a,b] [--only sparse|dense] [--reps N] [--dense-reps N] [--clock wall|cpu]; unknown: \(unknown)")
            return
        }
        let emit = { (m: Measurement) in print(json ? m.json : m.text) }
        for shape in try BenchShape.all() where only == nil || only!.contains(shape.name) {
            if part != "dense" { try measureSparse(shape, repetitions: reps, clock: clock, emit: emit) }
            if part != "sparse" { try measureDense(shape, repetitions: denseReps, clock: clock, emit: emit) }
        }
    }

    static func measureSparse(_ shape: BenchShape, repetitions: Int, clock: BenchClock, emit: (Measurement) -> Void) throws {
        let g = shape.layer.geometry, batch = BenchShape.batch
        let weights = values(g.weightCount, seed: 1, scale: 0.1)
        var matrix: ConvolutionMatrix?
        let compile = try medianMilliseconds(repetitions: repetitions, warmups: 0, clock: clock) {
            matrix = nil
            matrix = try ConvolutionMatrix(g, weights: weights)
        }
        let w = matrix!
        let nnz = Double(w.nonzeroCount)
        emit(Measurement(shape: shape.name, engine: "convmat", op: "compile", threads: CompileOptions.defaultThreadCount,
                         medianMilliseconds: compile, rate: ("mnnz_per_s", nnz / compile / 1e3)))
        let x = values(batch * w.columnCount, seed: 2), y = values(batch * w.rowCount, seed: 3)
        let flops = 2 * nnz * Double(batch)
        for engine in SparseEngine.allCases {
            for threads in [1, 2] {
                let forward = try medianMilliseconds(repetitions: repetitions, clock: clock) {
                    _ = try w.apply(x, batch: batch, engine: engine, threads: threads)
                }
                emit(Measurement(shape: shape.name, engine: engine.rawValue, op: "W·X", threads: threads,
                                 medianMilliseconds: forward, rate: ("gflops", flops / forward / 1e6)))
                let transposed = try medianMilliseconds(repetitions: repetitions, clock: clock) {
                    _ = try w.applyTransposed(y, batch: batch, engine: engine, threads: threads)
                }
                emit(Measurement(shape: shape.name, engine: engine.rawValue, op: "Wᵀ·Y", threads: threads,
                                 medianMilliseconds: transposed, rate: ("gflops", flops / transposed / 1e6)))
            }
        }
    }

    /// The dense layer forward writes into one output buffer allocated before timing — as an
    /// inference engine's arena does — so page faults of a fresh output are not measured.
    static func measureDense(_ shape: BenchShape, repetitions: Int, clock: BenchClock, emit: (Measurement) -> Void) throws {
        let layer = shape.layer, g = layer.geometry, batch = BenchShape.batch
        let weights = values(g.weightCount, seed: 1, scale: 0.1).map(Float.init)
        let input = values(batch * layer.inputCount, seed: 2).map(Float.init)
        var output = [Float](repeating: 0, count: batch * layer.outputCount)
        let flops = 2 * shape.nominalMultiplyAdds
        for threads in [1, 2] {
            let ms = try input.withUnsafeBufferPointer { x in
                try weights.withUnsafeBufferPointer { w in
                    try output.withUnsafeMutableBufferPointer { y in
                        try medianMilliseconds(repetitions: repetitions, warmups: 3, clock: clock) {
                            if layer.direction == .forward {
                                try DenseConvolution.apply(g, input: x, weights: w, bias: nil, output: y, batch: batch,
                                                             threads: threads)
                            } else {
                                try DenseConvolution.applyTransposed(g, input: x, weights: w, bias: nil, output: y, batch: batch,
                                                                threads: threads)
                            }
                        }
                    }
                }
            }
            emit(Measurement(shape: shape.name, engine: "dense-f32", op: layer.direction == .forward ? "conv" : "conv_transpose",
                             threads: threads, medianMilliseconds: ms, rate: ("gflops", flops / ms / 1e6)))
        }
    }

    /// Deterministic pseudo-random values in [-scale, scale] (a linear congruential sequence).
    static func values(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) / Double(1 << 53) * 2 - 1) * scale
        }
    }

    private static func take(_ arguments: inout [String], flag: String) -> Bool {
        guard let i = arguments.firstIndex(of: flag) else { return false }
        arguments.remove(at: i)
        return true
    }

    private static func value(_ arguments: inout [String], _ option: String) -> String? {
        guard let i = arguments.firstIndex(of: option), i + 1 < arguments.count else { return nil }
        let v = arguments[i + 1]
        arguments.removeSubrange(i...(i + 1))
        return v
    }
}
