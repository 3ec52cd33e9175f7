/// The checked length computations behind `AxisGeometry+Lengths.swift`, with errors that name
/// the axis (`stride[1]`) when the caller knows it, and the domain checks they share with
/// ``ConvolutionGeometry``'s validation.
extension AxisGeometry {
    /// `base[axis]`, or `base` without an axis.
    static func parameterName(_ base: String, _ axis: Int?) -> String { axis.map { "\(base)[\($0)]" } ?? base }

    /// Checks that every named value is ≥ 1: `stride[0] = 0: must be ≥ 1`.
    static func requirePositive(_ values: KeyValuePairs<String, Int>, axis: Int?) throws {
        for (name, value) in values where value < 1 {
            throw ConvMatrixError.invalid(parameterName(name, axis), value, "must be ≥ 1")
        }
    }

    /// `0 ≤ p < max(s, d)`, PyTorch's rule for `output_padding`.
    static func requireOutputPadding(_ p: Int, s: Int, d: Int, axis: Int?) throws {
        let limit = max(s, d)
        guard p >= 0, p < limit else {
            throw ConvMatrixError.invalid(parameterName("output_padding", axis), p,
                                          "must be ≥ 0 and smaller than max(stride, dilation) = \(limit)")
        }
    }

    /// `n' = (n−1)·l + 1`, the input length after zero injection (`n, l ≥ 1`).
    static func dilatedLength(n: Int, l: Int, axis: Int?) throws -> Int {
        try checkedSum([try stretchedLength(n, l, "input_dilation", axis: axis), 1],
                       .tooLarge(parameterName("input_dilation", axis), l, "the dilated input length (\(n)−1)·\(l) + 1"))
    }

    /// `d·(k−1) + 1`, the span of the dilated kernel (`k, d ≥ 1`).
    static func kernelSpan(k: Int, d: Int, axis: Int?) throws -> Int {
        try checkedSum([try kernelReach(k: k, d: d, axis: axis), 1],
                       .tooLarge(parameterName("dilation", axis), d, "the dilated kernel span \(d)·(\(k)−1) + 1"))
    }

    /// `(n−1)·step`, the distance from the first to the last of `n` elements `step` apart.
    private static func stretchedLength(_ n: Int, _ step: Int, _ name: String, axis: Int?) throws -> Int {
        try checkedProduct(n - 1, step, .tooLarge(parameterName(name, axis), step, "(\(n)−1)·\(step)"))
    }

    /// `d·(k−1)`.
    private static func kernelReach(k: Int, d: Int, axis: Int?) throws -> Int {
        try checkedProduct(d, k - 1, .tooLarge(parameterName("dilation", axis), d, "the dilated kernel span \(d)·(\(k)−1) + 1"))
    }

    /// ``convolutionOutputLength(inputLength:kernelSize:stride:dilation:inputDilation:padBegin:padEnd:)``
    /// with errors naming `axis`.
    static func outputLength(n: Int, k: Int, s: Int, d: Int, l: Int, b: Int, e: Int, axis: Int?) throws -> Int {
        try requirePositive(["input size": n, "kernel_size": k, "stride": s, "dilation": d, "input_dilation": l],
                            axis: axis)
        let stretched = try stretchedLength(n, l, "input_dilation", axis: axis)
        let reach = try kernelReach(k: k, d: d, axis: axis)
        // R = (n−1)·l + b + e − d·(k−1); a sum below Int.min means the kernel does not fit.
        switch exactSum([stretched, b, e] + negatedTerms(reach)) {
        case .failure(.below): return 0
        case .failure(.above):
            throw ConvMatrixError.tooLarge(parameterName("padding", axis), "(\(b), \(e))",
                                           "the padded input length (\(n)−1)·\(l) + 1 + \(b) + \(e)")
        case .success(let room):
            guard room >= 0 else { return 0 }
            return try checkedSum([room / s, 1],
                                  .tooLarge(parameterName("padding", axis), "(\(b), \(e))", "the output length"))
        }
    }

    /// ``transposedOutputLength(inputLength:kernelSize:stride:dilation:padBegin:padEnd:outputPadding:)``
    /// with errors naming `axis`.
    static func transposedLength(m: Int, k: Int, s: Int, d: Int, b: Int, e: Int, p: Int, axis: Int?) throws -> Int {
        try requirePositive(["input size": m, "kernel_size": k, "stride": s, "dilation": d], axis: axis)
        try requireOutputPadding(p, s: s, d: d, axis: axis)
        let stretched = try stretchedLength(m, s, "stride", axis: axis)
        let reach = try kernelReach(k: k, d: d, axis: axis)
        let formula = "the transposed output length (\(m)−1)·\(s) − \(b) − \(e) + \(d)·(\(k)−1) + \(p) + 1"
        switch exactSum([stretched, reach, p, 1] + negatedTerms(b) + negatedTerms(e)) {
        case .success(let length): return length
        case .failure(.above): throw ConvMatrixError.tooLarge(parameterName("padding", axis), "(\(b), \(e))", formula)
        case .failure(.below):
            throw ConvMatrixError.invalid(parameterName("padding", axis), "(\(b), \(e))", formula + " is below −2⁶³; it must be ≥ 1")
        }
    }

    /// ``transposedOutputLengths(inputLength:kernelSize:stride:dilation:padBegin:padEnd:)`` with
    /// errors naming `axis`.
    static func transposedLengths(m: Int, k: Int, s: Int, d: Int, b: Int, e: Int, axis: Int?) throws -> ClosedRange<Int> {
        let smallest = try transposedLength(m: m, k: k, s: s, d: d, b: b, e: e, p: 0, axis: axis)
        let largest = try checkedSum([smallest, max(s, d) - 1],
                                     .tooLarge(parameterName("padding", axis), "(\(b), \(e))", "the transposed output length"))
        guard largest >= 1 else {
            throw ConvMatrixError.invalid(parameterName("padding", axis), "(\(b), \(e))",
                                          "the transposed output length (\(m)−1)·\(s) − \(b) − \(e) + \(d)·(\(k)−1) + output_padding + 1 is at most \(largest) for every output_padding < max(stride, dilation) = \(max(s, d)); it must be ≥ 1")
        }
        return max(smallest, 1)...largest
    }
}
