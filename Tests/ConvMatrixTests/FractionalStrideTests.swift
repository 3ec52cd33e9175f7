import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// Layer strings with a fractional stride (`stride=(0.5, 2)`, the forum post's hybrid layer)
/// and per-axis (begin, end) pads: parsed exactly, and the same `W` as the spelling with
/// `--input-dilation` or explicit pads.
@Suite struct FractionalStrideTests {
    /// `W` of `text` on `shape` with arange weights, densely.
    static func w(_ text: String, inputDilation: [Int]? = nil, shape: [Int]) throws -> [[Double]] {
        let expression = try LayerExpression(parsing: text)
        let count = try expression.weightShape().reduce(1, *)
        let layer = try ConvolutionLayer(expression, weights: (1...count).map(Double.init), inputDilation: inputDilation,
                                         inputShape: shape)
        return denseRows(try layer.matrix())
    }

    /// The hybrid layer: H = (4−1)·2 + 1 = 7 after zero insertion, ⌊(7 + 2 − 3)/1⌋ + 1 = 7;
    /// W = ⌊(5 + 2 − 3)/2⌋ + 1 = 3 — the (2, 3, 7, 3) of the post.
    @Test(arguments: ["(0.5, 2)", "(1/2, 2)", "(.5, 2)", "(0.50, 2)", "(2/4, 2)", "[0.5, 2]"])
    func halfStrideIsInputDilationTwo(stride: String) throws {
        let text = "nn.Conv2d(3, 3, 3, stride=\(stride), padding=1)"
        let expression = try LayerExpression(parsing: text)
        let parameters = try expression.parameters()
        #expect(parameters.stride == AxisValues([1, 2]), "\(stride)")
        #expect(parameters.inputDilation == AxisValues([2, 1]), "\(stride)")
        #expect(try expression.convolution(inputShape: [2, 3, 4, 5]).outputShape == [3, 7, 3])
        let spelled = try Self.w(text, shape: [2, 3, 4, 5])
        let explicit = try Self.w("nn.Conv2d(3, 3, 3, stride=(1, 2), padding=1)", inputDilation: [2, 1], shape: [2, 3, 4, 5])
        #expect(spelled == explicit, "\(stride)")
    }

    /// A scalar `0.25` applies to every axis: input dilation 4 on both, stride 1.
    @Test func scalarQuarterStride() throws {
        let parameters = try LayerExpression(parsing: "nn.Conv2d(1, 1, 2, stride=0.25)").parameters()
        #expect(parameters.stride == AxisValues([1, 1]) && parameters.inputDilation == AxisValues([4, 4]))
        #expect(try Self.w("nn.Conv2d(1, 1, 2, stride=0.25)", shape: [1, 1, 3, 2])
                == Self.w("nn.Conv2d(1, 1, 2)", inputDilation: [4, 4], shape: [1, 1, 3, 2]))
    }

    /// Fractions that are not 1/l have no zero-insertion reading: a typed error saying so.
    @Test(arguments: ["0.3", "2.5", "2/3", "(0.3, 2)", "(1, 0.75)", "1.5"])
    func otherFractionsAreRefused(stride: String) throws {
        let expression = try LayerExpression(parsing: "nn.Conv2d(1, 1, 3, stride=\(stride))")
        let error = #expect(throws: ConvMatrixError.self) { try expression.parameters() }
        #expect(error?.parameter == "stride")
        #expect(error?.rule.contains("is not 1/l for a whole l: only reciprocals of integers are fractional strides") == true,
                "\(stride): \(error?.rule ?? "")")
    }

    @Test(arguments: ["-0.5", "(0.5, -1/2)", "-1/4"])
    func nonPositiveFractionsAreRefused(stride: String) throws {
        let expression = try LayerExpression(parsing: "nn.Conv2d(1, 1, 3, stride=\(stride))")
        let error = #expect(throws: ConvMatrixError.self) { try expression.parameters() }
        #expect(error?.parameter == "stride" && error?.rule.contains("not positive") == true, "\(stride): \(error?.rule ?? "")")
    }

    /// A ConvTranspose's stride s already is a fractional stride 1/s: a fraction there is refused.
    @Test func transposedLayersRefuseFractions() throws {
        let expression = try LayerExpression(parsing: "nn.ConvTranspose2d(1, 1, 3, stride=(0.5, 2))")
        let error = #expect(throws: ConvMatrixError.self) { try expression.parameters() }
        #expect(error?.parameter == "stride" && error?.rule.contains("applies to Conv only") == true)
    }

    /// A padding mode that copies inputs cannot say which input it mirrors once zeros are injected.
    @Test func fractionalStrideNeedsZerosPadding() throws {
        let expression = try LayerExpression(parsing: "nn.Conv2d(1, 1, 3, stride=0.5, padding=1, padding_mode='reflect')")
        let error = #expect(throws: ConvMatrixError.self) { try expression.parameters() }
        #expect(error?.parameter == "stride" && error?.rule.contains("use padding_mode='zeros'") == true)
    }

    /// Zeros asked for twice on one axis are an error; on different axes they combine.
    @Test func inputDilationCombinesOnOtherAxesOnly() throws {
        let expression = try LayerExpression(parsing: "nn.Conv2d(1, 1, 3, stride=(0.5, 2))")
        let error = #expect(throws: ConvMatrixError.self) { try expression.parameters(inputDilation: [2, 1]) }
        #expect(error?.parameter == "input_dilation" && error?.rule.contains("axis 0 already has the fractional stride 1/2") == true)
        #expect(try expression.parameters(inputDilation: [1, 3]).inputDilation == AxisValues([2, 3]))
        #expect(try expression.parameters(inputDilation: [1]).inputDilation == AxisValues([2, 1]))
    }

    /// Numbers the parser reads exactly, and what it refuses.
    @Test func parsedValues() throws {
        let layer = try LayerExpression(parsing: "nn.Conv2d(1, 1, 3, stride=(0.5, 1/3), dilation=2.0)")
        #expect(layer.arguments["stride"]?.description == "(0.5, 1/3)")
        #expect(layer.arguments["dilation"] == .int(2))
        let half = try #require(LayerFraction(numerator: 5, denominator: 10, text: "0.5"))
        #expect(half.numerator == 1 && half.denominator == 2 && half.reciprocalOfInteger == 2)
        let error = #expect(throws: ConvMatrixError.self) { try LayerExpression(parsing: "nn.Conv2d(1, 1, 3, stride=1/0)") }
        #expect(error?.rule == "column 29: division by zero")
        // Columns: "nn.Conv2d(1, 1, 3, stride=" is 26 characters, so the value starts at column 27.
        for (text, rule) in [("stride=1/x", "column 29: expected a whole denominator, found 'x'"),
                             ("stride=99999999999999999999", "column 27: the number is too large"),
                             ("stride=0.0000000000000000000001", "column 27: too many digits after the decimal point"),
                             ("stride=-", "column 27: expected a number, found ')'"),
                             ("stride=(1, .)", "column 31: expected a number, found ')'")] {
            let bad = #expect(throws: ConvMatrixError.self) { try LayerExpression(parsing: "nn.Conv2d(1, 1, 3, \(text))") }
            #expect(bad?.rule == rule, "\(text)")
        }
        #expect(try LayerExpression(parsing: "nn.Conv2d(1, 1, 3, stride=(-.5, 2.))").arguments["stride"]?.description == "(-.5, 2.)")
        let dilation = #expect(throws: ConvMatrixError.self) {
            try LayerExpression(parsing: "nn.Conv2d(1, 1, 3, dilation=0.5)").parameters()
        }
        #expect(dilation?.parameter == "dilation")
    }

    /// `padding=((0, 2), (1, 1))`: the same W as `.beginEnd(begin: [0, 1], end: [2, 1])`; and a
    /// plain loop over the padded input: y[i, j] = Σ_ab w[a, b]·x[i + a − 0, j + b − 1].
    @Test func beginEndPadsPerAxis() throws {
        let text = "nn.Conv2d(1, 1, 3, padding=((0, 2), (1, 1)), bias=False)"
        let parameters = try LayerExpression(parsing: text).parameters()
        #expect(parameters.padding == .beginEnd(begin: [0, 1], end: [2, 1]))
        let spelled = try Self.w(text, shape: [1, 1, 4, 5])
        let explicit = try ConvolutionLayer(.parameters(ConvolutionParameters(
            isTransposed: false, inChannels: 1, outChannels: 1, kernelSize: [3, 3], padding: .beginEnd(begin: [0, 1], end: [2, 1]))),
            weights: (1...9).map(Double.init), inputShape: [1, 1, 4, 5])
        #expect(spelled == denseRows(try explicit.matrix()))
        // H = 4 + 0 + 2 − 3 + 1 = 4, W = 5 + 1 + 1 − 3 + 1 = 5.
        #expect(spelled.count == 4 * 5 && spelled[0].count == 4 * 5)
        for i in 0..<4 {
            for j in 0..<5 {
                var row = [Double](repeating: 0, count: 20)
                for a in 0..<3 {
                    for b in 0..<3 {
                        let (p, q) = (i + a, j + b - 1)
                        if p >= 0, p < 4, q >= 0, q < 5 { row[p * 5 + q] += Double(a * 3 + b + 1) }
                    }
                }
                #expect(spelled[i * 5 + j] == row, "y[\(i), \(j)]")
            }
        }
    }

    @Test(arguments: [
        ("nn.Conv2d(1, 1, 3, padding=((0, 2),))", "needs 2 (begin, end) pairs"),
        ("nn.Conv2d(1, 1, 3, padding=((0, 2, 1), (1, 1)))", "each axis needs a (begin, end) pair"),
        ("nn.Conv2d(1, 1, 3, padding=((0, -1), (1, 1)))", "(begin, end) pads must be ≥ 0"),
    ])
    func badPadPairs(text: String, rule: String) throws {
        let error = #expect(throws: ConvMatrixError.self) { try LayerExpression(parsing: text).parameters() }
        #expect(error?.parameter == "padding" && error?.rule.contains(rule) == true, "\(error?.rule ?? "")")
    }

    @Test func mixedTuplesAreASyntaxError() {
        let error = #expect(throws: ConvMatrixError.self) { try LayerExpression(parsing: "nn.Conv2d(1, 1, 3, padding=((0, 2), 1))") }
        #expect(error?.rule == "column 37: a tuple cannot mix numbers and tuples")
    }
}
