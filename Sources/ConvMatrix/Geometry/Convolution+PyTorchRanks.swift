/// `conv1d`/`conv2d`/`conv3d` and their transposed forms: the N-d front ends with the rank
/// checked against the weight. Each takes every parameter the N-d form takes.
extension Convolution {
    /// A 1-d convolution `y = conv(x)`: ``conv(inputShape:weightShape:stride:padding:dilation:groups:paddingMode:inputDilation:inputLayout:outputLayout:)``
    /// with a weight of 3 dimensions `(C_out, C_in/groups, k…)`.
    ///
    /// - Throws: `.shapeMismatch` naming `weight shape` when its rank is not 3; otherwise as the N-d form.
    ///
    /// ### See Also
    /// - ``ConvolutionLayer/conv1d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, the layer that holds weights and `W`
    public static func conv1d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1, padding: Padding = 0,
                              dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros,
                              inputDilation: AxisValues = 1, inputLayout: TensorLayout = .channelsFirst,
                              outputLayout: TensorLayout? = nil) throws -> Convolution {
        try checkRank(1, weightShape: weightShape)
        return try conv(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                        dilation: dilation, groups: groups, paddingMode: paddingMode, inputDilation: inputDilation,
                        inputLayout: inputLayout, outputLayout: outputLayout)
    }

    /// A 2-d convolution `y = conv(x)`: ``conv(inputShape:weightShape:stride:padding:dilation:groups:paddingMode:inputDilation:inputLayout:outputLayout:)``
    /// with a weight of 4 dimensions `(C_out, C_in/groups, k…)`.
    ///
    /// - Throws: `.shapeMismatch` naming `weight shape` when its rank is not 4; otherwise as the N-d form.
    ///
    /// ### See Also
    /// - ``ConvolutionLayer/conv2d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, the layer that holds weights and `W`
    public static func conv2d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1, padding: Padding = 0,
                              dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros,
                              inputDilation: AxisValues = 1, inputLayout: TensorLayout = .channelsFirst,
                              outputLayout: TensorLayout? = nil) throws -> Convolution {
        try checkRank(2, weightShape: weightShape)
        return try conv(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                        dilation: dilation, groups: groups, paddingMode: paddingMode, inputDilation: inputDilation,
                        inputLayout: inputLayout, outputLayout: outputLayout)
    }

    /// A 3-d convolution `y = conv(x)`: ``conv(inputShape:weightShape:stride:padding:dilation:groups:paddingMode:inputDilation:inputLayout:outputLayout:)``
    /// with a weight of 5 dimensions `(C_out, C_in/groups, k…)`.
    ///
    /// - Throws: `.shapeMismatch` naming `weight shape` when its rank is not 5; otherwise as the N-d form.
    ///
    /// ### See Also
    /// - ``ConvolutionLayer/conv3d(inChannels:outChannels:kernelSize:stride:padding:dilation:groups:paddingMode:inputDilation:layout:weights:bias:)``, the layer that holds weights and `W`
    public static func conv3d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1, padding: Padding = 0,
                              dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros,
                              inputDilation: AxisValues = 1, inputLayout: TensorLayout = .channelsFirst,
                              outputLayout: TensorLayout? = nil) throws -> Convolution {
        try checkRank(3, weightShape: weightShape)
        return try conv(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                        dilation: dilation, groups: groups, paddingMode: paddingMode, inputDilation: inputDilation,
                        inputLayout: inputLayout, outputLayout: outputLayout)
    }

    /// A 1-d transposed convolution `x = convT(y) = Wᵀ·y`: ``convTransposed(inputShape:weightShape:stride:padding:outputPadding:dilation:groups:outputSize:paddingMode:inputLayout:outputLayout:)``
    /// with a weight of 3 dimensions `(C_in, C_out/groups, k…)`.
    ///
    /// - Throws: `.shapeMismatch` naming `weight shape` when its rank is not 3; otherwise as the N-d form.
    ///
    /// ### See Also
    /// - ``ConvolutionLayer/convTranspose1d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, the layer that holds weights and `W`
    public static func convTransposed1d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1,
                                        padding: Padding = 0, outputPadding: AxisValues = 0, dilation: AxisValues = 1,
                                        groups: Int = 1, outputSize: [Int]? = nil, paddingMode: PaddingMode = .zeros,
                                        inputLayout: TensorLayout = .channelsFirst,
                                        outputLayout: TensorLayout? = nil) throws -> Convolution {
        try checkRank(1, weightShape: weightShape)
        return try convTransposed(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                                  outputPadding: outputPadding, dilation: dilation, groups: groups, outputSize: outputSize,
                                  paddingMode: paddingMode, inputLayout: inputLayout, outputLayout: outputLayout)
    }

    /// A 2-d transposed convolution `x = convT(y) = Wᵀ·y`: ``convTransposed(inputShape:weightShape:stride:padding:outputPadding:dilation:groups:outputSize:paddingMode:inputLayout:outputLayout:)``
    /// with a weight of 4 dimensions `(C_in, C_out/groups, k…)`.
    ///
    /// - Throws: `.shapeMismatch` naming `weight shape` when its rank is not 4; otherwise as the N-d form.
    ///
    /// ### See Also
    /// - ``ConvolutionLayer/convTranspose2d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, the layer that holds weights and `W`
    public static func convTransposed2d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1,
                                        padding: Padding = 0, outputPadding: AxisValues = 0, dilation: AxisValues = 1,
                                        groups: Int = 1, outputSize: [Int]? = nil, paddingMode: PaddingMode = .zeros,
                                        inputLayout: TensorLayout = .channelsFirst,
                                        outputLayout: TensorLayout? = nil) throws -> Convolution {
        try checkRank(2, weightShape: weightShape)
        return try convTransposed(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                                  outputPadding: outputPadding, dilation: dilation, groups: groups, outputSize: outputSize,
                                  paddingMode: paddingMode, inputLayout: inputLayout, outputLayout: outputLayout)
    }

    /// A 3-d transposed convolution `x = convT(y) = Wᵀ·y`: ``convTransposed(inputShape:weightShape:stride:padding:outputPadding:dilation:groups:outputSize:paddingMode:inputLayout:outputLayout:)``
    /// with a weight of 5 dimensions `(C_in, C_out/groups, k…)`.
    ///
    /// - Throws: `.shapeMismatch` naming `weight shape` when its rank is not 5; otherwise as the N-d form.
    ///
    /// ### See Also
    /// - ``ConvolutionLayer/convTranspose3d(inChannels:outChannels:kernelSize:stride:padding:outputPadding:dilation:groups:paddingMode:layout:weights:bias:)``, the layer that holds weights and `W`
    public static func convTransposed3d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1,
                                        padding: Padding = 0, outputPadding: AxisValues = 0, dilation: AxisValues = 1,
                                        groups: Int = 1, outputSize: [Int]? = nil, paddingMode: PaddingMode = .zeros,
                                        inputLayout: TensorLayout = .channelsFirst,
                                        outputLayout: TensorLayout? = nil) throws -> Convolution {
        try checkRank(3, weightShape: weightShape)
        return try convTransposed(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                                  outputPadding: outputPadding, dilation: dilation, groups: groups, outputSize: outputSize,
                                  paddingMode: paddingMode, inputLayout: inputLayout, outputLayout: outputLayout)
    }

    private static func checkRank(_ rank: Int, weightShape: [Int]) throws {
        guard weightShape.count == rank + 2 else {
            throw ConvMatrixError.mismatch("weight shape", listDescription(weightShape),
                                           "a \(rank)-d convolution needs a weight of \(rank + 2) dimensions (out, in/groups, \(rank) kernel sizes)")
        }
    }
}
