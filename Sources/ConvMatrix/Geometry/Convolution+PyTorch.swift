/// The PyTorch front end: `torch.nn.functional.conv{1,2,3}d` / `conv_transpose{1,2,3}d`
/// parameters, names and meanings, validated once with typed errors.
///
/// `inputShape` is the shape of the input tensor as the user holds it, in the input layout's
/// memory order (`(N, C, H, W)` or, channels-last, `(N, H, W, C)`); the batch axis is
/// optional and ignored. The number of spatial axes comes from the weight shape.
extension Convolution {
    /// A convolution `y = conv(x)`; weight `(C_out, C_in/groups, k₁, …, k_D)`.
    ///
    /// - Parameters:
    ///   - inputDilation: JAX's `lhs_dilation` (zeros injected between inputs; a fractional
    ///     stride), not a PyTorch parameter.
    public static func conv(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1, padding: Padding = 0,
                            dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros,
                            inputDilation: AxisValues = 1, inputLayout: TensorLayout = .channelsFirst,
                            outputLayout: TensorLayout? = nil) throws -> Convolution {
        let rank = try spatialRank(weightShape: weightShape)
        let (channels, sizes) = try logicalInput(inputShape, rank: rank, layout: inputLayout)
        try ConvolutionGeometry.validateGroups(groups, inChannels: channels, outChannels: weightShape[0])
        guard weightShape[1] == channels / groups else {  // groups divides channels (checked above)
            throw ConvMatrixError.mismatch("weight shape", listDescription(weightShape),
                                           "weight.shape[1] × groups = \(weightShape[1]) × \(groups) must equal the input's channels \(channels)")
        }
        let kernel = Array(weightShape.dropFirst(2))
        let strides = try stride.resolve(rank: rank, parameter: "stride")
        let dilations = try dilation.resolve(rank: rank, parameter: "dilation")
        let inputDilations = try inputDilation.resolve(rank: rank, parameter: "input_dilation")
        let (begin, end) = try resolvePads(padding, rank: rank, strides: strides, dilations: dilations, kernel: kernel)
        let axes = (0..<rank).map {
            AxisGeometry(inputSize: sizes[$0], kernelSize: kernel[$0], stride: strides[$0], dilation: dilations[$0],
                         inputDilation: inputDilations[$0], padBegin: begin[$0], padEnd: end[$0])
        }
        let geometry = try ConvolutionGeometry(inChannels: channels, outChannels: weightShape[0], groups: groups,
                                               axes: axes, paddingMode: paddingMode, inputLayout: inputLayout,
                                               outputLayout: outputLayout ?? inputLayout)
        return Convolution(geometry: geometry, direction: .forward)
    }

    /// A transposed convolution `x = convT(y) = Wᵀ·y`; weight `(C_in, C_out/groups, k₁, …, k_D)`.
    ///
    /// Output length per axis: `(m−1)·s − 2p + d·(k−1) + output_padding + 1` (or the begin/end
    /// form). `outputSize` (PyTorch's `output_size`) picks `output_padding` instead; either must
    /// stay below `max(stride, dilation)`. `paddingMode` other than zeros gives the exact
    /// transpose of the convolution with that mode (PyTorch refuses these).
    public static func convTransposed(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1,
                                      padding: Padding = 0, outputPadding: AxisValues = 0, dilation: AxisValues = 1,
                                      groups: Int = 1, outputSize: [Int]? = nil, paddingMode: PaddingMode = .zeros,
                                      inputLayout: TensorLayout = .channelsFirst,
                                      outputLayout: TensorLayout? = nil) throws -> Convolution {
        let rank = try spatialRank(weightShape: weightShape)
        let (channels, sizes) = try logicalInput(inputShape, rank: rank, layout: inputLayout)
        try ConvolutionGeometry.validateGroups(groups, inChannels: weightShape[0],
                                               outChannels: try transposedOutChannels(weightShape: weightShape, groups: groups))
        guard weightShape[0] == channels else {
            throw ConvMatrixError.mismatch("weight shape", listDescription(weightShape),
                                           "weight.shape[0] = \(weightShape[0]) must equal the input's channels \(channels) (transposed weight is (C_in, C_out/groups, k…))")
        }
        let kernel = Array(weightShape.dropFirst(2))
        let strides = try stride.resolve(rank: rank, parameter: "stride")
        let dilations = try dilation.resolve(rank: rank, parameter: "dilation")
        if case .same = padding {
            throw ConvMatrixError.unsupported("padding", padding,
                                              "'same' is not defined for transposed convolution (PyTorch); give the pads or output_size")
        }
        let (begin, end) = try resolvePads(padding, rank: rank, strides: strides, dilations: dilations, kernel: kernel)
        var extra = try outputPadding.resolve(rank: rank, parameter: "output_padding")
        if let outputSize {
            let wanted = outputSize.count == rank + 2 || outputSize.count == rank + 1
                ? Array(outputSize.suffix(rank)) : outputSize
            guard wanted.count == rank else {
                throw ConvMatrixError.invalid("output_size", listDescription(outputSize),
                                              "needs \(rank) spatial sizes, got \(outputSize.count)")
            }
            for a in 0..<rank {
                let valid = try AxisGeometry.transposedLengths(m: sizes[a], k: kernel[a], s: strides[a], d: dilations[a],
                                                               b: begin[a], e: end[a], axis: a)
                guard valid.contains(wanted[a]) else {
                    throw ConvMatrixError.invalid("output_size[\(a)]", wanted[a],
                                                  "valid sizes for this layer range from \(valid.lowerBound) to \(valid.upperBound)")
                }
                // p = wanted − L₀ with L₀ = valid.upperBound − (max(s, d) − 1): no overflow, both fit.
                extra[a] = wanted[a] - (valid.upperBound - (max(strides[a], dilations[a]) - 1))
            }
        }
        let geometry = try transposedGeometry(channels: channels, sizes: sizes, weightShape: weightShape, groups: groups,
                                              strides: strides, dilations: dilations, begin: begin, end: end,
                                              outputPadding: extra, paddingMode: paddingMode,
                                              transposedInputLayout: inputLayout,
                                              transposedOutputLayout: outputLayout ?? inputLayout)
        return Convolution(geometry: geometry, direction: .transposed)
    }
}
