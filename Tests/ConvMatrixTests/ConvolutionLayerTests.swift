import Testing
@testable import ConvMatrix
import ConvMatrixTestSupport

/// The layer object against second derivations written here with plain loops (PyTorch's
/// definitions of conv2d and conv_transpose2d), identities (the adjoint, the weight gradient's
/// bilinearity) and hand-worked numbers.
@Suite struct ConvolutionLayerTests {
    static let engines: [ConvolutionLayer.Engine] = [.cholmod, .cxsparse, .dense]

    /// PyTorch's conv2d, literally: `y[n, co, i, j] = b[co] + Σ_{ci in group} Σ_{a, c}
    /// w[co, ci', a, c] · x[n, ci, i·s − p + a·d, j·s − p + c·d]` (zero outside the input).
    static func conv2d(_ x: [Double], n: Int, cin: Int, h: Int, wd: Int, weights: [Double], cout: Int, k: Int,
                       stride s: Int, pad p: Int, dilation d: Int, groups g: Int, bias: [Double]) -> (y: [Double], oh: Int, ow: Int) {
        let oh = (h + 2 * p - d * (k - 1) - 1) / s + 1, ow = (wd + 2 * p - d * (k - 1) - 1) / s + 1
        let cinG = cin / g, coutG = cout / g
        var y = [Double](repeating: 0, count: n * cout * oh * ow)
        for b in 0..<n { for co in 0..<cout { for i in 0..<oh { for j in 0..<ow {
            var sum = bias[co]
            for local in 0..<cinG {
                let ci = (co / coutG) * cinG + local
                for a in 0..<k { for c in 0..<k {
                    let r = i * s - p + a * d, q = j * s - p + c * d
                    guard r >= 0, r < h, q >= 0, q < wd else { continue }
                    sum += weights[((co * cinG + local) * k + a) * k + c] * x[((b * cin + ci) * h + r) * wd + q]
                } }
            }
            y[((b * cout + co) * oh + i) * ow + j] = sum
        } } } }
        return (y, oh, ow)
    }

    @Test(arguments: engines)
    func conv2dEqualsTheLoopDefinition(engine: ConvolutionLayer.Engine) throws {
        // nn.Conv2d(4, 6, 3, stride=2, padding=1, dilation=2, groups=2) on (2, 4, 7, 6)
        let weights = randomValues(6 * 2 * 9, seed: 3), bias = randomValues(6, seed: 4)
        let layer = try ConvolutionLayer.conv2d(inChannels: 4, outChannels: 6, kernelSize: 3, stride: 2, padding: 1,
                                                dilation: 2, groups: 2, weights: weights, bias: bias)
        let x = try Tensor(shape: [2, 4, 7, 6], scalars: randomValues(2 * 4 * 42, seed: 5))
        let expected = Self.conv2d(x.scalars, n: 2, cin: 4, h: 7, wd: 6, weights: weights, cout: 6, k: 3, stride: 2, pad: 1,
                                   dilation: 2, groups: 2, bias: bias)
        let y = try layer(x, engine: engine)
        #expect(y.shape == [2, 6, expected.oh, expected.ow])
        #expect(relativeError(y.scalars, expected.y) <= 1e-13, "\(engine)")
    }

    /// conv_transpose2d as the scatter PyTorch documents: every input element adds
    /// `y[n, ci, i, j] · w[ci, co', a, c]` at output `(i·s − p + a·d, j·s − p + c·d)`, the output
    /// being `(m−1)·s − 2p + d·(k−1) + output_padding + 1` long.
    @Test(arguments: engines)
    func convTranspose2dEqualsTheScatterDefinition(engine: ConvolutionLayer.Engine) throws {
        let (cin, cout, k, s, p, op, m) = (2, 3, 3, 2, 1, 1, 3)
        let weights = randomValues(cin * cout * k * k, seed: 6), bias = [0.25, -1, 2]
        let layer = try ConvolutionLayer.convTranspose2d(inChannels: cin, outChannels: cout, kernelSize: AxisValues([k]), stride: AxisValues([s]),
                                                         padding: .symmetric(AxisValues([p])), outputPadding: AxisValues([op]), weights: weights, bias: bias)
        let y = try Tensor(shape: [2, cin, m, m], scalars: randomValues(2 * cin * m * m, seed: 7))
        let n = (m - 1) * s - 2 * p + (k - 1) + op + 1
        var expected = [Double](repeating: 0, count: 2 * cout * n * n)
        for b in 0..<2 { for co in 0..<cout { for i in 0..<(n * n) { expected[(b * cout + co) * n * n + i] = bias[co] } } }
        for b in 0..<2 { for ci in 0..<cin { for i in 0..<m { for j in 0..<m { for co in 0..<cout {
            for a in 0..<k { for c in 0..<k {
                let r = i * s - p + a, q = j * s - p + c
                guard r >= 0, r < n, q >= 0, q < n else { continue }
                expected[((b * cout + co) * n + r) * n + q] += y.scalars[((b * cin + ci) * m + i) * m + j] * weights[((ci * cout + co) * k + a) * k + c]
            } }
        } } } } }
        let x = try layer(y, engine: engine)
        #expect(x.shape == [2, cout, n, n])
        #expect(relativeError(x.scalars, expected) <= 1e-13, "\(engine)")
        // The layer knows which input gives this output: exactly one (output_padding is fixed).
        #expect(try layer.inputShape(producingOutput: x.shape) == [2, cin, m, m])
    }

    /// The README's example by hand: stride 2 and a 2×2 kernel stamp `y[i, j]·K + b` into
    /// block `(i, j)`; `W·x` sums each block against K; `gb = Σx`, `gw[a][b] = Σ y[i, j]·x[2i+a, 2j+b]`.
    @Test func readmeExampleByHand() throws {
        let layer = try ConvolutionLayer.convTranspose2d(inChannels: 1, outChannels: 1, kernelSize: 2, stride: 2,
                                                         weights: [1, 2, 3, 4], bias: [0.5])
        let y = try Tensor<Double>(shape: [2, 1, 2, 2], scalars: [1, 0, 0, 2, 0, 0, 0, 1])
        let x = try layer(y)
        // sample 0: blocks (0,0) = K + 0.5, (1,1) = 2K + 0.5, others 0.5
        #expect(Array(x.scalars.prefix(16)) == [1.5, 2.5, 0.5, 0.5, 3.5, 4.5, 0.5, 0.5, 0.5, 0.5, 2.5, 4.5, 0.5, 0.5, 6.5, 8.5])
        #expect(x[1, 0, 3, 3] == 4.5 && x[1, 0, 0, 0] == 0.5)
        // (W·x)[0,0] = 1·1.5 + 2·2.5 + 3·3.5 + 4·4.5 = 35; a block of 0.5s gives 0.5·10 = 5
        #expect(try layer.adjoint(x).scalars == [35, 5, 5, 65, 5, 5, 5, 35])
        let g = try layer.backward(gradOutput: x, input: y)
        #expect(g.bias == [56])                       // 38 + 18
        #expect(g.weights == [8, 14, 20, 26])         // 1.5 + 5 + 1.5, 2.5 + 9 + 2.5, …
        #expect(g.input.scalars == [35, 5, 5, 65, 5, 5, 5, 35])   // ∂/∂y is W·gradOutput
    }

    /// ⟨layer(x) − b, r⟩ = ⟨x, adjoint(r)⟩ for both directions and layouts; the weight gradient is
    /// bilinear: Σ_t gw[t]·w[t] = ⟨layer(x) − b, gy⟩.
    @Test(arguments: [false, true], [TensorLayout.channelsFirst, .channelsLast])
    func adjointAndWeightGradientIdentities(transposed: Bool, layout: TensorLayout) throws {
        let weights = randomValues(4 * 3 * 3 * 2, seed: 9), bias = randomValues(transposed ? 6 : 4, seed: 10)
        let layer = transposed
            ? try ConvolutionLayer.convTranspose2d(inChannels: 4, outChannels: 6, kernelSize: [3, 2], stride: [2, 1],
                                                   padding: [1, 0], groups: 2, layout: layout, weights: weights, bias: bias)
            : try ConvolutionLayer.conv2d(inChannels: 6, outChannels: 4, kernelSize: [3, 2], stride: [2, 1], padding: [1, 0],
                                          groups: 2, paddingMode: .reflect, layout: layout, weights: weights, bias: bias)
        let inShape = layout == .channelsFirst ? [3, transposed ? 4 : 6, 5, 4] : [3, 5, 4, transposed ? 4 : 6]
        let x = try Tensor(shape: inShape, layout: layout, scalars: randomValues(inShape.reduce(1, *), seed: 11))
        for engine in Self.engines {
            let y = try layer(x, engine: engine)
            let r = try Tensor(shape: y.shape, layout: layout, scalars: randomValues(y.scalars.count, seed: 12))
            let linear = zip(y.scalars, (0..<y.scalars.count).map { i -> Double in
                let c = layout == .channelsFirst ? (i / (y.shape[2] * y.shape[3])) % y.shape[1] : i % y.shape[3]
                return bias[c]
            }).map { $0 - $1 }
            let back = try layer.adjoint(r, inputShape: x.shape, engine: engine)
            #expect(back.shape == x.shape)
            #expect(abs(dot(linear, r.scalars) - dot(x.scalars, back.scalars)) <= 1e-12 * norm(linear) * norm(r.scalars) * 10,
                    "\(engine) transposed=\(transposed) \(layout)")
            let g = try layer.backward(gradOutput: r, input: x, engine: engine)
            #expect(abs(dot(g.weights, weights) - dot(linear, r.scalars)) <= 1e-11 * norm(linear) * norm(r.scalars) * 10)
            #expect(relativeError(g.input.scalars, back.scalars) <= 1e-12)
        }
    }

    @Test func newWeightsRefillTheCachedMatrix() throws {
        var layer = try ConvolutionLayer.conv1d(inChannels: 1, outChannels: 1, kernelSize: 2, weights: [1, 10])
        let x = try Tensor<Double>(shape: [1, 1, 3], scalars: [1, 2, 3])
        #expect(try layer(x).scalars == [21, 32])          // 1·1 + 10·2, 1·2 + 10·3
        let structure = try layer.matrix(inputShape: x.shape).pattern.geometry
        try layer.setWeights([2, 0])
        #expect(try layer(x).scalars == [2, 4])
        #expect(try layer.matrix(inputShape: x.shape).pattern.geometry == structure)
        #expect(try layer(x, engine: .dense).scalars == [2, 4])
    }

    @Test func floatTensorsThroughEveryEngine() throws {
        let layer = try ConvolutionLayer.conv1d(inChannels: 1, outChannels: 1, kernelSize: 3, padding: .same,
                                                inputDilation: 1, weights: [1, 2, 3])
        let x = try Tensor<Float>(shape: [1, 1, 4], scalars: [1, 2, 3, 4])
        // same padding (1, 1): [0·1 + 1·2 + 2·3, 1 + 4 + 9, 2 + 6 + 12, 3 + 8 + 0]
        for engine in Self.engines { #expect(try layer(x, engine: engine).scalars == [8, 14, 20, 11], "\(engine)") }
    }

    @Test func inputDilationOnAFixedRankFactory() throws {
        // conv1d with input dilation 2 (a stride ½): x = [1, 2] becomes [1, 0, 2]; kernel [1, 1] gives [1, 2].
        let layer = try ConvolutionLayer.conv1d(inChannels: 1, outChannels: 1, kernelSize: 2, inputDilation: 2, weights: [1, 1])
        #expect(try layer(Tensor<Double>(shape: [1, 1, 2], scalars: [1, 2])).scalars == [1, 2])
    }

    @Test func stridedConvolutionAdjointNeedsTheInputShape() throws {
        let layer = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 2, stride: 2, weights: [1, 2, 3, 4])
        // Output length 2 with k = 2, s = 2: ⌊(n − 2)/2⌋ + 1 = 2 for n = 4 and n = 5.
        #expect(try layer.inputLengths(producingOutput: [1, 1, 2, 2]) == [4...5, 4...5])
        let y = try Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, 0])
        #expect(throws: ConvMatrixError.self) { try layer.adjoint(y) }
        #expect(try layer.adjoint(y, inputShape: [1, 1, 5, 5]).shape == [1, 1, 5, 5])
        #expect(Array(try layer.adjoint(y, inputShape: [1, 1, 4, 4]).scalars.prefix(6)) == [1, 2, 0, 0, 3, 4])
        // A layer built for an input shape takes that one when it gives y's shape.
        let bound = try ConvolutionLayer(parsing: "nn.Conv2d(1, 1, 2, stride=2, bias=False)", weights: [1, 2, 3, 4],
                                         inputShape: [1, 1, 5, 5])
        #expect(try bound.adjoint(y).shape == [1, 1, 5, 5])
    }

    @Test func badInputIsATypedError() throws {
        #expect(throws: ConvMatrixError.mismatch("weights.count", 3, "must be 4, the element count of weight shape [1, 1, 2, 2]")) {
            try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 2, weights: [1, 2, 3])
        }
        #expect(throws: ConvMatrixError.mismatch("bias.count", 2, "must equal the layer's output channels 1")) {
            try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 2, weights: [1, 2, 3, 4], bias: [0, 0])
        }
        let layer = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 2, weights: [1, 2, 3, 4])
        let last = try Tensor<Double>(shape: [1, 3, 3, 1], layout: .channelsLast, scalars: [Double](repeating: 0, count: 9))
        #expect(throws: ConvMatrixError.mismatch("x.layout", "channels_last", "the layer's input layout is channels_first")) {
            try layer(last)
        }
        #expect(throws: ConvMatrixError.self) { try Tensor<Double>(shape: [1, 2], scalars: [1]) }
        #expect(throws: ConvMatrixError(.overBudget, parameter: "shape", value: "[4294967296, 4294967296, 2]",
                                        rule: "its element count would exceed 2⁶³ − 1")) {
            try Tensor<Double>(shape: [1 << 32, 1 << 32, 2], scalars: [])
        }
    }

    @Test func syntaxErrorsCarryTheirColumn() throws {
        // "nn.Conv2d(3, 4, 3, strid=2)": 's' of 'strid' is the 20th character.
        let error = #expect(throws: ConvMatrixError.self) {
            try ConvolutionLayer(parsing: "nn.Conv2d(3, 4, 3, strid=2)", weights: [])
        }
        #expect(error?.location == .column(20, text: "nn.Conv2d(3, 4, 3, strid=2)"))
        #expect(ConvMatrixError.mismatch("x", 1, "r").location == .parameter("x"))
    }

    /// The chapter's 4×9 W (2×2 kernel on 3×3): every row holds 4 entries; the corner inputs feed
    /// 1 output, the edge middles 2, the centre 4 (16 entries over 9 columns).
    @Test func statisticsOfTheChaptersMatrix() throws {
        let w = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 2, weights: [1, 2, 3, 4])
            .matrix(inputShape: [1, 1, 3, 3])
        let s = w.statistics
        #expect(s.perRow == ConvolutionMatrix.EntryCounts(minimum: 4, mean: 4, maximum: 4))
        #expect(s.perColumn == ConvolutionMatrix.EntryCounts(minimum: 1, mean: 16.0 / 9, maximum: 4))
        #expect((s.rowPointerBytes, s.columnIndexBytes, s.valueBytes) == (5 * 4, 16 * 4, 16 * 8))
    }

    /// The rank-specific front ends take input dilation and layouts like the N-d one: a 2×3 input
    /// dilated by (2, 1) is 3×3, so a 2×2 kernel gives a 2×2 output.
    @Test func rankFormsTakeEveryParameter() throws {
        let rank = try Convolution.conv2d(inputShape: [1, 2, 3, 4], weightShape: [5, 4, 2, 2], inputDilation: [2, 1],
                                          inputLayout: .channelsLast)
        let general = try Convolution.conv(inputShape: [1, 2, 3, 4], weightShape: [5, 4, 2, 2], inputDilation: [2, 1],
                                           inputLayout: .channelsLast)
        #expect(rank == general)
        #expect(rank.geometry.outputSpatialShape == [2, 2])
        let t = try Convolution.convTransposed1d(inputShape: [1, 3, 2], weightShape: [2, 1, 3], paddingMode: .circular,
                                                 inputLayout: .channelsLast)
        // (m−1)·s + d·(k−1) + 1 = 2 + 2 + 1 = 5 positions, channels last: (5, 1)
        #expect(t.geometry.paddingMode == .circular && t.outputMemoryShape == [5, 1])
    }

    @Test func tensorIndexesLogicallyWhateverTheLayout() throws {
        // channels-last (N, H, W, C) = (1, 2, 2, 3): element (n=0, c=2, i=1, j=0) sits at (1·2 + 0)·3 + 2 = 8.
        let t = try Tensor<Double>(shape: [1, 2, 2, 3], layout: .channelsLast, scalars: (0..<12).map(Double.init))
        #expect(t.logicalShape == [1, 3, 2, 2])
        #expect(t[0, 2, 1, 0] == 8)
        #expect(t.channels == 3 && t.batch == 1)
    }

    @Test func explainSpeaksInTheLayersCoordinates() throws {
        let layer = try ConvolutionLayer(parsing: "nn.ConvTranspose2d(1, 1, 2, bias=False)", weights: [1, 2, 3, 4],
                                         inputShape: [1, 1, 2, 2])
        // output x[0, 0, 1, 1] of the transposed layer is column 4 of W (a 3×3 output, row-major)
        let text = try layer.explain(output: [0, 0, 1, 1])
        #expect(text.hasPrefix("output element x[c=0, 1, 1] of the layer is column 4 of W"))
        #expect(try layer.matrixLine(of: [0, 0, 1, 1], isOutput: true) == (isRow: false, index: 4))
        #expect(try layer.matrixLine(of: [0, 0, 1, 0], isOutput: false) == (isRow: true, index: 2))
    }
}
