/// `conv1d`/`conv2d`/`conv3d` and their transposed forms: the N-d front ends with the rank
/// checked against the weight.
extension Convolution {
    public static func conv1d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1, padding: Padding = 0,
                              dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros) throws -> Convolution {
        try checkRank(1, weightShape: weightShape)
        return try conv(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                        dilation: dilation, groups: groups, paddingMode: paddingMode)
    }

    public static func conv2d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1, padding: Padding = 0,
                              dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros) throws -> Convolution {
        try checkRank(2, weightShape: weightShape)
        return try conv(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                        dilation: dilation, groups: groups, paddingMode: paddingMode)
    }

    public static func conv3d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1, padding: Padding = 0,
                              dilation: AxisValues = 1, groups: Int = 1, paddingMode: PaddingMode = .zeros) throws -> Convolution {
        try checkRank(3, weightShape: weightShape)
        return try conv(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                        dilation: dilation, groups: groups, paddingMode: paddingMode)
    }

    public static func convTransposed1d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1,
                                        padding: Padding = 0, outputPadding: AxisValues = 0, dilation: AxisValues = 1,
                                        groups: Int = 1, outputSize: [Int]? = nil) throws -> Convolution {
        try checkRank(1, weightShape: weightShape)
        return try convTransposed(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                                  outputPadding: outputPadding, dilation: dilation, groups: groups, outputSize: outputSize)
    }

    public static func convTransposed2d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1,
                                        padding: Padding = 0, outputPadding: AxisValues = 0, dilation: AxisValues = 1,
                                        groups: Int = 1, outputSize: [Int]? = nil) throws -> Convolution {
        try checkRank(2, weightShape: weightShape)
        return try convTransposed(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                                  outputPadding: outputPadding, dilation: dilation, groups: groups, outputSize: outputSize)
    }

    public static func convTransposed3d(inputShape: [Int], weightShape: [Int], stride: AxisValues = 1,
                                        padding: Padding = 0, outputPadding: AxisValues = 0, dilation: AxisValues = 1,
                                        groups: Int = 1, outputSize: [Int]? = nil) throws -> Convolution {
        try checkRank(3, weightShape: weightShape)
        return try convTransposed(inputShape: inputShape, weightShape: weightShape, stride: stride, padding: padding,
                                  outputPadding: outputPadding, dilation: dilation, groups: groups, outputSize: outputSize)
    }

    private static func checkRank(_ rank: Int, weightShape: [Int]) throws {
        guard weightShape.count == rank + 2 else {
            throw ConvMatrixError.mismatch("weight shape", listDescription(weightShape),
                                           "a \(rank)-d convolution needs a weight of \(rank + 2) dimensions (out, in/groups, \(rank) kernel sizes)")
        }
    }
}
