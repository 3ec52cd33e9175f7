import Testing
@testable import ConvMatrix

/// One test per validation rule: the error's kind and its whole message (parameter, value, rule).
@Suite struct ValidationTests {
    private func message(_ body: () throws -> Any) -> (ConvMatrixError.Kind, String)? {
        do { _ = try body() } catch let e as ConvMatrixError { return (e.kind, e.description) } catch { return nil }
        return nil
    }

    private func expectError(_ kind: ConvMatrixError.Kind, _ text: String, _ body: () throws -> Any,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let got = message(body)
        #expect(got?.0 == kind, sourceLocation: sourceLocation)
        #expect(got?.1 == text, sourceLocation: sourceLocation)
    }

    @Test func groupsMustDivideInputChannels() {
        expectError(.invalidParameter, "groups = 3: must divide in_channels = 4") {
            try Convolution.conv2d(inputShape: [1, 4, 5, 5], weightShape: [6, 1, 3, 3], groups: 3)
        }
    }

    @Test func groupsMustDivideOutputChannels() {
        expectError(.invalidParameter, "groups = 2: must divide out_channels = 3") {
            try Convolution.conv2d(inputShape: [1, 4, 5, 5], weightShape: [3, 2, 3, 3], groups: 2)
        }
    }

    @Test func groupsMustBePositive() {
        expectError(.invalidParameter, "groups = 0: must be ≥ 1") {
            try Convolution.conv1d(inputShape: [1, 4, 5], weightShape: [4, 4, 3], groups: 0)
        }
    }

    @Test func weightShapeMustMatchInputChannels() {
        expectError(.shapeMismatch, "weight shape = [8, 3, 3, 3]: weight.shape[1] × groups = 3 × 1 must equal the input's channels 4") {
            try Convolution.conv2d(inputShape: [1, 4, 5, 5], weightShape: [8, 3, 3, 3])
        }
    }

    @Test func transposedWeightShapeMustMatchInputChannels() {
        expectError(.shapeMismatch, "weight shape = [3, 2, 3, 3]: weight.shape[0] = 3 must equal the input's channels 4 (transposed weight is (C_in, C_out/groups, k…))") {
            try Convolution.convTransposed2d(inputShape: [1, 4, 5, 5], weightShape: [3, 2, 3, 3])
        }
    }

    @Test func weightRankMustMatchTheFunction() {
        expectError(.shapeMismatch, "weight shape = [8, 4, 3]: a 2-d convolution needs a weight of 4 dimensions (out, in/groups, 2 kernel sizes)") {
            try Convolution.conv2d(inputShape: [1, 4, 5, 5], weightShape: [8, 4, 3])
        }
    }

    @Test func inputRankMustMatchTheWeight() {
        expectError(.shapeMismatch, "input shape = [4, 5]: a 2-d convolution takes 4 dimensions (N, C, spatial…) or 3 without the batch") {
            try Convolution.conv(inputShape: [4, 5], weightShape: [8, 4, 3, 3])
        }
    }

    @Test func emptyOutputIsAnError() {
        expectError(.invalidParameter, "kernel_size[1] = 7: the dilated kernel spans 7 but the padded input has only 5 elements, so the output would be empty") {
            try Convolution.conv2d(inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 7])
        }
    }

    @Test func strideMustBePositive() {
        expectError(.invalidParameter, "stride[0] = 0: must be ≥ 1") {
            try Convolution.conv1d(inputShape: [1, 1, 5], weightShape: [1, 1, 3], stride: 0)
        }
    }

    @Test func dilationMustBePositive() {
        expectError(.invalidParameter, "dilation[1] = -1: must be ≥ 1") {
            try Convolution.conv2d(inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], dilation: [1, -1])
        }
    }

    @Test func kernelMustBePositive() {
        expectError(.invalidParameter, "weight shape = [1, 1, 0]: every dimension must be ≥ 1") {
            try Convolution.conv1d(inputShape: [1, 1, 5], weightShape: [1, 1, 0])
        }
    }

    @Test func inputDilationMustBePositive() {
        expectError(.invalidParameter, "input_dilation[0] = 0: must be ≥ 1") {
            try Convolution.conv(inputShape: [1, 1, 5], weightShape: [1, 1, 3], inputDilation: 0)
        }
    }

    @Test func inputSizeMustBePositive() {
        expectError(.invalidParameter, "input size[0] = 0: must be ≥ 1") {
            try Convolution.conv1d(inputShape: [1, 1, 0], weightShape: [1, 1, 1])
        }
    }

    @Test func perAxisCountsMustMatch() {
        expectError(.invalidParameter, "stride = [1, 2, 3]: needs 1 or 2 values (one per spatial axis), got 3") {
            try Convolution.conv2d(inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], stride: [1, 2, 3])
        }
    }

    @Test func outputPaddingMustBeBelowStrideOrDilation() {
        expectError(.invalidParameter, "output_padding[0] = 2: must be ≥ 0 and smaller than max(stride, dilation) = 2") {
            try Convolution.convTransposed1d(inputShape: [1, 1, 5], weightShape: [1, 1, 3], stride: 2, outputPadding: 2)
        }
    }

    @Test func outputSizeMustBeReachable() {
        expectError(.invalidParameter, "output_size[0] = 13: valid sizes for this layer range from 11 to 12") {
            try Convolution.convTransposed1d(inputShape: [1, 1, 5], weightShape: [1, 1, 3], stride: 2, outputSize: [13])
        }
    }

    @Test func transposedOutputMustBeNonEmpty() {
        expectError(.invalidParameter, "padding[0] = (3, 3): the transposed output length (2−1)·1 − 3 − 3 + 1·(3−1) + 0 + 1 = -2 must be ≥ 1") {
            try Convolution.convTransposed1d(inputShape: [1, 1, 2], weightShape: [1, 1, 3], padding: 3)
        }
    }

    @Test func sameRejectsStrides() {
        expectError(.unsupported, "padding = 'same': 'same' is not supported for strided convolutions (stride = [2]), as in PyTorch") {
            try Convolution.conv1d(inputShape: [1, 1, 5], weightShape: [1, 1, 3], stride: 2, padding: .same)
        }
    }

    @Test func negativePadsMayNotRemoveEverything() {
        expectError(.invalidParameter, "pads[0] = (-3, -2): negative pads remove 5 of the 5 (dilated) input elements; at least one must remain") {
            try Convolution.conv(inputShape: [1, 1, 5], weightShape: [1, 1, 1], padding: .beginEnd(begin: [-3], end: [-2]))
        }
    }

    @Test func reflectNeedsPadBelowSize() {
        expectError(.invalidParameter, "pads[0] = (3, 3): padding_mode 'reflect' needs each pad < input size 3") {
            try Convolution.conv1d(inputShape: [1, 1, 3], weightShape: [1, 1, 3], padding: 3, paddingMode: .reflect)
        }
    }

    @Test func circularNeedsPadAtMostSize() {
        expectError(.invalidParameter, "pads[0] = (4, 4): padding_mode 'circular' needs each pad ≤ input size 3") {
            try Convolution.conv1d(inputShape: [1, 1, 3], weightShape: [1, 1, 3], padding: 4, paddingMode: .circular)
        }
    }

    @Test func modesRejectInputDilation() {
        let got = message {
            try Convolution.conv(inputShape: [1, 1, 5], weightShape: [1, 1, 3], padding: 1, paddingMode: .replicate,
                                 inputDilation: 2)
        }
        #expect(got?.0 == .unsupported)
        #expect(got?.1.hasPrefix("padding_mode = replicate: input_dilation[0] = 2: a non-zero padding mode") == true)
    }

    @Test func layoutMustBeAPermutation() {
        expectError(.invalidParameter, "layout = [0, 0, 2]: must be a permutation of 0...2 (0 = channel, 1... = spatial axes)") {
            try Convolution.conv(inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], inputLayout: .permutation([0, 0, 2]))
        }
    }

    @Test func onnxKernelShapeMustMatchWeight() {
        expectError(.shapeMismatch, "kernel_shape = [3, 3]: must equal the weight's spatial shape [2, 2]") {
            try Convolution.onnx(.conv, inputShape: [1, 1, 5, 5], weightShape: [1, 1, 2, 2],
                                 attributes: ONNXAttributes(kernelShape: [3, 3]))
        }
    }

    @Test func onnxPadsNeedTwoPerAxis() {
        expectError(.invalidParameter, "pads = [1, 1]: needs 4 values, got 2") {
            try Convolution.onnx(.conv, inputShape: [1, 1, 5, 5], weightShape: [1, 1, 2, 2],
                                 attributes: ONNXAttributes(pads: [1, 1]))
        }
    }

    @Test func onnxInputDilationIsConvOnly() {
        expectError(.invalidParameter, "input_dilations = [2]: applies to Conv only") {
            try Convolution.onnx(.convTranspose, inputShape: [1, 1, 5], weightShape: [1, 1, 2],
                                 attributes: ONNXAttributes(inputDilations: [2]))
        }
    }

    @Test func weightsMustHaveTheWeightShapesCount() throws {
        let g = try Convolution.conv1d(inputShape: [1, 2, 5], weightShape: [3, 2, 3]).geometry
        expectError(.shapeMismatch, "weights.count = 17: must be 18, the element count of weight shape [3, 2, 3]") {
            try ConvolutionMatrix(g, weights: Array(repeating: 1, count: 17))
        }
    }

    @Test func int32CannotHoldAHugeMatrix() throws {
        // 2048 × 2048 channels, 64 × 64 input, 3 × 3 kernel: ≈ 1.4·10¹⁰ entries.
        let g = try Convolution.conv2d(inputShape: [1, 2048, 64, 64], weightShape: [2048, 2048, 3, 3], padding: 1).geometry
        let got = message { try ConvolutionPattern(g, options: CompileOptions(indexWidth: .int32)) }
        #expect(got?.0 == .invalidParameter)
        #expect(got?.1.hasPrefix("index width = int32: ") == true)
    }
}
