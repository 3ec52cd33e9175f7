/// Shape resolution shared by the PyTorch and ONNX front ends.
extension Convolution {
    /// `D = weight rank − 2`, after checking the weight has positive dimensions.
    static func spatialRank(weightShape: [Int]) throws -> Int {
        guard weightShape.count >= 3 else {
            throw ConvMatrixError.mismatch("weight shape", listDescription(weightShape),
                                           "needs at least 3 dimensions (out, in/groups, kernel…)")
        }
        guard weightShape.allSatisfy({ $0 >= 1 }) else {
            throw ConvMatrixError.invalid("weight shape", listDescription(weightShape), "every dimension must be ≥ 1")
        }
        return weightShape.count - 2
    }

    /// Channels and spatial sizes of an input given in `layout`'s memory order, with or without
    /// the batch axis; the element count of the whole shape (batch included) must fit in `Int`.
    static func logicalInput(_ shape: [Int], rank: Int, layout: TensorLayout) throws -> (channels: Int, sizes: [Int]) {
        guard shape.count == rank + 1 || shape.count == rank + 2 else {
            throw ConvMatrixError.mismatch("input shape", listDescription(shape),
                                           "a \(rank)-d convolution takes \(rank + 2) dimensions (N, C, spatial…) or \(rank + 1) without the batch")
        }
        if shape.count == rank + 2, shape[0] < 1 {
            throw ConvMatrixError.invalid("input shape", listDescription(shape), "the batch size must be ≥ 1")
        }
        if shape.allSatisfy({ $0 >= 1 }) {
            _ = try checkedProduct(shape, .tooLarge("input shape", listDescription(shape), "its element count"))
        }
        try layout.validate(parameter: "layout", spatialRank: rank)
        let logical = layout.logicalShape(memory: Array(shape.suffix(rank + 1)))
        return (logical[0], Array(logical.dropFirst()))
    }

    /// `weight.shape[1] · groups`, the output channels of a transposed convolution whose weight
    /// is `(C_in, C_out/groups, k…)`, after checking `groups ≥ 1`; the product is checked.
    static func transposedOutChannels(weightShape: [Int], groups: Int) throws -> Int {
        guard groups >= 1 else { throw ConvMatrixError.invalid("groups", groups, "must be ≥ 1") }
        return try checkedProduct(weightShape[1], groups,
                                  .tooLarge("groups", groups, "out_channels = weight.shape[1] × groups = \(weightShape[1]) × \(groups)"))
    }

    /// Begin and end pads per axis.
    static func resolvePads(_ padding: Padding, rank: Int, strides: [Int], dilations: [Int],
                            kernel: [Int]) throws -> (begin: [Int], end: [Int]) {
        switch padding {
        case .symmetric(let values):
            let p = try values.resolve(rank: rank, parameter: "padding")
            return (p, p)
        case .beginEnd(let begin, let end):
            guard begin.count == rank, end.count == rank else {
                throw ConvMatrixError.invalid("padding", padding, "needs \(rank) begin and \(rank) end values")
            }
            return (begin, end)
        case .valid:
            return (Array(repeating: 0, count: rank), Array(repeating: 0, count: rank))
        case .same:
            guard strides.allSatisfy({ $0 == 1 }) else {
                throw ConvMatrixError.unsupported("padding", padding,
                                                  "'same' is not supported for strided convolutions (stride = \(listDescription(strides))), as in PyTorch")
            }
            let total = try (0..<rank).map { a in
                try AxisGeometry.requirePositive(["dilation": dilations[a]], axis: a)
                return try AxisGeometry.kernelSpan(k: kernel[a], d: dilations[a], axis: a) - 1
            }
            let begin = total.map { $0 / 2 }
            return (begin, zip(total, begin).map { $0 - $1 })
        }
    }

    /// The geometry of the convolution whose transpose is the requested transposed convolution.
    ///
    /// Per axis with transposed input `m`, the convolution's input (the transposed output) is
    /// ``AxisGeometry/transposedOutputLength(inputLength:kernelSize:stride:dilation:padBegin:padEnd:outputPadding:)``;
    /// the convolution keeps its first `m` outputs (it produces `m + ⌊output_padding / s⌋`).
    static func transposedGeometry(channels: Int, sizes: [Int], weightShape: [Int], groups: Int, strides: [Int],
                                   dilations: [Int], begin: [Int], end: [Int], outputPadding: [Int],
                                   paddingMode: PaddingMode, transposedInputLayout: TensorLayout,
                                   transposedOutputLayout: TensorLayout) throws -> ConvolutionGeometry {
        let kernel = Array(weightShape.dropFirst(2))
        var axes = [AxisGeometry]()
        for a in 0..<sizes.count {
            let n = try AxisGeometry.transposedLength(m: sizes[a], k: kernel[a], s: strides[a], d: dilations[a],
                                                      b: begin[a], e: end[a], p: outputPadding[a], axis: a)
            guard n >= 1 else {
                throw ConvMatrixError.invalid("padding[\(a)]", "(\(begin[a]), \(end[a]))",
                                              "the transposed output length (\(sizes[a])−1)·\(strides[a]) − \(begin[a]) − \(end[a]) + \(dilations[a])·(\(kernel[a])−1) + \(outputPadding[a]) + 1 = \(n) must be ≥ 1")
            }
            axes.append(AxisGeometry(inputSize: n, kernelSize: kernel[a], stride: strides[a], dilation: dilations[a],
                                     padBegin: begin[a], padEnd: end[a], outputSize: sizes[a]))
        }
        return try ConvolutionGeometry(inChannels: try transposedOutChannels(weightShape: weightShape, groups: groups), outChannels: weightShape[0], groups: groups,
                                       axes: axes, paddingMode: paddingMode, inputLayout: transposedOutputLayout,
                                       outputLayout: transposedInputLayout)
    }
}
