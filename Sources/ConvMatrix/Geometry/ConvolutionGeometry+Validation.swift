/// The rules a ``ConvolutionGeometry`` checks once, in its initializer.
extension ConvolutionGeometry {
    /// Checks that `groups` is positive and divides both channel counts. The front ends call it
    /// before comparing weight shapes, so the more basic error is the one reported.
    static func validateGroups(_ groups: Int, inChannels: Int, outChannels: Int) throws {
        guard groups >= 1 else { throw ConvMatrixError.invalid("groups", groups, "must be ≥ 1") }
        guard inChannels % groups == 0 else {
            throw ConvMatrixError.invalid("groups", groups, "must divide in_channels = \(inChannels)")
        }
        guard outChannels % groups == 0 else {
            throw ConvMatrixError.invalid("groups", groups, "must divide out_channels = \(outChannels)")
        }
    }

    /// Checks one axis: positive sizes, lengths that fit in `Int`, a non-empty cropped input,
    /// a non-empty output.
    static func validate(_ axis: AxisGeometry, index a: Int) throws {
        let n = axis.inputSize, k = axis.kernelSize, d = axis.dilation, b = axis.padBegin, e = axis.padEnd
        try AxisGeometry.requirePositive(["input size": n, "kernel_size": k, "stride": axis.stride, "dilation": d,
                                          "input_dilation": axis.inputDilation], axis: a)
        let dilated = try AxisGeometry.dilatedLength(n: n, l: axis.inputDilation, axis: a)
        let span = try AxisGeometry.kernelSpan(k: k, d: d, axis: a)
        guard case .success(let kept) = exactSum([dilated, min(b, 0), min(e, 0)]), kept >= 1 else {
            let removed = sumDescription(negatedTerms(min(b, 0)) + negatedTerms(min(e, 0)))
            throw ConvMatrixError.invalid("pads[\(a)]", "(\(b), \(e))",
                                          "negative pads remove \(removed) of the \(dilated) (dilated) input elements; at least one must remain")
        }
        let natural = try AxisGeometry.outputLength(n: n, k: k, s: axis.stride, d: d, l: axis.inputDilation,
                                                    b: b, e: e, axis: a)
        guard natural >= 1 else {
            throw ConvMatrixError.invalid("kernel_size[\(a)]", k,
                                          "the dilated kernel spans \(span) but the padded input has only \(sumDescription([dilated, b, e])) elements, so the output would be empty")
        }
        guard axis.outputSize >= 1, axis.outputSize <= natural else {
            throw ConvMatrixError.invalid("output size[\(a)]", axis.outputSize,
                                          "must be between 1 and the natural output size \(natural)")
        }
    }

    /// Checks that the element counts of the input, output and weight, and the number of taps
    /// of `W` (`nominalMultiplyAdds`, which bounds nnz), fit in `Int`.
    static func validateCounts(inChannels: Int, outChannels: Int, groups: Int, axes: [AxisGeometry]) throws {
        let input = [inChannels] + axes.map(\.inputSize), output = [outChannels] + axes.map(\.outputSize)
        let weight = [outChannels, inChannels / groups] + axes.map(\.kernelSize)
        _ = try checkedProduct(input, .tooLarge("input shape", listDescription(input), "its element count"))
        _ = try checkedProduct(weight, .tooLarge("weight shape", listDescription(weight), "its element count"))
        let rows = try checkedProduct(output, .tooLarge("output shape", listDescription(output), "its element count"))
        let perRow = try checkedProduct(Array(weight.dropFirst()), .tooLarge("weight shape", listDescription(weight), "its element count"))
        _ = try checkedProduct(rows, perRow, .tooLarge("input shape", listDescription(input),
                                                       "W's \(rows) rows × up to \(perRow) entries per row"))
    }

    /// The padding-mode rules (PyTorch's, where PyTorch has one).
    static func validate(_ mode: PaddingMode, axes: [AxisGeometry]) throws {
        guard mode != .zeros else { return }
        for (a, axis) in axes.enumerated() {
            if axis.inputDilation != 1 {
                throw ConvMatrixError.unsupported("padding_mode", mode,
                                                  "input_dilation[\(a)] = \(axis.inputDilation): a non-zero padding mode extends the original input, and with injected zeros it is ambiguous which sequence is mirrored; use padding_mode 'zeros' or input dilation 1")
            }
            if axis.padBegin < 0 || axis.padEnd < 0 {
                throw ConvMatrixError.unsupported("pads[\(a)]", "(\(axis.padBegin), \(axis.padEnd))",
                                                  "negative pads (crops) combine only with padding_mode 'zeros'")
            }
            let n = axis.inputSize
            switch mode {
            case .reflect:
                if axis.padBegin >= n || axis.padEnd >= n {
                    throw ConvMatrixError.invalid("pads[\(a)]", "(\(axis.padBegin), \(axis.padEnd))",
                                                  "padding_mode 'reflect' needs each pad < input size \(n)")
                }
            case .circular:
                if axis.padBegin > n || axis.padEnd > n {
                    throw ConvMatrixError.invalid("pads[\(a)]", "(\(axis.padBegin), \(axis.padEnd))",
                                                  "padding_mode 'circular' needs each pad ≤ input size \(n)")
                }
            case .replicate, .zeros:
                break
            }
        }
    }
}

/// A sum for a message: its value, or which way it leaves `Int`.
func sumDescription(_ terms: [Int]) -> String {
    switch exactSum(terms) {
    case .success(let value): return "\(value)"
    case .failure(.above): return "more than 2⁶³ − 1"
    case .failure(.below): return "less than −2⁶³"
    }
}
