import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// The backward pass through `W` and its tap map, against central finite differences of a
/// loss evaluated by the *dense* path (which never reads `W`), for convolutions and transposed
/// convolutions with every padding mode and layout.
@Suite struct BackwardTests {
    @Test(arguments: Array(UInt64(300)...UInt64(339)))
    func gradientsMatchFiniteDifferences(seed: UInt64) throws {
        let g = RandomGeometry.make(seed: seed, options: .init(modes: PaddingMode.allCases, layouts: true))
        let direction: Convolution.Direction = seed % 2 == 0 ? .forward : .transposed
        let layer = Convolution(geometry: g, direction: direction)
        let batch = 2
        let x = randomValues(batch * layer.inputCount, seed: seed + 1)
        let weights = randomValues(g.weightCount, seed: seed + 2)
        let bias = randomValues(layer.outputChannels, seed: seed + 3)
        let r = randomValues(batch * layer.outputCount, seed: seed + 4)  // L = ⟨layer(x), r⟩ ⇒ gy = r

        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) throws -> Double {
            let y = direction == .forward
                ? try DenseConvolution.apply(g, input: x, weights: w, bias: b, batch: batch, threads: 1)
                : try DenseConvolution.applyTransposed(g, input: x, weights: w, bias: b, batch: batch, threads: 1)
            return dot(y, r)
        }
        func difference(_ perturb: (Double) throws -> Double) rethrows -> Double {
            let h = 1e-3
            return (try perturb(h) - perturb(-h)) / (2 * h)
        }

        let grads = try ConvolutionMatrix(g, weights: weights)
            .backward(input: x, outputGradient: r, batch: batch, direction: direction)
        let scale = max(1, grads.weights.map(abs).max() ?? 0, grads.input.map(abs).max() ?? 0)
        for t in Set([0, g.weightCount / 2, g.weightCount - 1]) {
            let fd = try difference { h in var w = weights; w[t] += h; return try loss(x, w, bias) }
            #expect(abs(fd - grads.weights[t]) <= 1e-8 * scale, "seed \(seed) \(direction) gw[\(t)]: \(g)")
        }
        for i in Set([0, x.count / 3, x.count - 1]) {
            let fd = try difference { h in var xi = x; xi[i] += h; return try loss(xi, weights, bias) }
            #expect(abs(fd - grads.input[i]) <= 1e-8 * scale, "seed \(seed) \(direction) gx[\(i)]: \(g)")
        }
        for c in Set([0, bias.count - 1]) {
            let fd = try difference { h in var b = bias; b[c] += h; return try loss(x, weights, b) }
            #expect(abs(fd - grads.bias[c]) <= 1e-8 * scale, "seed \(seed) \(direction) gb[\(c)]: \(g)")
        }
    }

    /// The sparse backward (through `W` and its tap map) against the dense path's own backward
    /// (padded input, never `W`) over random geometries, both directions.
    @Test(arguments: Array(UInt64(400)...UInt64(479)))
    func sparseAndDenseBackwardAgree(seed: UInt64) throws {
        let g = RandomGeometry.make(seed: seed, options: .init(modes: PaddingMode.allCases, layouts: true))
        let direction: Convolution.Direction = seed % 2 == 0 ? .forward : .transposed
        let layer = Convolution(geometry: g, direction: direction)
        let batch = Int(seed % 3) + 1
        let x = randomValues(batch * layer.inputCount, seed: seed + 1)
        let gy = randomValues(batch * layer.outputCount, seed: seed + 2)
        let weights = randomValues(g.weightCount, seed: seed + 3)
        let sparse = try ConvolutionMatrix(g, weights: weights).backward(input: x, outputGradient: gy, batch: batch,
                                                                         direction: direction)
        let dense = try DenseConvolution.backward(g, input: x, outputGradient: gy, weights: weights, batch: batch,
                                                  direction: direction, threads: 2)
        #expect(relativeError(dense.weights, sparse.weights) <= 1e-12, "seed \(seed) \(direction) gw: \(g)")
        #expect(relativeError(dense.input, sparse.input) <= 1e-12, "seed \(seed) \(direction) gx: \(g)")
        #expect(relativeError(dense.bias, sparse.bias) <= 1e-12, "seed \(seed) \(direction) gb: \(g)")
    }

    /// By hand: 1-D, kernel [w0, w1], x = [1, 2, 3], y = [w0 + 2w1, 2w0 + 3w1]; with gy = [1, 10]
    /// gw = [1·1 + 10·2, 1·2 + 10·3] = [21, 32], gx = [w0, w1 + 10w0, 10w1], gb = 11.
    @Test func smallCaseByHand() throws {
        let g = try Convolution.conv1d(inputShape: [1, 1, 3], weightShape: [1, 1, 2]).geometry
        let grads = try ConvolutionMatrix(g, weights: [5, 7]).backward(input: [1, 2, 3], outputGradient: [1, 10], batch: 1)
        #expect(grads.weights == [21, 32])
        #expect(grads.input == [5, 7 + 50, 70])
        #expect(grads.bias == [11])
        let dense = try DenseConvolution.backward(g, input: [1, 2, 3], outputGradient: [1, 10], weights: [5, 7], batch: 1)
        #expect(dense.weights == [21, 32] && dense.input == [5, 57, 70] && dense.bias == [11])
    }
}
