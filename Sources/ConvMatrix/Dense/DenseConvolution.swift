internal import CConvKernels

/// The dense direct convolution: ConvMatrix's fast path and its independent oracle.
///
/// It shares only ``ConvolutionGeometry`` with the sparse compiler and never reads `W`, so the
/// two derivations of the same index relation check each other.
///
/// - ``apply(_:input:weights:bias:batch:threads:instructionSet:algorithm:)`` computes `y = conv(x) + b`:
///   per axis the input is dilated by `l`, padded by `b`/`e` (zeros, or reflect / replicate /
///   circular on the original input; negative pads crop), and
///   `y[co, o] = b[co] + Σ_{ci ∈ group(co)} Σ_t W[co, ci, t] · padded[ci, s·o + d·t]`.
/// - ``applyTransposed(_:input:weights:bias:batch:threads:instructionSet:)`` computes
///   `x = convT(y) + b = Wᵀ·y + b`, exactly the adjoint of the forward map (mirrored and
///   wrapped padding folds back onto the input elements it copied).
///
/// Both run a register-blocked SIMD "offset GEMM" (an implicit GEMM with
/// `M = C_out/groups`, `K = (C_in/groups)·Πk`, `N =` flattened output positions) over a
/// padded, stride-phase-split copy of the input, in Float or Double, with AVX-512, AVX2+FMA
/// or portable kernels chosen at run time (``DenseInstructionSet``), on `threads` workers that
/// split samples × blocks of groups × slabs (or input-channel chunks for the transposed map).
/// Forward 3 × 3 layers (and 1-D layers of kernel 3) of stride 1 with at least 16 channels
/// each side, and their transposed maps (pads of at most 2), run Winograd F(2×2, 3×3)
/// (F(2, 3)) instead (``winogradApplies(to:direction:)``) unless ``DenseAlgorithm/direct`` is
/// asked for: the same GEMM kernel on transformed tiles, 2.25× (1.5×) fewer multiplications
/// (``WinogradPlan``).
public enum DenseConvolution {
    /// The number of processors this process may run on (its CPU affinity, so `taskset -c 0`
    /// gives 1), at least 1.
    public static var defaultThreadCount: Int { max(1, cvk_active_processors()) }

    /// `y ← conv(x) + b` for `batch` samples stored one after another.
    ///
    /// - Parameters:
    ///   - input: `batch · geometry.inputCount` elements in `geometry.inputLayout`.
    ///   - weights: `geometry.weightCount` elements, PyTorch layout `(C_out, C_in/groups, k…)`.
    ///   - bias: `nil` or `geometry.outChannels` elements, added at every output position.
    ///   - threads: workers; 1 runs on the calling thread.
    ///   - instructionSet: the kernel variant (tests force each one); must be supported.
    ///   - algorithm: ``DenseAlgorithm/automatic`` (Winograd F(2×2, 3×3) or F(2, 3) on the layers of
    ///     ``winogradApplies(to:direction:)``, else direct), or one forced.
    /// - Returns: `batch · geometry.outputCount` elements in `geometry.outputLayout`.
    /// - Throws: ``ConvMatrixError`` `.shapeMismatch` naming the array whose length is wrong
    ///   (or `batch` when it is below 1), `.overBudget` when the scratch would not fit,
    ///   `.unsupported` for ``DenseAlgorithm/winograd`` on a layer it does not compute.
    /// - Complexity: O(batch · C_out · ΠO · (C_in/groups) · Πk) multiply-adds (plus the
    ///   wrap-around columns of each row), O(threads · slab) scratch; with Winograd
    ///   16·C_out·C_in per 2 × 2 output tile instead of 36 (1-D: 4 per 2 outputs instead of 6),
    ///   O(threads · 512 KiB) scratch.
    public static func apply<T: DenseScalar>(_ geometry: ConvolutionGeometry, input: [T], weights: [T],
                                               bias: [T]? = nil, batch: Int,
                                               threads: Int = DenseConvolution.defaultThreadCount,
                                               instructionSet: DenseInstructionSet = .best,
                                               algorithm: DenseAlgorithm = .automatic) throws -> [T] {
        try checkBatch(batch)
        try checkLength("input.count", input.count, "batch·inputCount", batch, geometry.inputCount)
        try checkOutput(elements: batch.multipliedReportingOverflow(by: geometry.outputCount), size: MemoryLayout<T>.size)
        var output = [T](repeating: 0, count: batch * geometry.outputCount)
        try input.withUnsafeBufferPointer { x in
            try weights.withUnsafeBufferPointer { w in
                try withOptionalBuffer(bias) { b in
                    try output.withUnsafeMutableBufferPointer { y in
                        try apply(geometry, input: x, weights: w, bias: b, output: y, batch: batch,
                                    threads: threads, instructionSet: instructionSet, algorithm: algorithm)
                    }
                }
            }
        }
        return output
    }

    /// `x ← convT(y) + b = Wᵀ·y + b` for `batch` samples: the exact adjoint of ``apply(_:input:weights:bias:batch:threads:instructionSet:algorithm:)``.
    ///
    /// - Parameters:
    ///   - input: `batch · geometry.outputCount` elements (shape `geometry.outputShape`) in
    ///     `geometry.outputLayout`.
    ///   - weights: `geometry.weightCount` elements, the same array the forward map takes (it is
    ///     PyTorch's `ConvTranspose` weight `(C_in, C_out/groups, k…)` read with the roles named
    ///     from the forward side).
    ///   - bias: `nil` or `geometry.inChannels` elements, added at every position of `x`.
    ///   - algorithm: ``DenseAlgorithm/automatic`` runs Winograd where
    ///     ``winogradApplies(to:direction:)`` says so for `.transposed` (the transposed map of a
    ///     3 × 3 or 1-D kernel-3 layer of stride 1 with pads of at most 2, as the forward
    ///     Winograd layer with the kernels flipped and the channels swapped: the input gradient
    ///     of such a layer), else the direct transposed engine; `.winograd` anywhere else throws.
    /// - Returns: `batch · geometry.inputCount` elements in `geometry.inputLayout`.
    /// - Throws: as ``apply(_:input:weights:bias:batch:threads:instructionSet:algorithm:)``.
    /// - Complexity: O(batch · C_in · Σ_r N_r · (C_out/groups) · |T_r|) multiply-adds: each
    ///   stride phase `r` meets only its own taps `T_r`, so the inserted zeros cost nothing
    ///   (Winograd: 2.25× fewer in 2-D, 1.5× in 1-D, plus O(C_in·C_out) to flip the weights).
    public static func applyTransposed<T: DenseScalar>(_ geometry: ConvolutionGeometry, input: [T], weights: [T],
                                                  bias: [T]? = nil, batch: Int,
                                                  threads: Int = DenseConvolution.defaultThreadCount,
                                                  instructionSet: DenseInstructionSet = .best,
                                                  algorithm: DenseAlgorithm = .automatic) throws -> [T] {
        try checkBatch(batch)
        try checkLength("input.count", input.count, "batch·outputCount", batch, geometry.outputCount)
        try checkOutput(elements: batch.multipliedReportingOverflow(by: geometry.inputCount), size: MemoryLayout<T>.size)
        var output = [T](repeating: 0, count: batch * geometry.inputCount)
        try input.withUnsafeBufferPointer { y in
            try weights.withUnsafeBufferPointer { w in
                try withOptionalBuffer(bias) { b in
                    try output.withUnsafeMutableBufferPointer { x in
                        try applyTransposed(geometry, input: y, weights: w, bias: b, output: x, batch: batch,
                                       threads: threads, instructionSet: instructionSet, algorithm: algorithm)
                    }
                }
            }
        }
        return output
    }

    /// Throws `.overBudget` when the output array would not fit the memory budget.
    static func checkOutput(elements: (partialValue: Int, overflow: Bool), size: Int) throws {
        guard !elements.overflow else {
            throw ConvMatrixError(.overBudget, parameter: "memory", value: "more than \(Int.max) elements",
                                  rule: "the output of the dense path must fit in memory")
        }
        try checkMemory(elements: elements.partialValue, size: size, what: "the dense path's output")
    }
}

/// Calls `body` with the array's buffer, or with `nil`.
func withOptionalBuffer<T, R>(_ array: [T]?, _ body: (UnsafeBufferPointer<T>?) throws -> R) rethrows -> R {
    guard let array else { return try body(nil) }
    return try array.withUnsafeBufferPointer { try body($0) }
}
