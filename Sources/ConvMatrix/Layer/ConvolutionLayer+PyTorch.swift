/// PyTorch-style constructors: `nn.Conv1d/2d/3d`, `nn.ConvTranspose1d/2d/3d` and their N-d
/// forms, with ConvMatrix's extensions (input dilation, layouts) on every rank.
///
/// Integer parameters take one value for every axis (`stride: 2`) or one per axis
/// (`stride: [2, 1]`), as PyTorch does. Weights are in PyTorch's layout for the layer.
extension ConvolutionLayer {
    /// The N-d convolution (`nn.Conv1d/2d/3d` for any number of spatial axes): `y = W·x + b`, weight `(C_out, C_in/groups, k…)`.
    ///
    /// - Parameters:
    ///   - kernelSize: one length, or one per spatial axis; its count is the spatial rank (an integer means rank 1 unless another parameter lists more axes).
    ///   - stride, dilation: one value or one per axis, each ≥ 1.
    ///   - padding: `1`, `[1, 2]`, `.same`, `.valid`, or `.beginEnd(begin:end:)` (negative crops).
    ///   - groups: divides both channel counts.
    ///   - paddingMode: `.zeros`, `.reflect`, `.replicate` or `.circular`, as PyTorch's `padding_mode`.
    ///   - inputDilation: `l−1` zeros between neighbouring inputs (JAX's `lhs_dilation`, a
    ///     fractional stride `1/l`); not a PyTorch parameter.
    ///   - layout: the memory order of input and output (`.channelsFirst` as PyTorch, `.channelsLast`).
    ///   - weights: `C_out · C_in/groups · Πk` values in PyTorch's order.
    ///   - bias: `nil` (`bias=False`) or `C_out` values.
    /// - Throws: ``ConvMatrixError`` naming the parameter whose value breaks a rule.
    ///
    /// ### See Also
    /// - ``conv1d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv2d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv3d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``
    /// - ``convTranspose(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, the transposed layer with the same `W`
    public static func conv(inChannels: Int, outChannels: Int, kernelSize: AxisValues, stride: AxisValues = 1,
                            padding: Padding = 0, dilation: AxisValues = 1, groups: Int = 1,
                            paddingMode: PaddingMode = .zeros, inputDilation: AxisValues = 1,
                            layout: TensorLayout = .channelsFirst, weights: [Double],
                            bias: [Double]? = nil) throws -> ConvolutionLayer {
        try layer(ConvolutionParameters(isTransposed: false, inChannels: inChannels, outChannels: outChannels,
                                        kernelSize: [], stride: stride, padding: padding, dilation: dilation,
                                        groups: groups, paddingMode: paddingMode, inputDilation: inputDilation,
                                        inputLayout: layout),
                  kernelSize: kernelSize, rank: nil, weights: weights, bias: bias)
    }

    /// `nn.Conv1d`: `y = W·x + b`, weight `(C_out, C_in/groups, k…)`.
    ///
    /// - Parameters:
    ///   - kernelSize: one length, or one per spatial axis.
    ///   - stride, dilation: one value or one per axis, each ≥ 1.
    ///   - padding: `1`, `[1, 2]`, `.same`, `.valid`, or `.beginEnd(begin:end:)` (negative crops).
    ///   - groups: divides both channel counts.
    ///   - paddingMode: `.zeros`, `.reflect`, `.replicate` or `.circular`, as PyTorch's `padding_mode`.
    ///   - inputDilation: `l−1` zeros between neighbouring inputs (JAX's `lhs_dilation`, a
    ///     fractional stride `1/l`); not a PyTorch parameter.
    ///   - layout: the memory order of input and output (`.channelsFirst` as PyTorch, `.channelsLast`).
    ///   - weights: `C_out · C_in/groups · Πk` values in PyTorch's order.
    ///   - bias: `nil` (`bias=False`) or `C_out` values.
    /// - Throws: ``ConvMatrixError`` naming the parameter whose value breaks a rule.
    ///
    /// ### See Also
    /// - ``conv1d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv2d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv3d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``
    /// - ``convTranspose(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, the transposed layer with the same `W`
    public static func conv1d(inChannels: Int, outChannels: Int, kernelSize: AxisValues, stride: AxisValues = 1,
                              padding: Padding = 0, dilation: AxisValues = 1, groups: Int = 1,
                              paddingMode: PaddingMode = .zeros, inputDilation: AxisValues = 1,
                              layout: TensorLayout = .channelsFirst, weights: [Double],
                              bias: [Double]? = nil) throws -> ConvolutionLayer {
        try layer(ConvolutionParameters(isTransposed: false, inChannels: inChannels, outChannels: outChannels,
                                        kernelSize: [], stride: stride, padding: padding, dilation: dilation,
                                        groups: groups, paddingMode: paddingMode, inputDilation: inputDilation,
                                        inputLayout: layout),
                  kernelSize: kernelSize, rank: 1, weights: weights, bias: bias)
    }

    /// `nn.Conv2d`: `y = W·x + b`, weight `(C_out, C_in/groups, k…)`.
    ///
    /// - Parameters:
    ///   - kernelSize: one length, or one per spatial axis.
    ///   - stride, dilation: one value or one per axis, each ≥ 1.
    ///   - padding: `1`, `[1, 2]`, `.same`, `.valid`, or `.beginEnd(begin:end:)` (negative crops).
    ///   - groups: divides both channel counts.
    ///   - paddingMode: `.zeros`, `.reflect`, `.replicate` or `.circular`, as PyTorch's `padding_mode`.
    ///   - inputDilation: `l−1` zeros between neighbouring inputs (JAX's `lhs_dilation`, a
    ///     fractional stride `1/l`); not a PyTorch parameter.
    ///   - layout: the memory order of input and output (`.channelsFirst` as PyTorch, `.channelsLast`).
    ///   - weights: `C_out · C_in/groups · Πk` values in PyTorch's order.
    ///   - bias: `nil` (`bias=False`) or `C_out` values.
    /// - Throws: ``ConvMatrixError`` naming the parameter whose value breaks a rule.
    ///
    /// ### See Also
    /// - ``conv1d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv2d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv3d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``
    /// - ``convTranspose(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, the transposed layer with the same `W`
    public static func conv2d(inChannels: Int, outChannels: Int, kernelSize: AxisValues, stride: AxisValues = 1,
                              padding: Padding = 0, dilation: AxisValues = 1, groups: Int = 1,
                              paddingMode: PaddingMode = .zeros, inputDilation: AxisValues = 1,
                              layout: TensorLayout = .channelsFirst, weights: [Double],
                              bias: [Double]? = nil) throws -> ConvolutionLayer {
        try layer(ConvolutionParameters(isTransposed: false, inChannels: inChannels, outChannels: outChannels,
                                        kernelSize: [], stride: stride, padding: padding, dilation: dilation,
                                        groups: groups, paddingMode: paddingMode, inputDilation: inputDilation,
                                        inputLayout: layout),
                  kernelSize: kernelSize, rank: 2, weights: weights, bias: bias)
    }

    /// `nn.Conv3d`: `y = W·x + b`, weight `(C_out, C_in/groups, k…)`.
    ///
    /// - Parameters:
    ///   - kernelSize: one length, or one per spatial axis.
    ///   - stride, dilation: one value or one per axis, each ≥ 1.
    ///   - padding: `1`, `[1, 2]`, `.same`, `.valid`, or `.beginEnd(begin:end:)` (negative crops).
    ///   - groups: divides both channel counts.
    ///   - paddingMode: `.zeros`, `.reflect`, `.replicate` or `.circular`, as PyTorch's `padding_mode`.
    ///   - inputDilation: `l−1` zeros between neighbouring inputs (JAX's `lhs_dilation`, a
    ///     fractional stride `1/l`); not a PyTorch parameter.
    ///   - layout: the memory order of input and output (`.channelsFirst` as PyTorch, `.channelsLast`).
    ///   - weights: `C_out · C_in/groups · Πk` values in PyTorch's order.
    ///   - bias: `nil` (`bias=False`) or `C_out` values.
    /// - Throws: ``ConvMatrixError`` naming the parameter whose value breaks a rule.
    ///
    /// ### See Also
    /// - ``conv1d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv2d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv3d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, ``conv(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``
    /// - ``convTranspose(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, the transposed layer with the same `W`
    public static func conv3d(inChannels: Int, outChannels: Int, kernelSize: AxisValues, stride: AxisValues = 1,
                              padding: Padding = 0, dilation: AxisValues = 1, groups: Int = 1,
                              paddingMode: PaddingMode = .zeros, inputDilation: AxisValues = 1,
                              layout: TensorLayout = .channelsFirst, weights: [Double],
                              bias: [Double]? = nil) throws -> ConvolutionLayer {
        try layer(ConvolutionParameters(isTransposed: false, inChannels: inChannels, outChannels: outChannels,
                                        kernelSize: [], stride: stride, padding: padding, dilation: dilation,
                                        groups: groups, paddingMode: paddingMode, inputDilation: inputDilation,
                                        inputLayout: layout),
                  kernelSize: kernelSize, rank: 3, weights: weights, bias: bias)
    }

    /// The N-d transposed convolution (`nn.ConvTranspose1d/2d/3d` for any number of spatial axes): `x = Wᵀ·y + b` with `W` of the convolution it transposes; weight
    /// `(C_in, C_out/groups, k…)`, PyTorch's layout, which is exactly that convolution's weight.
    ///
    /// Output length per axis: `(m−1)·s − b − e + d·(k−1) + output_padding + 1`.
    ///
    /// - Parameters:
    ///   - kernelSize: one length, or one per spatial axis; its count is the spatial rank (an integer means rank 1 unless another parameter lists more axes).
    ///   - stride, dilation: one value or one per axis, each ≥ 1.
    ///   - padding: `1`, `[1, 2]`, `.valid`, or `.beginEnd(begin:end:)`; removed from the output.
    ///   - outputPadding: extra elements at the end of each axis, `< max(stride, dilation)`.
    ///   - groups: divides both channel counts.
    ///   - paddingMode: other than `.zeros` gives the exact transpose of the convolution with that
    ///     mode (PyTorch refuses these).
    ///   - layout: the memory order of input and output.
    ///   - weights: `C_in · C_out/groups · Πk` values in PyTorch's order.
    ///   - bias: `nil` (`bias=False`) or `C_out` values.
    /// - Throws: ``ConvMatrixError`` naming the parameter whose value breaks a rule.
    ///
    /// ### See Also
    /// - ``convTranspose1d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose2d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose3d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``
    /// - ``conv(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, the convolution it transposes
    public static func convTranspose(inChannels: Int, outChannels: Int, kernelSize: AxisValues,
                                     stride: AxisValues = 1, padding: Padding = 0, outputPadding: AxisValues = 0,
                                     dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros,
                                     layout: TensorLayout = .channelsFirst, weights: [Double],
                                     bias: [Double]? = nil) throws -> ConvolutionLayer {
        try layer(ConvolutionParameters(isTransposed: true, inChannels: inChannels, outChannels: outChannels,
                                        kernelSize: [], stride: stride, padding: padding, dilation: dilation,
                                        groups: groups, outputPadding: outputPadding, paddingMode: paddingMode,
                                        inputLayout: layout),
                  kernelSize: kernelSize, rank: nil, weights: weights, bias: bias)
    }

    /// `nn.ConvTranspose1d`: `x = Wᵀ·y + b` with `W` of the convolution it transposes; weight
    /// `(C_in, C_out/groups, k…)`, PyTorch's layout, which is exactly that convolution's weight.
    ///
    /// Output length per axis: `(m−1)·s − b − e + d·(k−1) + output_padding + 1`.
    ///
    /// - Parameters:
    ///   - kernelSize: one length, or one per spatial axis.
    ///   - stride, dilation: one value or one per axis, each ≥ 1.
    ///   - padding: `1`, `[1, 2]`, `.valid`, or `.beginEnd(begin:end:)`; removed from the output.
    ///   - outputPadding: extra elements at the end of each axis, `< max(stride, dilation)`.
    ///   - groups: divides both channel counts.
    ///   - paddingMode: other than `.zeros` gives the exact transpose of the convolution with that
    ///     mode (PyTorch refuses these).
    ///   - layout: the memory order of input and output.
    ///   - weights: `C_in · C_out/groups · Πk` values in PyTorch's order.
    ///   - bias: `nil` (`bias=False`) or `C_out` values.
    /// - Throws: ``ConvMatrixError`` naming the parameter whose value breaks a rule.
    ///
    /// ### See Also
    /// - ``convTranspose1d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose2d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose3d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``
    /// - ``conv(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, the convolution it transposes
    public static func convTranspose1d(inChannels: Int, outChannels: Int, kernelSize: AxisValues,
                                       stride: AxisValues = 1, padding: Padding = 0, outputPadding: AxisValues = 0,
                                       dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros,
                                       layout: TensorLayout = .channelsFirst, weights: [Double],
                                       bias: [Double]? = nil) throws -> ConvolutionLayer {
        try layer(ConvolutionParameters(isTransposed: true, inChannels: inChannels, outChannels: outChannels,
                                        kernelSize: [], stride: stride, padding: padding, dilation: dilation,
                                        groups: groups, outputPadding: outputPadding, paddingMode: paddingMode,
                                        inputLayout: layout),
                  kernelSize: kernelSize, rank: 1, weights: weights, bias: bias)
    }

    /// `nn.ConvTranspose2d`: `x = Wᵀ·y + b` with `W` of the convolution it transposes; weight
    /// `(C_in, C_out/groups, k…)`, PyTorch's layout, which is exactly that convolution's weight.
    ///
    /// Output length per axis: `(m−1)·s − b − e + d·(k−1) + output_padding + 1`.
    ///
    /// - Parameters:
    ///   - kernelSize: one length, or one per spatial axis.
    ///   - stride, dilation: one value or one per axis, each ≥ 1.
    ///   - padding: `1`, `[1, 2]`, `.valid`, or `.beginEnd(begin:end:)`; removed from the output.
    ///   - outputPadding: extra elements at the end of each axis, `< max(stride, dilation)`.
    ///   - groups: divides both channel counts.
    ///   - paddingMode: other than `.zeros` gives the exact transpose of the convolution with that
    ///     mode (PyTorch refuses these).
    ///   - layout: the memory order of input and output.
    ///   - weights: `C_in · C_out/groups · Πk` values in PyTorch's order.
    ///   - bias: `nil` (`bias=False`) or `C_out` values.
    /// - Throws: ``ConvMatrixError`` naming the parameter whose value breaks a rule.
    ///
    /// ### See Also
    /// - ``convTranspose1d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose2d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose3d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``
    /// - ``conv(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, the convolution it transposes
    public static func convTranspose2d(inChannels: Int, outChannels: Int, kernelSize: AxisValues,
                                       stride: AxisValues = 1, padding: Padding = 0, outputPadding: AxisValues = 0,
                                       dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros,
                                       layout: TensorLayout = .channelsFirst, weights: [Double],
                                       bias: [Double]? = nil) throws -> ConvolutionLayer {
        try layer(ConvolutionParameters(isTransposed: true, inChannels: inChannels, outChannels: outChannels,
                                        kernelSize: [], stride: stride, padding: padding, dilation: dilation,
                                        groups: groups, outputPadding: outputPadding, paddingMode: paddingMode,
                                        inputLayout: layout),
                  kernelSize: kernelSize, rank: 2, weights: weights, bias: bias)
    }

    /// `nn.ConvTranspose3d`: `x = Wᵀ·y + b` with `W` of the convolution it transposes; weight
    /// `(C_in, C_out/groups, k…)`, PyTorch's layout, which is exactly that convolution's weight.
    ///
    /// Output length per axis: `(m−1)·s − b − e + d·(k−1) + output_padding + 1`.
    ///
    /// - Parameters:
    ///   - kernelSize: one length, or one per spatial axis.
    ///   - stride, dilation: one value or one per axis, each ≥ 1.
    ///   - padding: `1`, `[1, 2]`, `.valid`, or `.beginEnd(begin:end:)`; removed from the output.
    ///   - outputPadding: extra elements at the end of each axis, `< max(stride, dilation)`.
    ///   - groups: divides both channel counts.
    ///   - paddingMode: other than `.zeros` gives the exact transpose of the convolution with that
    ///     mode (PyTorch refuses these).
    ///   - layout: the memory order of input and output.
    ///   - weights: `C_in · C_out/groups · Πk` values in PyTorch's order.
    ///   - bias: `nil` (`bias=False`) or `C_out` values.
    /// - Throws: ``ConvMatrixError`` naming the parameter whose value breaks a rule.
    ///
    /// ### See Also
    /// - ``convTranspose1d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose2d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose3d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, ``convTranspose(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``
    /// - ``conv(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, the convolution it transposes
    public static func convTranspose3d(inChannels: Int, outChannels: Int, kernelSize: AxisValues,
                                       stride: AxisValues = 1, padding: Padding = 0, outputPadding: AxisValues = 0,
                                       dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros,
                                       layout: TensorLayout = .channelsFirst, weights: [Double],
                                       bias: [Double]? = nil) throws -> ConvolutionLayer {
        try layer(ConvolutionParameters(isTransposed: true, inChannels: inChannels, outChannels: outChannels,
                                        kernelSize: [], stride: stride, padding: padding, dilation: dilation,
                                        groups: groups, outputPadding: outputPadding, paddingMode: paddingMode,
                                        inputLayout: layout),
                  kernelSize: kernelSize, rank: 3, weights: weights, bias: bias)
    }

    /// The layer of `parameters` with the kernel lengths resolved: `rank` of them for the
    /// rank-specific forms; for the N-d form the rank is the longest list among the kernel size,
    /// the other per-axis values and the pads.
    private static func layer(_ parameters: ConvolutionParameters, kernelSize: AxisValues, rank: Int?,
                              weights: [Double], bias: [Double]?) throws -> ConvolutionLayer {
        var p = parameters
        var padCount = 1
        switch p.padding {
        case .symmetric(let v): padCount = v.values.count
        case .beginEnd(let begin, _): padCount = begin.count
        case .same, .valid: break
        }
        let perAxis = [kernelSize, p.stride, p.dilation, p.inputDilation, p.outputPadding].map(\.values.count)
        let rank = rank ?? (perAxis + [padCount]).max()!
        p.kernelSize = try kernelSize.resolve(rank: rank, parameter: "kernel_size")
        for (a, k) in p.kernelSize.enumerated() where k < 1 {
            throw ConvMatrixError.invalid("kernel_size[\(a)]", k, "must be ≥ 1")
        }
        return try ConvolutionLayer(.parameters(p), weights: weights, bias: bias)
    }
}
