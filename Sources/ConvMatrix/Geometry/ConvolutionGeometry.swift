/// The complete, validated geometry of one convolution `y = conv(x)` on one sample:
/// channels, groups, every spatial axis, the padding mode and the memory layouts.
///
/// A transposed convolution is described by the geometry of the convolution whose matrix it
/// transposes (see ``Convolution``); this type always describes the forward map
/// `x ∈ ℝ^(inChannels·Πn) → y ∈ ℝ^(outChannels·ΠO)`.
///
/// Every instance is valid: the initializer checks each rule once and throws a
/// ``ConvMatrixError`` naming the parameter, its value and the rule. Code past this point
/// (the compiler and the dense path) may assume a valid geometry: every length, the element
/// counts of the input, output and weight, and `nominalMultiplyAdds` (hence nnz) fit in `Int`,
/// so the count properties need no checks.
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
        try Self.validateCounts(inChannels: inChannels, outChannels: outChannels, groups: groups, axes: axes)
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
    public var inputMemoryShape: [Int] { inputLayout.memoryShape(logical: inputShape) }
    /// Output shape in memory order (the layout applied), without the batch axis.
    public var outputMemoryShape: [Int] { outputLayout.memoryShape(logical: outputShape) }
    /// PyTorch's weight layout `[C_out, C_in/groups, k₁, …, k_D]`.
    public var weightShape: [Int] { [outChannels, inChannelsPerGroup] + kernelShape }
    /// Elements of one input sample: the number of columns of `W` (checked to fit by `init`).
    public var inputCount: Int { inputShape.reduce(1, &*) }
    /// Elements of one output sample: the number of rows of `W` (checked to fit by `init`).
    public var outputCount: Int { outputShape.reduce(1, &*) }
    /// Elements of the weight tensor (checked to fit by `init`).
    public var weightCount: Int { weightShape.reduce(1, &*) }
    /// Multiply-adds of one dense forward sample, counting every tap (padding included):
    /// `C_out · ΠO · (C_in/groups) · Πk`, an upper bound of nnz(`W`) (checked to fit by `init`).
    public var nominalMultiplyAdds: Int { outputCount &* (weightCount / outChannels) }

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
