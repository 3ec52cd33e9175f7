import Testing
@testable import ConvMatrix

/// Layers written as in PyTorch, parsed and resolved; shapes checked against PyTorch's
/// documented formulas, worked by hand in the comments.
@Suite struct LayerExpressionTests {
    /// Seed 000's second step: (2, 3, 4, 3) → H = (4−1)·2 − 2·1 + (3−1) + 1 = 7, W = 3.
    @Test func transposedLayerFromTheSeed() throws {
        let layer = try LayerExpression(parsing: "nn.ConvTranspose2d(3, 3, (3, 1), stride=(2, 1), padding=(1, 0))")
        #expect(layer.kind == .convTranspose2d)
        #expect(layer.arguments["kernel_size"] == .ints([3, 1]))
        let conv = try layer.convolution(inputShape: [2, 3, 4, 3])
        #expect(conv.direction == .transposed)
        #expect(conv.outputShape == [3, 7, 3])
        #expect(try layer.weightShape() == [3, 3, 3, 1])
    }

    /// padding='same' keeps the length: L_out = L = 10.
    @Test func sameKeepsTheLength() throws {
        let conv = try LayerExpression(parsing: "nn.Conv1d(5, 10, 3, padding='same')").convolution(inputShape: [2, 5, 10])
        #expect(conv.outputShape == [10, 10])
        #expect(conv.geometry.axes[0].padBegin == 1 && conv.geometry.axes[0].padEnd == 1)
    }

    /// Groups split the weight's input channels: (4, 2/2, 3, 3).
    @Test func groupsAndModeAndPrefix() throws {
        let layer = try LayerExpression(parsing: "torch.nn.Conv2d(2, 4, 3, groups=2, padding_mode='circular', bias=False)")
        #expect(try layer.weightShape() == [4, 1, 3, 3])
        #expect(!layer.hasBias)
        let conv = try layer.convolution(inputShape: [1, 2, 5, 5])
        #expect(conv.geometry.paddingMode == .circular && conv.geometry.groups == 2)
        #expect(conv.outputShape == [4, 3, 3])
    }

    /// All positional: Conv3d(in, out, k, stride, padding, dilation, groups, bias, mode);
    /// D = ⌊(8 + 2·1 − 2·(3−1) − 1)/2⌋ + 1 = 3.
    @Test func everyPositionalArgument() throws {
        let layer = try LayerExpression(parsing: "Conv3d(2, 2, 3, 2, 1, 2, 1, True, 'zeros')")
        let conv = try layer.convolution(inputShape: [2, 8, 8, 8])
        #expect(conv.outputShape == [2, 3, 3, 3])
    }

    @Test(arguments: [
        ("nn.Conv2d(3, 3, (3, 1)", "column 23: expected ',' or ')'"),
        ("nn.Conv2x(3, 3, 3)", "column 4: unknown layer 'Conv2x'; expected one of Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d"),
        ("nn.Conv2d(3, 3, 3, strid=2)", "column 20: Conv2d has no parameter 'strid'"),
        ("nn.Conv2d(3, 3, kernel_size=3, 2)", "column 32: a positional argument cannot follow keyword arguments"),
        ("nn.Conv2d(3, 3, 3, padding=same)", "column 28: expected a number, a tuple, a string, True or False, found 'same'"),
        ("nn.Conv2d(3, 3, 3, stride=2, stride=1)", "column 30: 'stride' is given twice"),
        ("nn.Conv1d(1, 1, 3) x", "column 20: unexpected text after ')'"),
        ("nn.Conv1d(1, 1, 'a)", "column 17: unterminated string"),
    ])
    func syntaxErrorsPointAtTheColumn(text: String, rule: String) {
        let error = #expect(throws: ConvMatrixError.self) { try LayerExpression(parsing: text) }
        #expect(error?.description == "layer = \"\(text)\": \(rule)")
    }

    @Test func semanticErrorsNameTheParameter() throws {
        let layer = try LayerExpression(parsing: "nn.Conv2d(4, 6, 3, groups=3)")
        let error = #expect(throws: ConvMatrixError.self) { try layer.convolution(inputShape: [1, 4, 5, 5]) }
        #expect(error?.description == "groups = 3: must divide in_channels = 4")
        let channels = #expect(throws: ConvMatrixError.self) {
            try LayerExpression(parsing: "nn.Conv2d(3, 6, 3)").convolution(inputShape: [1, 4, 5, 5])
        }
        #expect(channels?.description == "input shape = [1, 4, 5, 5]: has 4 channels but the layer's in_channels is 3")
        let unbatched = #expect(throws: ConvMatrixError.self) {
            try LayerExpression(parsing: "nn.Conv2d(3, 6, 3)").convolution(inputShape: [1, 3, 5])
        }
        #expect(unbatched?.description == "input shape = [1, 3, 5]: has 1 channel (read without a batch axis, as (C, spatial…)) but the layer's in_channels is 3")
    }
}
