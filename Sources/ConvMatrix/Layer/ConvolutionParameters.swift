/// A convolution layer's hyper-parameters in PyTorch's vocabulary (`nn.Conv2d`,
/// `nn.ConvTranspose2d`, …) plus ConvMatrix's extensions (input dilation, layouts): everything
/// but the input's spatial size, which each call brings.
///
/// ``convolution(inputShape:)`` resolves them on an input through the PyTorch front end
/// (``Convolution/conv(inputShape:weightShape:stride:padding:dilation:groups:paddingMode:inputDilation:inputLayout:outputLayout:)``
/// and ``Convolution/convTransposed(inputShape:weightShape:stride:padding:outputPadding:dilation:groups:outputSize:paddingMode:inputLayout:outputLayout:)``),
/// which validates them once, with typed errors.
public struct ConvolutionParameters: Hashable, Sendable, CustomStringConvertible {
    /// `ConvTranspose` (`x = Wᵀ·y`) rather than `Conv` (`y = W·x`).
    public var isTransposed: Bool
    /// The layer's input channels.
    public var inChannels: Int
    /// The layer's output channels.
    public var outChannels: Int
    /// One kernel length per spatial axis; its count is the spatial rank.
    public var kernelSize: [Int]
    public var stride: AxisValues
    public var padding: Padding
    public var dilation: AxisValues
    public var groups: Int
    /// `ConvTranspose` only: extra output elements at the end of each axis (`< max(stride, dilation)`).
    public var outputPadding: AxisValues
    public var paddingMode: PaddingMode
    /// `Conv` only (JAX's `lhs_dilation`): `l−1` zeros between neighbouring inputs.
    public var inputDilation: AxisValues
    public var inputLayout: TensorLayout
    public var outputLayout: TensorLayout

    public init(isTransposed: Bool, inChannels: Int, outChannels: Int, kernelSize: [Int], stride: AxisValues = 1,
                padding: Padding = 0, dilation: AxisValues = 1, groups: Int = 1, outputPadding: AxisValues = 0,
                paddingMode: PaddingMode = .zeros, inputDilation: AxisValues = 1,
                inputLayout: TensorLayout = .channelsFirst, outputLayout: TensorLayout? = nil) {
        self.isTransposed = isTransposed
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.outputPadding = outputPadding
        self.paddingMode = paddingMode
        self.inputDilation = inputDilation
        self.inputLayout = inputLayout
        self.outputLayout = outputLayout ?? inputLayout
    }

    /// `D`, the number of spatial axes.
    public var spatialRank: Int { kernelSize.count }

    /// PyTorch's weight shape: `(C_out, C_in/groups, k…)` for `Conv`, `(C_in, C_out/groups, k…)`
    /// for `ConvTranspose` — which is the weight of the convolution it transposes.
    ///
    /// - Throws: `.invalidParameter` when `groups` does not divide the channel counts.
    public func weightShape() throws -> [Int] {
        try ConvolutionGeometry.validateGroups(groups, inChannels: inChannels, outChannels: outChannels)
        return isTransposed ? [inChannels, outChannels / groups] + kernelSize : [outChannels, inChannels / groups] + kernelSize
    }

    /// `Π weightShape`, the number of weights.
    ///
    /// - Throws: `.overBudget` naming the weight shape when the count exceeds `Int.max`.
    public func weightCount() throws -> Int {
        let shape = try weightShape()
        return try checkedProduct(shape, .tooLarge("weight shape", listDescription(shape), "its element count"))
    }

    /// The layer on an input of `inputShape` (memory order, batch first).
    ///
    /// - Throws: a typed error naming the parameter at fault (channels that do not match the
    ///   input, a kernel that does not fit, a pad out of range, …).
    public func convolution(inputShape: [Int]) throws -> Convolution {
        let weights = try weightShape()
        let (channels, _) = try Convolution.logicalInput(inputShape, rank: spatialRank, layout: inputLayout)
        guard channels == inChannels else {
            let reading = inputShape.count == spatialRank + 1 ? " (read without a batch axis, as (C, spatial…))" : ""
            throw ConvMatrixError.mismatch("input shape", listDescription(inputShape),
                                           "has \(channels) channel\(channels == 1 ? "" : "s")\(reading) but the layer's in_channels is \(inChannels)")
        }
        if isTransposed {
            guard inputDilation.values.allSatisfy({ $0 == 1 }) else {
                throw ConvMatrixError.invalid("input_dilation", inputDilation, "applies to convolutions only")
            }
            return try Convolution.convTransposed(inputShape: inputShape, weightShape: weights, stride: stride,
                                                  padding: padding, outputPadding: outputPadding, dilation: dilation,
                                                  groups: groups, paddingMode: paddingMode, inputLayout: inputLayout,
                                                  outputLayout: outputLayout)
        }
        guard outputPadding.values.allSatisfy({ $0 == 0 }) else {
            throw ConvMatrixError.invalid("output_padding", outputPadding, "applies to ConvTranspose only")
        }
        return try Convolution.conv(inputShape: inputShape, weightShape: weights, stride: stride, padding: padding,
                                    dilation: dilation, groups: groups, paddingMode: paddingMode,
                                    inputDilation: inputDilation, inputLayout: inputLayout, outputLayout: outputLayout)
    }

    /// `Conv2d(3, 8, kernel_size=[3, 3], stride=1, padding=1)`, in PyTorch's words.
    public var description: String {
        var parts = ["\(inChannels)", "\(outChannels)", "kernel_size=\(listDescription(kernelSize))"]
        if !stride.values.allSatisfy({ $0 == 1 }) { parts.append("stride=\(stride)") }
        if padding != .symmetric(AxisValues(Array(repeating: 0, count: 1))), padding != .symmetric(AxisValues(Array(repeating: 0, count: spatialRank))) { parts.append("padding=\(padding)") }
        if isTransposed, !outputPadding.values.allSatisfy({ $0 == 0 }) { parts.append("output_padding=\(outputPadding)") }
        if !dilation.values.allSatisfy({ $0 == 1 }) { parts.append("dilation=\(dilation)") }
        if groups != 1 { parts.append("groups=\(groups)") }
        if paddingMode != .zeros { parts.append("padding_mode='\(paddingMode)'") }
        if !inputDilation.values.allSatisfy({ $0 == 1 }) { parts.append("input_dilation=\(inputDilation)") }
        if inputLayout != .channelsFirst || outputLayout != inputLayout {
            parts.append(outputLayout == inputLayout ? "layout=\(inputLayout)" : "layout=\(inputLayout)→\(outputLayout)")
        }
        return (isTransposed ? "ConvTranspose" : "Conv") + "\(spatialRank)d(" + parts.joined(separator: ", ") + ")"
    }
}
