/// The complete, validated geometry of one convolution `y = conv(x)` on one sample:
/// channels, groups, every spatial axis, the padding mode and the memory layouts.
///
/// A transposed convolution is described by the geometry of the convolution whose matrix it
/// transposes (see ``Convolution``); this type always describes the forward map
/// `x ∈ ℝ^(inChannels·Πn) → y ∈ ℝ^(outChannels·ΠO)`.
///
/// Every instance is valid: the initializer checks each rule once and throws a
/// ``ConvMatrixError`` naming the parameter, its value and the rule. Code past this point
/// (the compiler and the dense path) may assume a valid geometry.
///
/// The weight is PyTorch's convolution layout `(outChannels, inChannels/groups, k₁, …, k_D)`,
/// row-major; output channel `co` belongs to group `co / (outChannels/groups)` and reads the
/// input channels of that group.
public struct ConvolutionGeometry: Hashable, Sendable, CustomStringConvertible {
    public let inChannels: Int
    public let outChannels: Int
    public let groups: Int
    public let axes: [AxisGeometry]
    public let paddingMode: PaddingMode
    /// Memory order of the input `x` (columns of `W`).
    public let inputLayout: TensorLayout
    /// Memory order of the output `y` (rows of `W`).
    public let outputLayout: TensorLayout

    public init(inChannels: Int, outChannels: Int, groups: Int = 1, axes: [AxisGeometry],
                paddingMode: PaddingMode = .zeros,
                inputLayout: TensorLayout = .channelsFirst, outputLayout: TensorLayout = .channelsFirst) throws {
        guard !axes.isEmpty else {
            throw ConvMatrixError.invalid("spatial axes", 0, "a convolution needs at least one spatial axis")
        }
        guard inChannels >= 1 else { throw ConvMatrixError.invalid("in_channels", inChannels, "must be ≥ 1") }
        guard outChannels >= 1 else { throw ConvMatrixError.invalid("out_channels", outChannels, "must be ≥ 1") }
        try Self.validateGroups(groups, inChannels: inChannels, outChannels: outChannels)
        for (a, axis) in axes.enumerated() { try Self.validate(axis, index: a) }
        try Self.validate(paddingMode, axes: axes)
        try inputLayout.validate(parameter: "input layout", spatialRank: axes.count)
        try outputLayout.validate(parameter: "output layout", spatialRank: axes.count)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.groups = groups
        self.axes = axes
        self.paddingMode = paddingMode
        self.inputLayout = inputLayout
        self.outputLayout = outputLayout
    }

    /// Number of spatial axes `D`.
    public var spatialRank: Int { axes.count }
    public var inputSpatialShape: [Int] { axes.map(\.inputSize) }
    public var outputSpatialShape: [Int] { axes.map(\.outputSize) }
    public var kernelShape: [Int] { axes.map(\.kernelSize) }
    /// `inChannels / groups`.
    public var inChannelsPerGroup: Int { inChannels / groups }
    /// `outChannels / groups`.
    public var outChannelsPerGroup: Int { outChannels / groups }
    /// Logical input shape `[C_in, n₁, …, n_D]` (channel first, whatever the layout).
    public var inputShape: [Int] { [inChannels] + inputSpatialShape }
    /// Logical output shape `[C_out, O₁, …, O_D]`.
    public var outputShape: [Int] { [outChannels] + outputSpatialShape }
    /// Input shape in memory order (the layout applied), without the batch axis.
    public var inputMemoryShape: [Int] { inputLayout.order(spatialRank: spatialRank).map { inputShape[$0] } }
    /// Output shape in memory order (the layout applied), without the batch axis.
    public var outputMemoryShape: [Int] { outputLayout.order(spatialRank: spatialRank).map { outputShape[$0] } }
    /// PyTorch's weight layout `[C_out, C_in/groups, k₁, …, k_D]`.
    public var weightShape: [Int] { [outChannels, inChannelsPerGroup] + kernelShape }
    /// Elements of one input sample: the number of columns of `W`.
    public var inputCount: Int { inputShape.reduce(1, *) }
    /// Elements of one output sample: the number of rows of `W`.
    public var outputCount: Int { outputShape.reduce(1, *) }
    /// Elements of the weight tensor.
    public var weightCount: Int { weightShape.reduce(1, *) }
    /// Multiply-adds of one dense forward sample, counting every tap (padding included):
    /// `C_out · ΠO · (C_in/groups) · Πk`.
    public var nominalMultiplyAdds: Int { outputCount * inChannelsPerGroup * kernelShape.reduce(1, *) }

    public var description: String {
        var parts = ["in_channels=\(inChannels)", "out_channels=\(outChannels)"]
        if groups != 1 { parts.append("groups=\(groups)") }
        parts.append("input=\(listDescription(inputSpatialShape))")
        parts.append("kernel=\(listDescription(kernelShape))")
        parts.append("stride=\(listDescription(axes.map(\.stride)))")
        parts.append("pads=\(listDescription(axes.map(\.padBegin) + axes.map(\.padEnd)))")
        if axes.contains(where: { $0.dilation != 1 }) { parts.append("dilation=\(listDescription(axes.map(\.dilation)))") }
        if axes.contains(where: { $0.inputDilation != 1 }) {
            parts.append("input_dilation=\(listDescription(axes.map(\.inputDilation)))")
        }
        if paddingMode != .zeros { parts.append("padding_mode=\(paddingMode)") }
        if inputLayout != .channelsFirst { parts.append("input_layout=\(inputLayout)") }
        if outputLayout != .channelsFirst { parts.append("output_layout=\(outputLayout)") }
        parts.append("output=\(listDescription(outputSpatialShape))")
        return "Conv(" + parts.joined(separator: ", ") + ")"
    }
}

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

    /// Checks one axis: positive sizes, a non-empty cropped input, a non-empty output.
    static func validate(_ axis: AxisGeometry, index a: Int) throws {
        guard axis.inputSize >= 1 else {
            throw ConvMatrixError.invalid("input size[\(a)]", axis.inputSize, "must be ≥ 1")
        }
        guard axis.kernelSize >= 1 else {
            throw ConvMatrixError.invalid("kernel_size[\(a)]", axis.kernelSize, "must be ≥ 1")
        }
        guard axis.stride >= 1 else { throw ConvMatrixError.invalid("stride[\(a)]", axis.stride, "must be ≥ 1") }
        guard axis.dilation >= 1 else {
            throw ConvMatrixError.invalid("dilation[\(a)]", axis.dilation, "must be ≥ 1")
        }
        guard axis.inputDilation >= 1 else {
            throw ConvMatrixError.invalid("input_dilation[\(a)]", axis.inputDilation, "must be ≥ 1")
        }
        let kept = axis.dilatedInputSize + min(axis.padBegin, 0) + min(axis.padEnd, 0)
        guard kept >= 1 else {
            throw ConvMatrixError.invalid("pads[\(a)]", "(\(axis.padBegin), \(axis.padEnd))",
                                          "negative pads remove \(axis.dilatedInputSize - kept) of the \(axis.dilatedInputSize) (dilated) input elements; at least one must remain")
        }
        let natural = axis.naturalOutputSize
        guard natural >= 1 else {
            let padded = axis.dilatedInputSize + axis.padBegin + axis.padEnd
            throw ConvMatrixError.invalid("kernel_size[\(a)]", axis.kernelSize,
                                          "the dilated kernel spans \(axis.kernelSpan) but the padded input has only \(padded) elements, so the output would be empty")
        }
        guard axis.outputSize >= 1, axis.outputSize <= natural else {
            throw ConvMatrixError.invalid("output size[\(a)]", axis.outputSize,
                                          "must be between 1 and the natural output size \(natural)")
        }
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
