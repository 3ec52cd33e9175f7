import Testing
import ConvMatrix

/// Huge parameters through the library: every one throws a typed error before anything is
/// allocated (these would trap, hang or exhaust memory if a size were computed unchecked).
@Suite struct OverflowTests {
    static let big = [Int(Int32.max), 1 << 31, (1 << 31) + 1, 1 << 62, Int.max]

    private func kind(_ body: () throws -> Any) -> ConvMatrixError.Kind? {
        do { _ = try body() } catch let e as ConvMatrixError { return e.kind } catch { return nil }
        return nil
    }

    @Test func elementCountsThatOverflowAreRefused() {
        // 4096 · 100000³ ≈ 4·10¹⁸ inputs fit, but rows × taps per row (·4096·343) do not.
        #expect(kind { try Convolution.conv(inputShape: [1, 4096, 100_000, 100_000, 100_000], weightShape: [4096, 4096, 7, 7, 7]) }
                == .overBudget)
        // 3037000500² > 2⁶³.
        #expect(kind { try Convolution.conv(inputShape: [1, 1, 3_037_000_500, 3_037_000_500], weightShape: [1, 1, 3, 3]) }
                == .overBudget)
        #expect(kind {
            try ConvolutionGeometry(inChannels: 1 << 62, outChannels: 4, axes: [AxisGeometry(inputSize: 8, kernelSize: 3)])
        } == .overBudget)
    }

    @Test(arguments: big)
    func hugeParametersThrow(_ v: Int) {
        let input = [1, 1, 8], w = [1, 1, 3]
        #expect(kind { try Convolution.conv(inputShape: input, weightShape: [1, 1, v]) } == .invalidParameter)
        #expect(kind { try Convolution.conv(inputShape: input, weightShape: w, dilation: AxisValues([v])) } != nil)
        #expect(kind { try Convolution.conv(inputShape: input, weightShape: w, padding: .symmetric(AxisValues([-v]))) } == .invalidParameter)
        #expect(kind { try Convolution.conv(inputShape: input, weightShape: w, groups: v) } == .invalidParameter)
        #expect(kind { try Convolution.convTransposed(inputShape: input, weightShape: [1, 2, 3], groups: v) } != nil)
        // Valid or not as a geometry, a transposed output of 7·v + 3 positions is never compiled.
        #expect(kind { try ConvolutionPattern(try Convolution.convTransposed(inputShape: input, weightShape: w,
                                                                             stride: AxisValues([v])).geometry) } != nil)
        // A huge pad is a valid geometry; compiling it is refused before work proportional to it.
        if let g = try? Convolution.conv(inputShape: input, weightShape: w, padding: .symmetric(AxisValues([v]))).geometry {
            #expect(kind { try ConvolutionPattern(g) } == .overBudget)
        }
        // The ONNX front end: SAME asks for in·stride outputs.
        var attributes = ONNXAttributes()
        attributes.strides = [v]
        attributes.autoPad = .sameUpper
        #expect(kind { try ConvolutionPattern(try Convolution.onnx(.convTranspose, inputShape: [1, 1, 8], weightShape: [1, 1, 3],
                                                                   attributes: attributes).geometry) } != nil)
    }

    @Test func hugeStrideOnASmallInputIsValid() throws {
        // ⌊(8 − 3) / (2⁶³ − 1)⌋ + 1 = 1: a legitimate layer, computed without overflow.
        let layer = try Convolution.conv(inputShape: [1, 1, 8], weightShape: [1, 1, 3], stride: AxisValues([Int.max]))
        #expect(layer.outputShape == [1, 1])
    }

    @Test func axisLengthsThrowInsteadOfOverflowing() {
        #expect(kind { try AxisGeometry.convolutionOutputLength(inputLength: .max, kernelSize: 1, inputDilation: 2) } == .overBudget)
        #expect(kind { try AxisGeometry.convolutionOutputLength(inputLength: 1, kernelSize: 1, padBegin: .max, padEnd: .max) }
                == .overBudget)
        #expect(kind { try AxisGeometry.convolutionOutputLength(inputLength: 1, kernelSize: 3, dilation: .max) } == .overBudget)
        #expect(kind { try AxisGeometry.transposedOutputLength(inputLength: 1 << 62, kernelSize: 3, stride: 4) } == .overBudget)
        // Pads below −2⁶³ in total leave nothing: the kernel does not fit, which is 0, not an error.
        #expect((try? AxisGeometry.convolutionOutputLength(inputLength: 8, kernelSize: 1, padBegin: .min, padEnd: .min)) == 0)
    }
}
