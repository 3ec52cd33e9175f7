/// The ONNX front end: a `Conv` or `ConvTranspose` node with ONNX's attribute semantics.
///
/// - `Conv` with `auto_pad` SAME_UPPER / SAME_LOWER: output `⌈n'/s⌉`, total padding
///   `max(0, (out−1)·s + d·(k−1) + 1 − n')`, the odd element at the end (UPPER) or begin (LOWER).
/// - `ConvTranspose` with `output_shape` (or SAME_*, which asks for `in·s`): total padding
///   `s·(m−1) + output_padding + d·(k−1) + 1 − output_shape`, split with floor division —
///   SAME_UPPER: begin `⌊t/2⌋`; otherwise begin `t − ⌊t/2⌋` — as ONNX's reference does
///   (`test_convtranspose_output_shape` and `test_convtranspose_autopad_same` pin it down).
extension Convolution {
    /// - Parameters:
    ///   - inputShape: `X`'s shape in memory order (`N × C × spatial`, or `N × spatial × C` for
    ///     the channels-last extension).
    ///   - weightShape: `W`'s shape in ONNX's layout for `op`.
    public static func onnx(_ op: ONNXOperator, inputShape: [Int], weightShape: [Int],
                            attributes: ONNXAttributes) throws -> Convolution {
        let rank = try spatialRank(weightShape: weightShape)
        let (channels, sizes) = try logicalInput(inputShape, rank: rank, layout: attributes.layout)
        let kernel = Array(weightShape.dropFirst(2))
        if let k = attributes.kernelShape, k != kernel {
            throw ConvMatrixError.mismatch("kernel_shape", listDescription(k),
                                           "must equal the weight's spatial shape \(listDescription(kernel))")
        }
        let strides = try perAxis(attributes.strides, rank: rank, default: 1, parameter: "strides")
        let dilations = try perAxis(attributes.dilations, rank: rank, default: 1, parameter: "dilations")
        let pads = try perAxis(attributes.pads, rank: 2 * rank, default: 0, parameter: "pads")
        let group = attributes.group
        switch op {
        case .conv:
            let inputDilations = try perAxis(attributes.inputDilations, rank: rank, default: 1, parameter: "input_dilations")
            if attributes.outputPadding != nil || attributes.outputShape != nil {
                throw ConvMatrixError.invalid(attributes.outputPadding != nil ? "output_padding" : "output_shape",
                                              listDescription(attributes.outputPadding ?? attributes.outputShape ?? []),
                                              "is a ConvTranspose attribute; Conv does not take it")
            }
            var begin = Array(pads.prefix(rank)), end = Array(pads.suffix(rank))
            if attributes.autoPad != .notSet {
                for a in 0..<rank {
                    (begin[a], end[a]) = try autoPads(attributes.autoPad, size: sizes[a], inputDilation: inputDilations[a],
                                                      kernel: kernel[a], stride: strides[a], dilation: dilations[a], axis: a)
                }
            }
            return try conv(inputShape: inputShape, weightShape: weightShape, stride: AxisValues(strides),
                            padding: .beginEnd(begin: begin, end: end), dilation: AxisValues(dilations), groups: group,
                            paddingMode: attributes.paddingMode, inputDilation: AxisValues(inputDilations),
                            inputLayout: attributes.layout, outputLayout: attributes.layout)
        case .convTranspose:
            if attributes.inputDilations != nil {
                throw ConvMatrixError.invalid("input_dilations", listDescription(attributes.inputDilations!),
                                              "applies to Conv only")
            }
            try ConvolutionGeometry.validateGroups(group, inChannels: weightShape[0],
                                                   outChannels: try transposedOutChannels(weightShape: weightShape, groups: group))
            guard weightShape[0] == channels else {
                throw ConvMatrixError.mismatch("W shape", listDescription(weightShape),
                                               "W.shape[0] = \(weightShape[0]) must equal X's channels \(channels) (ConvTranspose W is C × M/group × k…)")
            }
            let outputPadding = try perAxis(attributes.outputPadding, rank: rank, default: 0, parameter: "output_padding")
            var begin = Array(pads.prefix(rank)), end = Array(pads.suffix(rank))
            var target = attributes.outputShape.map { $0.count > rank ? Array($0.suffix(rank)) : $0 }
            if target == nil, attributes.autoPad == .sameUpper || attributes.autoPad == .sameLower {
                target = try (0..<rank).map { a in
                    try checkedProduct(sizes[a], strides[a],
                                       .tooLarge("strides[\(a)]", strides[a], "the SAME output length \(sizes[a]) × \(strides[a])"))
                }
            }
            if attributes.autoPad == .valid { begin = Array(repeating: 0, count: rank); end = begin }
            if let target {
                guard target.count == rank else {
                    throw ConvMatrixError.invalid("output_shape", listDescription(attributes.outputShape ?? []),
                                                  "needs \(rank) spatial sizes")
                }
                for a in 0..<rank {
                    let full = try AxisGeometry.transposedLength(m: sizes[a], k: kernel[a], s: strides[a], d: dilations[a],
                                                                 b: 0, e: 0, p: outputPadding[a], axis: a)
                    let total = try checkedDifference(full, target[a], .tooLarge("output_shape[\(a)]", target[a],
                                                                                 "the total padding \(full) − \(target[a])"))
                    let half = floorDivision(total, 2)
                    if attributes.autoPad == .sameUpper { (begin[a], end[a]) = (half, total - half) }
                    else { (begin[a], end[a]) = (total - half, half) }
                }
            }
            let geometry = try transposedGeometry(channels: channels, sizes: sizes, weightShape: weightShape, groups: group,
                                                  strides: strides, dilations: dilations, begin: begin, end: end,
                                                  outputPadding: outputPadding, paddingMode: attributes.paddingMode,
                                                  transposedInputLayout: attributes.layout,
                                                  transposedOutputLayout: attributes.layout)
            return Convolution(geometry: geometry, direction: .transposed)
        }
    }

    private static func perAxis(_ values: [Int]?, rank: Int, default value: Int, parameter: String) throws -> [Int] {
        guard let values else { return Array(repeating: value, count: rank) }
        guard values.count == rank else {
            throw ConvMatrixError.invalid(parameter, listDescription(values), "needs \(rank) values, got \(values.count)")
        }
        return values
    }

    /// ONNX `Conv` auto padding along one axis.
    private static func autoPads(_ mode: ONNXAttributes.AutoPad, size: Int, inputDilation: Int, kernel: Int,
                                 stride: Int, dilation: Int, axis: Int) throws -> (Int, Int) {
        guard mode != .valid else { return (0, 0) }
        // Output ⌈n'/s⌉ is the unpadded output of a 1-tap kernel; the padded length it needs,
        // (out−1)·s + d·(k−1) + 1, is the transposed output length of `out`.
        let output = try AxisGeometry.outputLength(n: size, k: 1, s: stride, d: 1, l: inputDilation, b: 0, e: 0, axis: axis)
        let needed = try AxisGeometry.transposedLength(m: output, k: kernel, s: stride, d: dilation, b: 0, e: 0, p: 0, axis: axis)
        let dilated = try AxisGeometry.dilatedLength(n: size, l: inputDilation, axis: axis)
        let total = max(0, needed - dilated)  // both ≥ 1: no overflow
        return mode == .sameUpper ? (total / 2, total - total / 2) : (total - total / 2, total / 2)
    }
}
