import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// `verify` names the mistake behind a wrong output: buggy outputs are computed here with plain
/// loops in Float (a user's kernel), never with the library.
@Suite struct DiagnosisTests {
    /// conv1d by its definition in Float: `y[co, o] = b[co] + Σ_ci Σ_t w[co, ci, t]·x[ci, o − p + t]`,
    /// with the kernel read reversed when `flip` (a true convolution).
    static func conv1d(_ x: [Float], cin: Int, length: Int, weights: [Float], cout: Int, k: Int, pad: Int,
                       bias: [Float], flip: Bool) -> [Float] {
        let out = length + 2 * pad - k + 1
        var y = [Float](repeating: 0, count: cout * out)
        for co in 0..<cout {
            for o in 0..<out {
                var s = bias[co]
                for ci in 0..<cin {
                    for t in 0..<k where o - pad + t >= 0 && o - pad + t < length {
                        s += weights[(co * cin + ci) * k + (flip ? k - 1 - t : t)] * x[ci * length + o - pad + t]
                    }
                }
                y[co * out + o] = s
            }
        }
        return y
    }

    @Test func aFlippedKernelIsNamedAndARightOneIsNot() throws {
        let (cin, cout, k, length) = (2, 3, 3, 6)
        let w = randomValues(cout * cin * k, seed: 41).map(Float.init), b = randomValues(cout, seed: 42).map(Float.init)
        let x = randomValues(cin * length, seed: 43).map(Float.init)
        let layer = try ConvolutionLayer.conv1d(inChannels: cin, outChannels: cout, kernelSize: AxisValues([k]), padding: 1,
                                                weights: w.map(Double.init), bias: b.map(Double.init))
        let input = try Tensor(shape: [1, cin, length], scalars: x.map(Double.init))
        let right = Self.conv1d(x, cin: cin, length: length, weights: w, cout: cout, k: k, pad: 1, bias: b, flip: false)
        let flipped = Self.conv1d(x, cin: cin, length: length, weights: w, cout: cout, k: k, pad: 1, bias: b, flip: true)
        let good = try layer.verify(output: Tensor(shape: [1, cout, length], scalars: right.map(Double.init)), input: input,
                                    precision: .float32)
        #expect(good.passed && good.diagnosis.isEmpty)
        let bad = try layer.verify(output: Tensor(shape: [1, cout, length], scalars: flipped.map(Double.init)), input: input,
                                   precision: .float32)
        #expect(!bad.passed)
        #expect(bad.diagnosis == ["flipped-kernel"])
        // A result off in one element only matches no mistake.
        var broken = right.map(Double.init)
        broken[4] += 1
        let none = try layer.verify(output: Tensor(shape: [1, cout, length], scalars: broken), input: input, precision: .float32)
        #expect(!none.passed && none.diagnosis.isEmpty)
    }
}
