import ConvMatrix

/// The dense part of the benchmark: the `Float` layer in its own direction, 1 and 2 threads.
enum DenseMeasurement {
    /// Median milliseconds of `repetitions` calls (after 3 warm-ups) of the layer with
    /// `threads` threads, its `x` and `y` in `layout`. The output buffer is allocated before
    /// timing — as an inference engine's arena does — so page faults of a fresh output are
    /// not measured.
    static func milliseconds(_ shape: BenchShape, threads: Int, instructionSet: DenseInstructionSet,
                             layout: TensorLayout = .channelsFirst, algorithm: DenseAlgorithm = .automatic,
                             repetitions: Int, clock: BenchClock) throws -> Double {
        let layer = shape.layer, batch = shape.batch
        let g = try geometry(shape, layout: layout)
        let weights = BenchValues.make(g.weightCount, seed: 1, scale: 0.1).map(Float.init)
        let input = BenchValues.make(batch * layer.inputCount, seed: 2).map(Float.init)
        var output = [Float](repeating: 0, count: batch * layer.outputCount)
        return try input.withUnsafeBufferPointer { x in
            try weights.withUnsafeBufferPointer { w in
                try output.withUnsafeMutableBufferPointer { y in
                    try medianMilliseconds(repetitions: repetitions, warmups: 3, clock: clock) {
                        if layer.direction == .forward {
                            try DenseConvolution.apply(g, input: x, weights: w, bias: nil, output: y, batch: batch,
                                                       threads: threads, instructionSet: instructionSet, algorithm: algorithm)
                        } else {
                            try DenseConvolution.applyTransposed(g, input: x, weights: w, bias: nil, output: y,
                                                                 batch: batch, threads: threads, instructionSet: instructionSet,
                                                                 algorithm: algorithm)
                        }
                    }
                }
            }
        }
    }

    /// The shape's geometry with `x` and `y` in `layout`.
    static func geometry(_ shape: BenchShape, layout: TensorLayout) throws -> ConvolutionGeometry {
        let s = shape.layer.geometry
        return layout == .channelsFirst ? s
            : try ConvolutionGeometry(inChannels: s.inChannels, outChannels: s.outChannels, groups: s.groups, axes: s.axes,
                                      paddingMode: s.paddingMode, inputLayout: layout, outputLayout: layout)
    }

    /// Whether the dense layer of `shape` runs Winograd (F(2×2, 3×3) or F(2, 3)) with `algorithm`.
    static func runsWinograd(_ shape: BenchShape, layout: TensorLayout, algorithm: DenseAlgorithm) throws -> Bool {
        let g = try geometry(shape, layout: layout)
        return algorithm != .direct && DenseConvolution.winogradApplies(to: g, direction: shape.layer.direction)
    }

    /// The measurement of one shape and thread count from the medians of its rounds.
    static func measurement(_ shape: BenchShape, threads: Int, rounds: [Double]) -> Measurement {
        let ms = median(rounds)
        return Measurement(shape: shape.name, engine: "dense-f32", op: shape.layer.direction == .forward ? "conv" : "conv_transpose",
                           threads: threads, medianMilliseconds: ms, rate: ("gflops", 2 * shape.nominalMultiplyAdds / ms / 1e6))
    }
}

/// Deterministic pseudo-random benchmark data.
enum BenchValues {
    /// `count` values in [−scale, scale] from a linear congruential sequence.
    static func make(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) / Double(1 << 53) * 2 - 1) * scale
        }
    }
}
