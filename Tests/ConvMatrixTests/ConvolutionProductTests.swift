// The products in the channels-innermost numbering: the relayout by hand, and every product
// against the dense direct convolution (which never reads W) and the caller-numbered W.
@testable import ConvMatrix
import ConvMatrixTestSupport
import Testing

@Suite struct SampleRelayoutTests {
    @Test func channelsFirstToLastIsATransposePerSample() {
        // Two samples of C = 2 channels on a 2 × 3 grid. Channels first, sample n holds
        // c·6 + p + 100·n; channels last puts the two channels of each position side by side.
        let relayout = SampleRelayout(extents: [2, 2, 3], from: .channelsFirst, to: .channelsLast)
        let source = (0..<2).flatMap { n in (0..<12).map { Double($0 + 100 * n) } }
        var moved = [Double](repeating: -1, count: 24)
        source.withUnsafeBufferPointer { s in moved.withUnsafeMutableBufferPointer { relayout.apply(s.baseAddress!, into: $0.baseAddress!, batch: 2) } }
        let sample: [Double] = [0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11]
        #expect(moved == sample + sample.map { $0 + 100 })
        // And back.
        let back = SampleRelayout(extents: [2, 2, 3], from: .channelsLast, to: .channelsFirst)
        var restored = [Double](repeating: -1, count: 24)
        moved.withUnsafeBufferPointer { s in restored.withUnsafeMutableBufferPointer { back.apply(s.baseAddress!, into: $0.baseAddress!, batch: 2) } }
        #expect(restored == source)
    }

    @Test func anyPermutationWalksTheSourceByItsStrides() {
        // Logical [C = 2, H = 3, W = 4] stored channels first (value = 12c + 4h + w); to the
        // order (H, C, W): destination index 8h + 4c + w holds 12c + 4h + w.
        let relayout = SampleRelayout(extents: [2, 3, 4], from: .channelsFirst, to: .permutation([1, 0, 2]))
        let source = (0..<24).map(Double.init)
        var moved = [Double](repeating: -1, count: 24)
        source.withUnsafeBufferPointer { s in moved.withUnsafeMutableBufferPointer { relayout.apply(s.baseAddress!, into: $0.baseAddress!, batch: 1) } }
        var expected = [Double](repeating: 0, count: 24)
        for h in 0..<3 { for c in 0..<2 { for w in 0..<4 { expected[8 * h + 4 * c + w] = Double(12 * c + 4 * h + w) } } }
        #expect(moved == expected)
    }

    @Test func tilesCoverRaggedEdges() {
        // 37 channels × 21 positions: neither a multiple of the 16-wide tile.
        let relayout = SampleRelayout(extents: [37, 21], from: .channelsFirst, to: .channelsLast)
        let source = (0..<(37 * 21)).map(Double.init)
        var moved = [Double](repeating: -1, count: source.count)
        source.withUnsafeBufferPointer { s in moved.withUnsafeMutableBufferPointer { relayout.apply(s.baseAddress!, into: $0.baseAddress!, batch: 1) } }
        #expect((0..<21).allSatisfy { p in (0..<37).allSatisfy { c in moved[p * 37 + c] == Double(c * 21 + p) } })
    }

    @Test func samplesSharedAmongThreads() {
        // 5 samples of 3 channels × 20 positions on 3 threads: each sample transposed where it lies.
        let relayout = SampleRelayout(extents: [3, 4, 5], from: .channelsFirst, to: .channelsLast)
        let source = (0..<(5 * 60)).map(Double.init)
        var moved = [Double](repeating: -1, count: source.count)
        source.withUnsafeBufferPointer { s in
            moved.withUnsafeMutableBufferPointer { relayout.apply(s.baseAddress!, into: $0.baseAddress!, batch: 5, threads: 3) }
        }
        var expected = [Double](repeating: 0, count: source.count)
        for n in 0..<5 {
            for p in 0..<20 {
                for c in 0..<3 { expected[n * 60 + p * 3 + c] = source[n * 60 + c * 20 + p] }
            }
        }
        #expect(moved == expected)
    }

    @Test func oneChannelIsACopy() {
        #expect(SampleRelayout(extents: [1, 5, 5], from: .channelsFirst, to: .channelsLast).isIdentity)
        #expect(!SampleRelayout(extents: [2, 5, 5], from: .channelsFirst, to: .channelsLast).isIdentity)
    }
}

@Suite struct ConvolutionProductTests {
    /// Grouped, strided, padded, dilated 2-D layers with bias, and their input shapes; rows of
    /// `W` read 8 channels, so the products run channels innermost.
    static func layer(_ index: Int, layout: TensorLayout = .channelsFirst) throws -> (ConvolutionLayer, [Int]) {
        index == 0
            ? (try .conv2d(inChannels: 16, outChannels: 6, kernelSize: [3, 2], stride: [2, 1], padding: [1, 0], dilation: [1, 2],
                           groups: 2, layout: layout, weights: randomValues(6 * 8 * 3 * 2, seed: 11), bias: randomValues(6, seed: 12)),
               layout == .channelsFirst ? [3, 16, 7, 6] : [3, 7, 6, 16])
            : (try .convTranspose2d(inChannels: 8, outChannels: 8, kernelSize: [3, 3], stride: [2, 2], padding: [1, 0],
                                    outputPadding: [1, 0], layout: layout, weights: randomValues(8 * 8 * 9, seed: 13),
                                    bias: randomValues(8, seed: 14)),
               layout == .channelsFirst ? [3, 8, 4, 5] : [3, 4, 5, 8])
    }

    @Test func rowsReadingFewChannelsKeepTheCallersNumbering() throws {
        // Depthwise (one channel per row of W) and 3 input channels: measured slower channels
        // innermost (issue 11), so automatic keeps the caller's layouts; 8 channels switch.
        for (channels, groups, expected) in [(16, 16, false), (3, 1, false), (8, 1, true), (16, 2, true)] {
            let layer = try ConvolutionLayer.conv2d(inChannels: channels, outChannels: 16, kernelSize: 3, groups: groups,
                                                    weights: randomValues(16 * channels / groups * 9, seed: 5))
            let g = try layer.convolution(inputShape: [1, channels, 6, 6]).geometry
            #expect(ConvolutionProduct.prefersChannelsInnermost(g) == expected)
            #expect(try ConvolutionProduct.productGeometry(of: g).inputLayout == (expected ? .channelsLast : .channelsFirst))
            // 3 input channels and 16 output channels in one group: only the outputs switch.
            let outputsOnly = channels == 3
            #expect(ConvolutionProduct.prefersOutputChannelsInnermost(g) == outputsOnly)
            #expect(try ConvolutionProduct.productGeometry(of: g).outputLayout
                    == (expected || outputsOnly ? .channelsLast : .channelsFirst))
            #expect(try ConvolutionProduct.productGeometry(of: g, numbering: .outputChannelsInnermost).inputLayout == .channelsFirst)
            #expect(try ConvolutionProduct.productGeometry(of: g, numbering: .caller) == g)
            #expect(try ConvolutionProduct.productGeometry(of: g, numbering: .channelsInnermost).outputLayout == .channelsLast)
            // With the copy of Wᵀ its rows read the 16 output channels per group (16/groups):
            // all but the depthwise layer switch.
            let copySwitches = 16 / groups >= 8 || channels / groups >= 8
            #expect(ConvolutionProduct.prefersChannelsInnermost(g, transposedProducts: .explicitTranspose) == copySwitches)
            #expect(try ConvolutionProduct.productGeometry(of: g, transposedProducts: .explicitTranspose).inputLayout
                    == (copySwitches ? .channelsLast : .channelsFirst))
        }
    }

    @Test(arguments: 0..<2, [TensorLayout.channelsFirst, .channelsLast])
    func productsInTheCallersLayoutMatchTheDensePath(index: Int, layout: TensorLayout) throws {
        let (layer, input) = try Self.layer(index, layout: layout)
        let x = try Tensor<Double>(shape: input, layout: layout, scalars: randomValues(input.reduce(1, *), seed: 21))
        let convolution = try layer.convolution(inputShape: input)
        let product = try layer.product(for: convolution)
        #expect(product.matrix.geometry.inputLayout == .channelsLast && product.matrix.geometry.outputLayout == .channelsLast)
        for engine in [ConvolutionLayer.Engine.cholmod, .cxsparse] {
            let sparse = try layer(x, engine: engine), dense = try layer(x, engine: .dense)
            #expect(sparse.shape == dense.shape)
            #expect(zip(sparse.scalars, dense.scalars).allSatisfy { abs($0 - $1) <= 1e-12 }, "layer \(index) \(layout) \(engine)")
            let y = try Tensor<Double>(shape: sparse.shape, layout: layout, scalars: randomValues(sparse.scalars.count, seed: 22))
            let adjoint = try layer.adjoint(y, inputShape: input, engine: engine), denseAdjoint = try layer.adjoint(y, inputShape: input, engine: .dense)
            #expect(zip(adjoint.scalars, denseAdjoint.scalars).allSatisfy { abs($0 - $1) <= 1e-12 })
            let grads = try layer.backward(gradOutput: y, input: x, engine: engine)
            let denseGrads = try layer.backward(gradOutput: y, input: x, engine: .dense)
            #expect(zip(grads.input.scalars, denseGrads.input.scalars).allSatisfy { abs($0 - $1) <= 1e-12 })
            #expect(zip(grads.weights, denseGrads.weights).allSatisfy { abs($0 - $1) <= 1e-10 })
            #expect(zip(grads.bias ?? [], denseGrads.bias ?? []).allSatisfy { abs($0 - $1) <= 1e-10 })
        }
    }

    @Test func theRenumberedMatrixIsTheCallersPermuted() throws {
        // W_inner[r', c'] = W[r, c] where r' and c' are the channels-last numbers of output r and
        // input c: written out here from the two layouts' strides, not from the relayout.
        let (layer, _) = try Self.layer(0)
        let input = [1, 16, 5, 4]
        let convolution = try layer.convolution(inputShape: input)
        let user = try ConvolutionMatrix(convolution.geometry, weights: layer.weights)
        let inner = try layer.product(for: convolution).matrix
        let g = convolution.geometry
        func renumber(_ index: Int, shape: [Int]) -> Int {
            let spatial = shape.dropFirst().reduce(1, *), c = index / spatial, p = index % spatial
            return p * shape[0] + c
        }
        #expect(user.nonzeroCount == inner.nonzeroCount)
        for row in 0..<user.rowCount {
            let expected = try user.entries(inRow: row).map { [Double(renumber($0.column, shape: g.inputShape)), $0.value] }
            let found = try inner.entries(inRow: renumber(row, shape: g.outputShape)).map { [Double($0.column), $0.value] }
            #expect(found.sorted { $0[0] < $1[0] } == expected.sorted { $0[0] < $1[0] }, "row \(row)")
        }
    }

    @Test func theLayerHoldsOneNumberingOfWAtATime() throws {
        let (layer, _) = try Self.layer(0)
        let input = [2, 16, 7, 6]
        let x = try Tensor<Double>(shape: input, scalars: randomValues(input.reduce(1, *), seed: 31))
        _ = try layer(x)
        _ = try layer.matrix(inputShape: input)
        _ = try layer(x)
        #expect(layer.cache.count == 1)
    }
}

/// Only the outputs numbered channels innermost (a 3-channel stem): `W` is the caller's with
/// its rows permuted, so `W·X` sums every row in the same order (the same bits as the caller's
/// numbering) and `Wᵀ·Y` sums in another order (within rounding of the dense path's).
@Suite struct OutputChannelsInnermostTests {
    static let geometry = try! ConvolutionGeometry(inChannels: 3, outChannels: 10, axes: [
        AxisGeometry(inputSize: 11, kernelSize: 5, stride: 2, padBegin: 2, padEnd: 2),
        AxisGeometry(inputSize: 9, kernelSize: 3, stride: 1, padBegin: 1, padEnd: 0)])

    @Test func productsMatchTheCallersNumberingAndTheDensePath() throws {
        let g = Self.geometry, batch = 3
        #expect(ConvolutionProduct.prefersOutputChannelsInnermost(g))
        let w = randomValues(g.weightCount, seed: 51), x = randomValues(batch * g.inputCount, seed: 52)
        let y = randomValues(batch * g.outputCount, seed: 53)
        let (bOut, bIn) = (randomValues(g.outChannels, seed: 54), randomValues(g.inChannels, seed: 55))
        let inner = try ConvolutionProduct(g, weights: w), caller = try ConvolutionProduct(g, weights: w, numbering: .caller)
        #expect(inner.matrix.geometry.inputLayout == .channelsFirst && inner.matrix.geometry.outputLayout == .channelsLast)
        // Row r' of the renumbered W is row r of the caller's (r' = p·C_out + c for r = c·P + p).
        let positions = g.outputSpatialShape.reduce(1, *)
        for row in 0..<caller.matrix.rowCount {
            let renumbered = (row % positions) * g.outChannels + row / positions
            let moved = try inner.matrix.entries(inRow: renumbered).map { [Double($0.column), $0.value] }
            #expect(try moved == caller.matrix.entries(inRow: row).map { [Double($0.column), $0.value] }, "row \(row)")
        }
        for engine in SparseEngine.allCases {
            for threads in [1, 2] {
                #expect(try inner.apply(x, batch: batch, bias: bOut, engine: engine, threads: threads)
                        == caller.apply(x, batch: batch, bias: bOut, engine: engine, threads: threads), "\(engine) \(threads) thr")
                let transposed = try inner.applyTransposed(y, batch: batch, bias: bIn, engine: engine, threads: threads)
                let dense = try DenseConvolution.applyTransposed(g, input: y, weights: w, bias: bIn, batch: batch)
                #expect(relativeError(transposed, dense) <= 1e-13, "\(engine) \(threads) thr")
            }
        }
    }
}

/// The opt-in copy of `Wᵀ`: `Wᵀ·Y` through it equals the dense transposed convolution, which
/// never reads `W`, and the copy costs what its arrays hold.
@Suite struct TransposeCopyTests {
    static let geometry = try! ConvolutionGeometry(inChannels: 16, outChannels: 12, axes: [
        AxisGeometry(inputSize: 9, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1),
        AxisGeometry(inputSize: 7, kernelSize: 2, padBegin: 0, padEnd: 1)])

    @Test(arguments: [TensorLayout.channelsFirst, .channelsLast])
    func transposedProductsThroughTheCopyMatchTheDensePath(layout: TensorLayout) throws {
        let base = Self.geometry
        let g = try ConvolutionGeometry(inChannels: base.inChannels, outChannels: base.outChannels, axes: base.axes,
                                        inputLayout: layout, outputLayout: layout)
        let batch = 3
        let w = randomValues(g.weightCount, seed: 41), y = randomValues(batch * g.outputCount, seed: 42)
        let bias = randomValues(g.inChannels, seed: 43)
        let product = try ConvolutionProduct(g, weights: w, transposedProducts: .explicitTranspose)
        #expect(product.transposedProducts == .explicitTranspose)
        for b in [bias, nil] {
            let expected = try DenseConvolution.applyTransposed(g, input: y, weights: w, bias: b, batch: batch)
            for engine in SparseEngine.allCases {
                for threads in [1, 2] {
                    let x = try product.applyTransposed(y, batch: batch, bias: b, engine: engine, threads: threads)
                    #expect(relativeError(x, expected) <= 1e-13, "\(layout) \(engine) \(threads) thr, bias \(b != nil)")
                }
            }
        }
    }

    /// Int32 indices: a row pointer per column of `W` plus one, and 4 + 8 bytes per entry.
    @Test func theCopyCostsItsArrays() throws {
        let g = Self.geometry
        let w = randomValues(g.weightCount, seed: 44)
        let plain = try ConvolutionProduct(g, weights: w)
        let copied = try ConvolutionProduct(g, weights: w, transposedProducts: .explicitTranspose)
        #expect(plain.transposeCopyBytes == 0)
        let nnz = copied.matrix.nonzeroCount, columns = copied.matrix.columnCount
        #expect(copied.matrix.indexWidth == .int32)
        #expect(copied.transposeCopyBytes == 4 * (columns + 1) + 12 * nnz)
    }
}
