import Testing
@testable import ConvMatrix
import ConvMatrixTestSupport

/// Verifying a user's kernel: outputs written here with plain loops (exact, rounded to a lower
/// precision, or with a mistake) must pass or fail with the counts derived by hand.
@Suite struct VerifyTests {
    /// `y[n, co, i, j] = b[co] + Σ_{ci, a, c} w[co, ci, a, c]·x[n, ci, i − p + a, j − p + c]` (stride 1,
    /// zero outside the input), with `skip` (a flat index of `x`) read as 0.
    static func conv2d(_ x: [Double], n: Int, cin: Int, h: Int, wd: Int, weights: [Double], cout: Int, k: Int, pad: Int,
                       bias: [Double], skip: Int? = nil) -> [Double] {
        let oh = h + 2 * pad - k + 1, ow = wd + 2 * pad - k + 1
        var y = [Double](repeating: 0, count: n * cout * oh * ow)
        for s in 0..<n { for co in 0..<cout { for i in 0..<oh { for j in 0..<ow {
            var acc = bias[co]
            for ci in 0..<cin { for a in 0..<k { for c in 0..<k {
                let r = i - pad + a, q = j - pad + c
                guard r >= 0, r < h, q >= 0, q < wd else { continue }
                let xi = ((s * cin + ci) * h + r) * wd + q
                if xi == skip { continue }
                acc += weights[((co * cin + ci) * k + a) * k + c] * x[xi]
            }}}
            y[((s * cout + co) * oh + i) * ow + j] = acc
        }}}}
        return y
    }

    /// Values exactly representable in Float16 and Float (multiples of 2⁻⁸ in [−1, 1)).
    static func dyadic(_ count: Int, seed: UInt64) -> [Double] {
        randomValues(count, seed: seed).map { ($0 * 256).rounded() / 256 }
    }

    struct Case {
        let layer: ConvolutionLayer
        let x: Tensor<Double>
        let y: [Double]
    }

    /// Values exactly representable in Float, with 24 significant bits (products round in Float).
    static func singles(_ count: Int, seed: UInt64) -> [Double] {
        randomValues(count, seed: seed).map { Double(Float($0)) }
    }

    static func randomCase(_ values: (Int, UInt64) -> [Double] = dyadic) throws -> Case {
        let w = values(4 * 3 * 9, 1), b = values(4, 2), x = values(2 * 3 * 6 * 5, 3)
        let layer = try ConvolutionLayer.conv2d(inChannels: 3, outChannels: 4, kernelSize: 3, padding: 1, weights: w, bias: b)
        let y = conv2d(x, n: 2, cin: 3, h: 6, wd: 5, weights: w, cout: 4, k: 3, pad: 1, bias: b)
        return Case(layer: layer, x: try Tensor(shape: [2, 3, 6, 5], scalars: x), y: y)
    }

    @Test func exactOutputPassesInFloat64() throws {
        let c = try Self.randomCase()
        let report = try c.layer.verify(output: Tensor(shape: [2, 4, 6, 5], scalars: c.y), input: c.x, precision: .float64)
        #expect(report.passed && report.failing == 0 && report.elements == 240)
        #expect(report.crossChecked && report.diagnosis.isEmpty && report.map == nil)
        #expect(report.worst.count == 5)
        #expect(report.text.hasPrefix("PASS"))
        #expect(report.text.contains("cross-checked against the dense"))
    }

    @Test func denseFloatResultPassesInFloat32() throws {
        let c = try Self.randomCase(Self.singles)
        let got = try c.layer(c.x.converted(to: Float.self), engine: .dense).converted(to: Double.self)
        #expect(got.scalars != c.y, "the Float result should differ from the exact one somewhere")
        let report = try c.layer.verify(output: got, input: c.x, precision: .float32)
        #expect(report.passed, "\(report.text)")
        #expect(report.matches(got))
    }

    @Test func float16RoundingPassesInFloat16AndFailsInFloat32() throws {
        let c = try Self.randomCase()
        let rounded = try Tensor(shape: [2, 4, 6, 5], scalars: c.y.map { Double(Float16($0)) })
        let half = try c.layer.verify(output: rounded, input: c.x, precision: .float16)
        #expect(half.passed, "\(half.text)")
        let single = try c.layer.verify(output: rounded, input: c.x, precision: .float32)
        #expect(!single.passed)
        // An element fails in float32 when its rounding error exceeds its float32 bound (~(n+2)·2⁻²⁴·T);
        // count those here by the same formula written out.
        #expect(single.failing > 0 && single.failing <= 240)
        #expect(try !half.matches(Tensor(shape: [2, 4, 6, 5], scalars: c.y.map { $0 + 0.1 })))
    }

    /// Input all ones on a 4×5 image, two 3×3 channels of unit weights, padding 1, bias [0, 1];
    /// the user's kernel drops x[0, 0, 0, 0]. By hand: the outputs reading x(0, 0) are (0, 0),
    /// (0, 1), (1, 0), (1, 1) of each channel: 8 failing, 4 per channel; on axis 0, 2 per channel on
    /// the first row and 2 inside, none on the last; likewise on axis 1.
    ///
    /// The worst, in units of its bound, is y[n=0, c=0, 0, 0]: error 1, and the smallest bound —
    /// n = 4 stored taps (a corner), T = Σ|w·x| + |b| = 4, ref = 4, u = 2⁻²⁴:
    /// bound = γ₅(u)·4 + u·4 + γ₅(2⁻⁵³)·4 ≈ (20 + 4)·2⁻²⁴ = 1.43e-6.
    /// Next is y[n=0, c=1, 0, 0] (T = 5 with the bias: ≈ 30u), before y[0, 0, 0, 1] (n = 6: ≈ 48u).
    @Test func droppedInputElementIsLocalised() throws {
        let w = [Double](repeating: 1, count: 18), b = [0.0, 1.0], x = [Double](repeating: 1, count: 20)
        let layer = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 2, kernelSize: 3, padding: 1, weights: w, bias: b)
        let got = Self.conv2d(x, n: 1, cin: 1, h: 4, wd: 5, weights: w, cout: 2, k: 3, pad: 1, bias: b, skip: 0)
        let report = try layer.verify(output: Tensor(shape: [1, 2, 4, 5], scalars: got),
                                      input: Tensor(shape: [1, 1, 4, 5], scalars: x), precision: .float32, worst: 3)
        #expect(!report.passed && report.failing == 8)
        #expect(report.byChannel == [4, 4] && report.byGroup == [8] && report.bySample == [8])
        #expect(report.border == [.init(axis: 0, first: 4, last: 0, interior: 4), .init(axis: 1, first: 4, last: 0, interior: 4)])
        #expect(report.worst.map(\.label) == ["y[n=0, c=0, 0, 0]", "y[n=0, c=1, 0, 0]", "y[n=0, c=0, 0, 1]"])
        let top = try #require(report.worst.first)
        #expect(top.index == [0, 0, 0, 0] && top.got == 3 && top.expected == 4)
        let u = 0x1p-24, v = 0x1p-53
        let handBound = 5 * u / (1 - 5 * u) * 4 + u * 4 + 5 * v / (1 - 5 * v) * 4
        #expect(abs(top.bound - handBound) <= 1e-15 * handBound)
        #expect(report.maxAbsError == 1 && abs(report.maxErrorInBounds - 1 / handBound) <= 1e-9 / handBound)
        #expect(Set(top.receptiveField.map(\.inputLabel)) == ["x[n=0, c=0, 0, 0]", "x[n=0, c=0, 0, 1]",
                                                               "x[n=0, c=0, 1, 0]", "x[n=0, c=0, 1, 1]"])
        #expect(Set(top.receptiveField.flatMap(\.taps)) == [[0, 0, 1, 1], [0, 0, 1, 2], [0, 0, 2, 1], [0, 0, 2, 2]])
        #expect(report.map == """
            failing positions of y channel 0 (any sample), # failing . passing:
            ##...
            ##...
            .....
            .....
            """)
        #expect(report.text.contains("FAIL y[n=0, c=0, 0, 0]: got 3.0, expected 4.0"))
    }

    @Test func nonFiniteElementFailsThere() throws {
        let c = try Self.randomCase()
        var y = c.y
        y[37] = .nan                                     // (n=0, c=1, 1, 2): 37 = 1·30 + 1·5 + 2
        let report = try c.layer.verify(output: Tensor(shape: [2, 4, 6, 5], scalars: y), input: c.x, precision: .float64)
        #expect(report.failing == 1 && report.worst.first?.index == [0, 1, 1, 2])
        #expect(report.maxErrorInBounds == .infinity)
    }

    @Test func fixedToleranceOverridesTheModel() throws {
        let c = try Self.randomCase()
        let shifted = try Tensor(shape: [2, 4, 6, 5], scalars: c.y.map { $0 + 1e-3 })
        #expect(try c.layer.verify(output: shifted, input: c.x, precision: .float64, tolerance: .fixed(rtol: 0, atol: 2e-3)).passed)
        #expect(try !c.layer.verify(output: shifted, input: c.x, precision: .float64, tolerance: .fixed(rtol: 0, atol: 5e-4)).passed)
    }

    @Test func badArgumentsAreTypedErrors() throws {
        let c = try Self.randomCase()
        let y = try Tensor(shape: [2, 4, 6, 5], scalars: c.y)
        #expect(throws: ConvMatrixError.self) { try c.layer.verify(output: Tensor(shape: [2, 4, 6, 4], scalars: [Double](repeating: 0, count: 192)), input: c.x, precision: .float32) }
        do { _ = try c.layer.verify(output: y, input: c.x, precision: .float32, worst: -1); Issue.record("no error") }
        catch let e as ConvMatrixError { #expect(e.parameter == "worst") }
        do { _ = try c.layer.verify(output: y, input: c.x, precision: .float32, tolerance: .fixed(rtol: -1, atol: 0)); Issue.record("no error") }
        catch let e as ConvMatrixError { #expect(e.parameter == "tolerance.rtol") }
    }

    /// Conv1d, 2 → 2 channels, k = 3, padding 1, length 5, batch 2. By the chain rule on
    /// `y[n, co, o] = b[co] + Σ_{ci, a} w[co, ci, a]·x[n, ci, o − 1 + a]`:
    /// `gx[n, ci, i] = Σ_{co, a} w[co, ci, a]·gy[n, co, i + 1 − a]`, `gw[co, ci, a] = Σ_{n, o} gy[n, co, o]·x[n, ci, o − 1 + a]`,
    /// `gb[co] = Σ_{n, o} gy[n, co, o]` (terms outside 0..<5 absent). The user's gw has w[1, 0, 2] off by 2⁻¹⁰.
    @Test func perturbedWeightGradientIsNamed() throws {
        let w = Self.dyadic(12, seed: 4), b = Self.dyadic(2, seed: 5), x = Self.dyadic(20, seed: 6), gy = Self.dyadic(20, seed: 7)
        let layer = try ConvolutionLayer.conv1d(inChannels: 2, outChannels: 2, kernelSize: 3, padding: 1, weights: w, bias: b)
        var gx = [Double](repeating: 0, count: 20), gw = [Double](repeating: 0, count: 12), gb = [0.0, 0.0]
        for n in 0..<2 { for co in 0..<2 { for o in 0..<5 {
            let g = gy[(n * 2 + co) * 5 + o]
            gb[co] += g
            for ci in 0..<2 { for a in 0..<3 {
                let i = o - 1 + a
                guard i >= 0, i < 5 else { continue }
                gw[(co * 2 + ci) * 3 + a] += g * x[(n * 2 + ci) * 5 + i]
                gx[(n * 2 + ci) * 5 + i] += w[(co * 2 + ci) * 3 + a] * g
            }}
        }}}
        gw[(1 * 2 + 0) * 3 + 2] += 0x1p-10
        let report = try layer.verifyGradients(gradOutput: Tensor(shape: [2, 2, 5], scalars: gy), input: Tensor(shape: [2, 2, 5], scalars: x),
                                               gradInput: Tensor(shape: [2, 2, 5], scalars: gx), gradWeights: gw, gradBias: gb,
                                               precision: .float32)
        #expect(!report.passed)
        #expect(report.input?.passed == true && report.bias?.passed == true)
        let weights = try #require(report.weights)
        #expect(weights.failing == 1 && weights.byChannel == [0, 1])
        #expect(weights.worst.first?.label == "w[1, 0, 2]" && weights.worst.first?.index == [1, 0, 2])
        #expect(report.text.contains("FAIL w[1, 0, 2]"))
        do { _ = try layer.verifyGradients(gradOutput: Tensor(shape: [2, 2, 5], scalars: gy), input: Tensor(shape: [2, 2, 5], scalars: x),
                                           gradInput: nil, gradWeights: [1], gradBias: nil, precision: .float32); Issue.record("no error") }
        catch let e as ConvMatrixError { #expect(e.parameter == "gradWeights.count") }
    }

    /// ConvTranspose1d, 1 → 1 channel, k = 2, stride 2, weights [1, 2], on y = [1, 1, 1]: the output
    /// x[j] = w[j mod 2]·y[j div 2] = [1, 2, 1, 2, 1, 2]. Output element x[n=0, c=0, 3] is a column of W:
    /// it is made of y[0, 0, 1] through w[0, 0, 1] only.
    @Test func transposedOutputIsTracedThroughAColumn() throws {
        let layer = try ConvolutionLayer.convTranspose1d(inChannels: 1, outChannels: 1, kernelSize: 2, stride: 2, weights: [1, 2])
        let got = try Tensor(shape: [1, 1, 6], scalars: [1, 2, 1, 0, 1, 2])
        let report = try layer.verify(output: got, input: Tensor(shape: [1, 1, 3], scalars: [1, 1, 1]), precision: .float32, worst: 1)
        #expect(report.failing == 1 && report.map == "failing positions of y channel 0 (any sample), # failing . passing:\n...#..")
        let top = try #require(report.worst.first)
        #expect(top.index == [0, 0, 3] && top.expected == 2 && top.got == 0)
        #expect(top.receptiveField.map(\.inputLabel) == ["x[n=0, c=0, 1]"] && top.receptiveField.first?.taps == [[0, 0, 1]])
    }

    @Test func unitRoundoffs() {
        #expect(VerifiedPrecision.float16.unitRoundoff == 1.0 / 2048)
        #expect(VerifiedPrecision.bfloat16.unitRoundoff == 1.0 / 256)
        #expect(VerifiedPrecision.float32.unitRoundoff == 1.0 / 16_777_216)
        #expect(VerifiedPrecision.float64.unitRoundoff == 1.0 / 9_007_199_254_740_992)
    }
}
