/// The dense entry points on caller-owned memory (what a benchmark calls to keep allocation
/// out of the timing).
extension DenseConvolution {
    /// `output ← conv(input) + bias` on caller-owned buffers; see
    /// ``forward(_:input:weights:bias:batch:threads:instructionSet:)`` for the math and the
    /// layouts. `output` must hold exactly `batch · geometry.outputCount` elements and must not
    /// overlap `input`.
    /// - Complexity: as the array form, without allocating the output.
    public static func forward<T: DenseScalar>(_ geometry: ConvolutionGeometry, input: UnsafeBufferPointer<T>,
                                               weights: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
                                               output: UnsafeMutableBufferPointer<T>, batch: Int,
                                               threads: Int = DenseConvolution.defaultThreadCount,
                                               instructionSet: DenseInstructionSet = .best) throws {
        try checkBatch(batch)
        try checkLength("input.count", input.count, "batch·inputCount", batch, geometry.inputCount)
        try checkLength("weights.count", weights.count, "weightCount", 1, geometry.weightCount)
        if let bias { try checkLength("bias.count", bias.count, "outChannels", 1, geometry.outChannels) }
        try checkLength("output.count", output.count, "batch·outputCount", batch, geometry.outputCount)
        try checkISA(instructionSet)
        let job = DenseJob(geometry: geometry, direction: .forward, batch: batch,
                           threads: max(1, threads), isa: instructionSet)
        try dispatch(job, input, weights, bias, output)
    }

    /// `output ← convT(input) + bias = Wᵀ·input + bias` on caller-owned buffers; see
    /// ``transposed(_:input:weights:bias:batch:threads:instructionSet:)``. `output` must hold
    /// exactly `batch · geometry.inputCount` elements and must not overlap `input`.
    /// - Complexity: as the array form, without allocating the output.
    public static func transposed<T: DenseScalar>(_ geometry: ConvolutionGeometry, input: UnsafeBufferPointer<T>,
                                                  weights: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
                                                  output: UnsafeMutableBufferPointer<T>, batch: Int,
                                                  threads: Int = DenseConvolution.defaultThreadCount,
                                                  instructionSet: DenseInstructionSet = .best) throws {
        try checkBatch(batch)
        try checkLength("input.count", input.count, "batch·outputCount", batch, geometry.outputCount)
        try checkLength("weights.count", weights.count, "weightCount", 1, geometry.weightCount)
        if let bias { try checkLength("bias.count", bias.count, "inChannels", 1, geometry.inChannels) }
        try checkLength("output.count", output.count, "batch·inputCount", batch, geometry.inputCount)
        try checkISA(instructionSet)
        let job = DenseJob(geometry: geometry, direction: .transposed, batch: batch,
                           threads: max(1, threads), isa: instructionSet)
        try dispatch(job, input, weights, bias, output)
    }

    static func checkBatch(_ batch: Int) throws {
        guard batch >= 1 else { throw ConvMatrixError.mismatch("batch", batch, "must be ≥ 1") }
    }

    /// `count == factor·unit`, else `.shapeMismatch`: `input.count = 10: must be batch·inputCount = 12`.
    static func checkLength(_ parameter: String, _ count: Int, _ rule: String, _ factor: Int, _ unit: Int) throws {
        let (expected, overflow) = factor.multipliedReportingOverflow(by: unit)
        guard !overflow, count == expected else {
            throw ConvMatrixError.mismatch(parameter, count, "must be \(rule) = \(overflow ? "more than \(Int.max)" : "\(expected)")")
        }
    }

    static func checkISA(_ isa: DenseInstructionSet) throws {
        guard isa.isSupported else {
            throw ConvMatrixError.unsupported("instructionSet", isa,
                                              "this CPU does not support it; supported: \(DenseInstructionSet.supported.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// Runs `job` on the Float or Double view of the buffers; any other ``DenseScalar`` is
    /// computed in Double and rounded into `output` once.
    static func dispatch<T: DenseScalar>(_ job: DenseJob, _ input: UnsafeBufferPointer<T>,
                                         _ weights: UnsafeBufferPointer<T>, _ bias: UnsafeBufferPointer<T>?,
                                         _ output: UnsafeMutableBufferPointer<T>) throws {
        func rebound<E: KernelElement>(_ e: E.Type) throws {
            try job.run(UnsafeRawPointer(input.baseAddress!).assumingMemoryBound(to: E.self),
                        UnsafeRawPointer(weights.baseAddress!).assumingMemoryBound(to: E.self),
                        bias.map { UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: E.self) },
                        UnsafeMutableRawPointer(output.baseAddress!).assumingMemoryBound(to: E.self))
        }
        if T.self == Float.self { return try rebound(Float.self) }
        if T.self == Double.self { return try rebound(Double.self) }
        let x = input.map(Double.init), w = weights.map(Double.init), b = bias.map { $0.map(Double.init) }
        var y = [Double](repeating: 0, count: output.count)
        try x.withUnsafeBufferPointer { x in
            try w.withUnsafeBufferPointer { w in
                try withOptionalBuffer(b) { b in
                    try y.withUnsafeMutableBufferPointer { y in
                        try job.run(x.baseAddress!, w.baseAddress!, b?.baseAddress, y.baseAddress!)
                    }
                }
            }
        }
        for i in y.indices { output[i] = T(y[i]) }
    }
}

/// One dense call, ready to run on any kernel element type.
struct DenseJob {
    let geometry: ConvolutionGeometry
    let direction: Convolution.Direction
    let batch: Int
    let threads: Int
    let isa: DenseInstructionSet

    /// Plans, checks the scratch estimate against the budget, and runs.
    func run<E: KernelElement>(_ input: UnsafePointer<E>, _ weights: UnsafePointer<E>,
                               _ bias: UnsafePointer<E>?, _ output: UnsafeMutablePointer<E>) throws {
        let size = MemoryLayout<E>.size
        switch direction {
        case .forward:
            let plan = ForwardPlan(geometry, isa: isa, tileRows: isa.tileRows(E.self), elementSize: size,
                                   batch: batch, threads: threads)
            let counts = plan.scratchCounts
            try checkScratch(elements: (counts.buffer + counts.wide) * min(threads, batch * geometry.groups * plan.slabCount)
                                 + plan.packedCount, size: size, what: "scratch")
            DenseConvolution.runForward(plan, input: input, weights: weights, bias: bias, output: output,
                                        batch: batch, threads: threads)
        case .transposed:
            let plan = TransposedPlan(geometry, isa: isa, tileRows: isa.tileRows(E.self), batch: batch, threads: threads)
            let counts = plan.scratchCounts
            try checkScratch(elements: (counts.padded + counts.wide) * min(threads, batch * geometry.groups * plan.chunkCount)
                                 + plan.packedCount, size: size, what: "scratch")
            DenseConvolution.runTransposed(plan, input: input, weights: weights, bias: bias, output: output,
                                           batch: batch, threads: threads)
        }
    }
}
