import Testing
import ConvMatrix

/// Hand-derived cases and the argument checks of the dense path.
@Suite struct DenseConvolutionTests {
    /// 1-D, n = 4, k = 3, pads (1, 2), x = [1 2 3 4], w = [1 10 100], bias 0.5.
    /// Padded: [0 1 2 3 4 0 0], natural output 7 − 3 + 1 = 5:
    /// y0 = 0·1 + 1·10 + 2·100 = 210, y1 = 1 + 20 + 300 = 321, y2 = 2 + 30 + 400 = 432,
    /// y3 = 3 + 40 + 0 = 43, y4 = 4 + 0 + 0 = 4; plus 0.5 each.
    @Test func oneDimensionalPadded() throws {
        let g = try ConvolutionGeometry(inChannels: 1, outChannels: 1,
                                        axes: [AxisGeometry(inputSize: 4, kernelSize: 3, padBegin: 1, padEnd: 2)])
        let y = try DenseConvolution.apply(g, input: [1, 2, 3, 4.0], weights: [1, 10, 100], bias: [0.5], batch: 1)
        #expect(y == [210.5, 321.5, 432.5, 43.5, 4.5], "\(g)")
    }

    /// Stride 2, dilation 2, input dilation 2, pad (−1, 0): x = [1 2 3], w = [1 10].
    /// Dilated [1 0 2 0 3], crop one in front → [0 2 0 3] (length 4); span 3, so
    /// ⌊(4 − 3)/2⌋ + 1 = 1 output: y0 = p0·1 + p2·10 = 0 + 0 = 0. With pad (0, 0):
    /// [1 0 2 0 3], ⌊(5 − 3)/2⌋ + 1 = 2 outputs: y0 = 1 + 20 = 21, y1 = p2 + 10·p4 = 2 + 30 = 32.
    @Test func strideDilationInputDilation() throws {
        let cropped = try ConvolutionGeometry(inChannels: 1, outChannels: 1, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 2, stride: 2, dilation: 2, inputDilation: 2, padBegin: -1)])
        #expect(try DenseConvolution.apply(cropped, input: [1, 2, 3.0], weights: [1, 10], batch: 1) == [0], "\(cropped)")
        let plain = try ConvolutionGeometry(inChannels: 1, outChannels: 1, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 2, stride: 2, dilation: 2, inputDilation: 2)])
        #expect(try DenseConvolution.apply(plain, input: [1, 2, 3.0], weights: [1, 10], batch: 1) == [21, 32], "\(plain)")
    }

    /// Padding modes on x = [1 2 3], k = 3 (w = [1 10 100]), pads (2, 1):
    /// reflect   [3 2 | 1 2 3 | 2] → 3+20+100=123, 2+10+200=212, 1+20+300=321, 2+30+200=232
    /// replicate [1 1 | 1 2 3 | 3] → 1+10+100=111, 1+10+200=211, 1+20+300=321, 2+30+300=332
    /// circular  [2 3 | 1 2 3 | 1] → 2+30+100=132, 3+10+200=213, 1+20+300=321, 2+30+100=132
    @Test(arguments: [(PaddingMode.reflect, [123.0, 212, 321, 232]),
                      (.replicate, [111, 211, 321, 332]),
                      (.circular, [132, 213, 321, 132])])
    func paddingModes(mode: PaddingMode, expected: [Double]) throws {
        let g = try ConvolutionGeometry(inChannels: 1, outChannels: 1,
                                        axes: [AxisGeometry(inputSize: 3, kernelSize: 3, padBegin: 2, padEnd: 1)],
                                        paddingMode: mode)
        #expect(try DenseConvolution.apply(g, input: [1, 2, 3.0], weights: [1, 10, 100], batch: 1) == expected, "\(g)")
    }

    /// Reflect's adjoint folds the mirrored copies back. Forward of the reflect case above as
    /// a matrix (rows = outputs, columns = x₀ x₁ x₂): padded = [x₂ x₁ x₀ x₁ x₂ x₁], so
    /// y0 = x₂ + 10x₁ + 100x₀, y1 = x₁ + 10x₀ + 100x₁, y2 = x₀ + 10x₁ + 100x₂, y3 = x₁ + 10x₂ + 100x₁.
    /// Wᵀ·[1 0 0 0] = [100, 10, 1]; Wᵀ·[0 1 0 0] = [10, 101, 0]; Wᵀ·[0 0 0 1] = [0, 101, 10].
    @Test func reflectAdjointFoldsMirrors() throws {
        let g = try ConvolutionGeometry(inChannels: 1, outChannels: 1,
                                        axes: [AxisGeometry(inputSize: 3, kernelSize: 3, padBegin: 2, padEnd: 1)],
                                        paddingMode: .reflect)
        let w: [Double] = [1, 10, 100]
        #expect(try DenseConvolution.applyTransposed(g, input: [1, 0, 0, 0.0], weights: w, batch: 1) == [100, 10, 1])
        #expect(try DenseConvolution.applyTransposed(g, input: [0, 1, 0, 0.0], weights: w, batch: 1) == [10, 101, 0])
        #expect(try DenseConvolution.applyTransposed(g, input: [0, 0, 0, 1.0], weights: w, batch: 1) == [0, 101, 10])
    }

    /// The transposed-convolution chapter example (Dive into Deep Learning, 14.10):
    /// X = [[0,1],[2,3]], K = [[0,1],[2,3]], stride 1, no padding: each X[i,j]·K is added at
    /// offset (i, j) of a 3×3 result:
    /// 0·K = 0; 1·K at (0,1) → [[0,0,1],[0,2,3],…]; 2·K at (1,0); 3·K at (1,1) →
    /// [[0,0,1],[0,4,6],[4,12,9]].
    @Test func chapterExample() throws {
        // The forward convolution whose adjoint this is maps 3×3 → 2×2 with a 2×2 kernel.
        let g = try ConvolutionGeometry(inChannels: 1, outChannels: 1, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 2), AxisGeometry(inputSize: 3, kernelSize: 2)])
        for isa in DenseInstructionSet.supported {
            let x: [Float] = try DenseConvolution.applyTransposed(g, input: [0, 1, 2, 3], weights: [0, 1, 2, 3],
                                                             batch: 1, instructionSet: isa)
            #expect(x == [0, 0, 1, 0, 4, 6, 4, 12, 9], "\(isa) \(g)")
        }
    }

    /// Stride 2 transposed (the forward reads phases): ConvTranspose of y = [1 2] with
    /// w = [1 10 100], stride 2, input 5 → x[2o + t] += w[t]·y[o]:
    /// o=0: x0 += 1, x1 += 10, x2 += 100; o=1: x2 += 2, x3 += 20, x4 += 200 → [1 10 102 20 200].
    /// Bias 0.25 on every element.
    @Test func stridedTransposedWithBias() throws {
        let g = try ConvolutionGeometry(inChannels: 1, outChannels: 1,
                                        axes: [AxisGeometry(inputSize: 5, kernelSize: 3, stride: 2)])
        let x = try DenseConvolution.applyTransposed(g, input: [1, 2.0], weights: [1, 10, 100], bias: [0.25], batch: 1)
        #expect(x == [1.25, 10.25, 102.25, 20.25, 200.25], "\(g)")
    }

    /// Groups and channels-last: 2 groups, 2 → 2 channels, k = 1 (w = [2, 3]), 1-D n = 2.
    /// Channels-last x = [a₀(c0) a₀(c1) a₁(c0) a₁(c1)] = [1 10 2 20]; y = [2·1, 3·10, 2·2, 3·20].
    @Test func groupsAndChannelsLast() throws {
        let g = try ConvolutionGeometry(inChannels: 2, outChannels: 2, groups: 2,
                                        axes: [AxisGeometry(inputSize: 2, kernelSize: 1)],
                                        inputLayout: .channelsLast, outputLayout: .channelsLast)
        #expect(try DenseConvolution.apply(g, input: [1, 10, 2, 20.0], weights: [2, 3], batch: 1) == [2, 30, 4, 60])
    }

    @Test func wrongLengthsThrowNamingTheParameter() throws {
        let g = try ConvolutionGeometry(inChannels: 2, outChannels: 3, axes: [AxisGeometry(inputSize: 6, kernelSize: 3)])
        let w = [Double](repeating: 1, count: g.weightCount)
        #expect(throws: ConvMatrixError(.shapeMismatch, parameter: "input.count", value: "10",
                                        rule: "must be batch·inputCount = 24")) {
            try DenseConvolution.apply(g, input: [Double](repeating: 0, count: 10), weights: w, batch: 2)
        }
        #expect(throws: ConvMatrixError(.shapeMismatch, parameter: "weights.count", value: "5",
                                        rule: "must be weightCount = 18")) {
            try DenseConvolution.apply(g, input: [Double](repeating: 0, count: 12), weights: [1, 2, 3, 4, 5], batch: 1)
        }
        #expect(throws: ConvMatrixError(.shapeMismatch, parameter: "bias.count", value: "2",
                                        rule: "must be outChannels = 3")) {
            try DenseConvolution.apply(g, input: [Double](repeating: 0, count: 12), weights: w, bias: [1, 2], batch: 1)
        }
        #expect(throws: ConvMatrixError(.shapeMismatch, parameter: "bias.count", value: "3",
                                        rule: "must be inChannels = 2")) {
            try DenseConvolution.applyTransposed(g, input: [Double](repeating: 0, count: 12), weights: w, bias: [1, 2, 3], batch: 1)
        }
        #expect(throws: ConvMatrixError(.shapeMismatch, parameter: "input.count", value: "12",
                                        rule: "must be batch·outputCount = 24")) {
            try DenseConvolution.applyTransposed(g, input: [Double](repeating: 0, count: 12), weights: w, batch: 2)
        }
        #expect(throws: ConvMatrixError(.shapeMismatch, parameter: "batch", value: "0", rule: "must be ≥ 1")) {
            try DenseConvolution.apply(g, input: [Double](), weights: w, batch: 0)
        }
        var out = [Float](repeating: 0, count: 11)
        let x = [Float](repeating: 0, count: 12), wf = [Float](repeating: 0, count: 18)
        #expect(throws: ConvMatrixError(.shapeMismatch, parameter: "output.count", value: "11",
                                        rule: "must be batch·outputCount = 12")) {
            try x.withUnsafeBufferPointer { xb in
                try wf.withUnsafeBufferPointer { wb in
                    try out.withUnsafeMutableBufferPointer { ob in
                        try DenseConvolution.apply(g, input: xb, weights: wb, bias: nil, output: ob, batch: 1)
                    }
                }
            }
        }
    }

    @Test func defaultThreadCountIsPositive() {
        #expect(DenseConvolution.defaultThreadCount >= 1)
        #expect(DenseInstructionSet.supported.first == .portable)
        #expect(DenseInstructionSet.best.isSupported)
    }
}
