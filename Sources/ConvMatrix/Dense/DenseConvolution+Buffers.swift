/// The dense entry points on caller-owned memory (what a benchmark calls to keep allocation
/// out of the timing).
extension DenseConvolution {
    /// `output ← conv(input) + bias` on caller-owned buffers; see
    /// ``apply(_:input:weights:bias:batch:threads:instructionSet:algorithm:)`` for the math and the
    /// layouts. `output` must hold exactly `batch · geometry.outputCount` elements and must not
    /// overlap `input`.
    /// - Complexity: as the array form, without allocating the output.
    public static func apply<T: DenseScalar>(_ geometry: ConvolutionGeometry, input: UnsafeBufferPointer<T>,
                                               weights: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
                                               output: UnsafeMutableBufferPointer<T>, batch: Int,
                                               threads: Int = DenseConvolution.defaultThreadCount,
                                               instructionSet: DenseInstructionSet = .best,
                                               algorithm: DenseAlgorithm = .automatic) throws {
        try checkBatch(batch)
        try checkLength("input.count", input.count, "batch·inputCount", batch, geometry.inputCount)
        try checkLength("weights.count", weights.count, "weightCount", 1, geometry.weightCount)
        if let bias { try checkLength("bias.count", bias.count, "outChannels", 1, geometry.outChannels) }
        try checkLength("output.count", output.count, "batch·outputCount", batch, geometry.outputCount)
        try checkISA(instructionSet)
        var job = DenseJob(geometry: geometry, direction: .forward, batch: batch,
                           threads: max(1, threads), isa: instructionSet)
        job.algorithm = algorithm
        try job.run(input, weights, bias, output)
    }

    /// `output ← convT(input) + bias = Wᵀ·input + bias` on caller-owned buffers; see
    /// ``applyTransposed(_:input:weights:bias:batch:threads:instructionSet:algorithm:)``. `output` must hold
    /// exactly `batch · geometry.inputCount` elements and must not overlap `input`.
    /// - Complexity: as the array form, without allocating the output.
    public static func applyTransposed<T: DenseScalar>(_ geometry: ConvolutionGeometry, input: UnsafeBufferPointer<T>,
                                                  weights: UnsafeBufferPointer<T>, bias: UnsafeBufferPointer<T>?,
                                                  output: UnsafeMutableBufferPointer<T>, batch: Int,
                                                  threads: Int = DenseConvolution.defaultThreadCount,
                                                  instructionSet: DenseInstructionSet = .best,
                                                  algorithm: DenseAlgorithm = .automatic) throws {
        try checkBatch(batch)
        try checkLength("input.count", input.count, "batch·outputCount", batch, geometry.outputCount)
        try checkLength("weights.count", weights.count, "weightCount", 1, geometry.weightCount)
        if let bias { try checkLength("bias.count", bias.count, "inChannels", 1, geometry.inChannels) }
        try checkLength("output.count", output.count, "batch·inputCount", batch, geometry.inputCount)
        try checkISA(instructionSet)
        var job = DenseJob(geometry: geometry, direction: .transposed, batch: batch,
                           threads: max(1, threads), isa: instructionSet)
        job.algorithm = algorithm
        try job.run(input, weights, bias, output)
    }

    static func checkISA(_ isa: DenseInstructionSet) throws {
        guard isa.isSupported else {
            throw ConvMatrixError.unsupported("instructionSet", isa,
                                              "this CPU does not support it; supported: \(DenseInstructionSet.supported.map(\.rawValue).joined(separator: ", "))")
        }
    }
}
