import Testing
@testable import ConvMatrix
import ConvMatrixTestSupport

/// The acceptance of "verify your own kernel": for every catalogue mistake, the buggy output built
/// here with plain loops (``KernelMistakeTests``' naive kernels with the bug as an argument, never
/// the library), rounded to Float as a float32 kernel writes it, fails `verify` with a diagnosis
/// naming that mistake and no mistake whose output differs; and the correct output of the same
/// layer, from the same loops, passes in float16, float32 and float64 with an empty diagnosis.
///
/// Weights, bias and inputs are exact in the precision checked (multiples of 2⁻⁸ in [−1, 1) for
/// Float16, Float values for Float), so the loops in Double compute what a kernel reading those
/// values computes before rounding; their sums need more bits than the format holds, so the
/// rounding is real (checked).
@Suite struct VerifyDiagnosisTests {
    typealias Naive = KernelMistakeTests

    /// One buggy output: the mistake it comes from, and the diagnosis names accepted for it.
    struct Buggy {
        let name: String
        let output: [Double]
        let accepted: Set<String>
        init(_ mistake: KernelMistake, _ output: [Double], alsoAccepted: Set<String> = []) {
            name = mistake.rawValue
            self.output = output
            accepted = alsoAccepted.union([mistake.rawValue])
        }
    }

    /// A layer, its input, its correct output from plain loops, and its buggy outputs.
    struct Scenario {
        let layer: ConvolutionLayer
        let input: Tensor<Double>
        let correct: [Double]
        let buggy: [Buggy]
    }

    /// The layers of ``KernelMistakeTests``, one per catalogue corner, together covering all 14 mistakes.
    enum Layer: String, CaseIterable, Sendable {
        case forwardAsymmetric, paddingAndDilation, samePadding, groupsConv, transposedWeights, outputPadding, channelsLast
    }

    /// `count` values in [−1, 1) exact in `precision`: multiples of 2⁻⁸ for float16 (8 significant
    /// bits of its 11), Float values for float32, any Double for float64.
    static func exact(_ count: Int, seed: UInt64, in precision: VerifiedPrecision) -> [Double] {
        let r = randomValues(count, seed: seed)
        switch precision {
        case .float16, .bfloat16: return r.map { ($0 * 256).rounded() / 256 }
        case .float32: return r.map { Double(Float($0)) }
        case .float64: return r
        }
    }

    /// `correct` (NCHW, `c × h × w`, batch 1) moved by `step` along spatial `axis`, zero where vacated:
    /// `y'[c, i, j] = y[c, i − step, j]` (axis 0) or `y[c, i, j − step]` (axis 1).
    static func shifted(_ correct: [Double], c: Int, h: Int, w: Int, axis: Int, step: Int) -> [Double] {
        var out = [Double](repeating: 0, count: correct.count)
        for ch in 0..<c { for i in 0..<h { for j in 0..<w {
            let si = axis == 0 ? i - step : i, sj = axis == 1 ? j - step : j
            if si >= 0, si < h, sj >= 0, sj < w { out[(ch * h + i) * w + j] = correct[(ch * h + si) * w + sj] }
        }}}
        return out
    }

    /// NHWC ↔ NCHW for batch 1: element `[c, i, j]` of the NCHW buffer is `[i, j, c]` of the NHWC one.
    static func nchw(fromNHWC x: [Double], c: Int, h: Int, w: Int) -> [Double] {
        var out = [Double](repeating: 0, count: x.count)
        for ch in 0..<c { for i in 0..<h { for j in 0..<w { out[(ch * h + i) * w + j] = x[(i * w + j) * c + ch] }}}
        return out
    }

    static func nhwc(fromNCHW y: [Double], c: Int, h: Int, w: Int) -> [Double] {
        var out = [Double](repeating: 0, count: y.count)
        for ch in 0..<c { for i in 0..<h { for j in 0..<w { out[(i * w + j) * c + ch] = y[(ch * h + i) * w + j] }}}
        return out
    }
}

extension VerifyDiagnosisTests {
    /// `layer`'s scenario with weights, bias and input exact in `p`: its correct output and every
    /// buggy one computed by the plain loops of ``KernelMistakeTests`` in Double.
    static func scenario(_ layer: Layer, exactIn p: VerifiedPrecision) throws -> Scenario {
        func values(_ count: Int, seed: UInt64) -> [Double] { exact(count, seed: seed, in: p) }
        func tensor(_ shape: [Int], seed: UInt64, layout: TensorLayout = .channelsFirst) throws -> Tensor<Double> {
            try Tensor(shape: shape, layout: layout, scalars: values(shape.reduce(1, *), seed: seed))
        }
        switch layer {
        case .forwardAsymmetric:
            // Conv2d(2→3, kernel 3×2, stride (2, 1), pads begin (1, 0) end (0, 1), bias) on 7×4: output 3×4.
            let w = values(3 * 2 * 3 * 2, seed: 11), b = [0.5, -0.25, 0.75]
            let l = try ConvolutionLayer.conv2d(inChannels: 2, outChannels: 3, kernelSize: [3, 2], stride: [2, 1],
                                                padding: .beginEnd(begin: [1, 0], end: [0, 1]), weights: w, bias: b)
            let x = try tensor([1, 2, 7, 4], seed: 12)
            func naive(stride: [Int] = [2, 1], pad: [Int] = [1, 0], bias: [Double]? = b,
                       weight: Naive.WeightRead? = nil) -> [Double] {
                Naive.conv2d(x.scalars, batch: 1, cin: 2, size: [7, 4], cout: 3, kernel: [3, 2], stride: stride, padBegin: pad,
                             out: [3, 4], bias: bias, weight: weight ?? Naive.plain(w, cinG: 2, kernel: [3, 2]))
            }
            let correct = naive()
            let shifts = [(0, 1), (0, -1), (1, 1), (1, -1)].map { axis, step in
                Buggy(.shift, shifted(correct, c: 3, h: 3, w: 4, axis: axis, step: step))
            }
            return Scenario(layer: l, input: x, correct: correct, buggy: [
                Buggy(.flippedKernel, naive(weight: { co, j, a, c in w[((co * 2 + j) * 3 + 2 - a) * 2 + 1 - c] })),
                Buggy(.paddingSwapped, naive(pad: [0, 1])),
                Buggy(.paddingAtEnd, naive(pad: [0, 0])),
                Buggy(.strideIgnored, naive(stride: [1, 1])),
                Buggy(.biasMissing, naive(bias: nil)),
                Buggy(.biasTwice, naive(bias: b.map { 2 * $0 })),
            ] + shifts)
        case .paddingAndDilation:
            // Conv2d(2→2, kernel 3×2, stride (3, 1), pads (1, 0), dilation (1, 2)) on 6×5: output 2×3,
            // also 2 rows without the pads (padding-missing applies); the first 3 columns of the undilated 2×4.
            let w = values(2 * 2 * 3 * 2, seed: 21)
            let l = try ConvolutionLayer.conv2d(inChannels: 2, outChannels: 2, kernelSize: [3, 2], stride: [3, 1],
                                                padding: [1, 0], dilation: [1, 2], weights: w)
            let x = try tensor([1, 2, 6, 5], seed: 22)
            func naive(dilation: [Int] = [1, 2], pad: [Int] = [1, 0]) -> [Double] {
                Naive.conv2d(x.scalars, batch: 1, cin: 2, size: [6, 5], cout: 2, kernel: [3, 2], stride: [3, 1],
                             dilation: dilation, padBegin: pad, out: [2, 3], weight: Naive.plain(w, cinG: 2, kernel: [3, 2]))
            }
            // Legitimately ambiguous: padding-at-end moves H's pads (1, 1) to (0, 2), and rows i = 0, 1
            // then read input rows 3i + a ≤ 5 < 6, never the end pad; W has no pads. So padding-at-end
            // writes exactly the padding-missing output, and the diagnosis may name both.
            return Scenario(layer: l, input: x, correct: naive(), buggy: [
                Buggy(.paddingMissing, naive(pad: [0, 0]), alsoAccepted: [KernelMistake.paddingAtEnd.rawValue]),
                Buggy(.dilationIgnored, naive(dilation: [1, 1])),
            ])
        case .samePadding:
            // Conv2d(2→2, kernel 2×3, padding 'same') on 4×5: PyTorch pads (0, 1) and (1, 1); SAME_LOWER (1, 0), (1, 1).
            let w = values(2 * 2 * 2 * 3, seed: 31)
            let l = try ConvolutionLayer.conv2d(inChannels: 2, outChannels: 2, kernelSize: [2, 3], padding: .same, weights: w)
            let x = try tensor([1, 2, 4, 5], seed: 32)
            func naive(pad: [Int]) -> [Double] {
                Naive.conv2d(x.scalars, batch: 1, cin: 2, size: [4, 5], cout: 2, kernel: [2, 3], padBegin: pad, out: [4, 5],
                             weight: Naive.plain(w, cinG: 2, kernel: [2, 3]))
            }
            return Scenario(layer: l, input: x, correct: naive(pad: [0, 1]), buggy: [Buggy(.sameUpperLower, naive(pad: [1, 1]))])
        case .groupsConv:
            // Conv2d(4→6, kernel 2×2, groups 2, bias) on a batch of 2 of 3×3: output 2×2.
            let w = values(6 * 2 * 2 * 2, seed: 41), b = values(6, seed: 42)
            let l = try ConvolutionLayer.conv2d(inChannels: 4, outChannels: 6, kernelSize: [2, 2], groups: 2, weights: w, bias: b)
            let x = try tensor([2, 4, 3, 3], seed: 43)
            func naive(interleaved: Bool) -> [Double] {
                Naive.conv2d(x.scalars, batch: 2, cin: 4, size: [3, 3], cout: 6, kernel: [2, 2], out: [2, 2], groups: 2,
                             bias: b, interleaved: interleaved, weight: Naive.plain(w, cinG: 2, kernel: [2, 2]))
            }
            return Scenario(layer: l, input: x, correct: naive(interleaved: false),
                            buggy: [Buggy(.groupsInterleaved, naive(interleaved: true))])
        case .transposedWeights:
            // ConvTranspose2d(4→6, kernel 3×2, stride (2, 1), groups 2) on 3×4: output 7×5. The weight
            // (4, 3, 3, 2) read as (6, 2, 3, 2): pair (ci, co) of group γ takes element (co, ci − 2γ).
            let w = values(4 * 3 * 3 * 2, seed: 61)
            let l = try ConvolutionLayer.convTranspose2d(inChannels: 4, outChannels: 6, kernelSize: [3, 2], stride: [2, 1],
                                                         groups: 2, weights: w)
            let y = try tensor([1, 4, 3, 4], seed: 62)
            func naive(_ weight: @escaping Naive.WeightRead) -> [Double] {
                Naive.convTranspose2d(y.scalars, batch: 1, cin: 4, size: [3, 4], cout: 6, kernel: [3, 2], stride: [2, 1],
                                      out: [7, 5], groups: 2, weight: weight)
            }
            return Scenario(layer: l, input: y, correct: naive { ci, col, a, c in w[((ci * 3 + col) * 3 + a) * 2 + c] },
                            buggy: [Buggy(.transposedWeightLayout, naive { ci, col, a, c in
                                w[((((ci / 2) * 3 + col) * 2 + ci % 2) * 3 + a) * 2 + c]
                            })])
        case .outputPadding:
            // ConvTranspose2d(2→2, kernel 3×2, stride 2, padding (1, 0), output_padding 1, bias) on 3×3:
            // output 6×7. Ignored: the 5×6 op-0 output in the corner; at start: moved one down and right.
            let w = values(2 * 2 * 3 * 2, seed: 71), b = [0.25, -0.5]
            let l = try ConvolutionLayer.convTranspose2d(inChannels: 2, outChannels: 2, kernelSize: [3, 2], stride: 2,
                                                         padding: [1, 0], outputPadding: 1, weights: w, bias: b)
            let y = try tensor([1, 2, 3, 3], seed: 72)
            func naive(shift: [Int] = [0, 0], limit: [Int]? = nil) -> [Double] {
                Naive.convTranspose2d(y.scalars, batch: 1, cin: 2, size: [3, 3], cout: 2, kernel: [3, 2], stride: [2, 2],
                                      padBegin: [1, 0], out: [6, 7], bias: b, shift: shift, limit: limit,
                                      weight: { ci, col, a, c in w[((ci * 2 + col) * 3 + a) * 2 + c] })
            }
            return Scenario(layer: l, input: y, correct: naive(), buggy: [
                Buggy(.outputPaddingIgnored, naive(limit: [5, 6])),
                Buggy(.outputPaddingIgnored, naive(shift: [1, 1])),
            ])
        case .channelsLast:
            // Channels-last Conv2d(3→2, kernel 2×2) on NHWC 4×5×3: output NHWC 3×4×2. The buggy kernel
            // reads the buffer as NCHW (3, 4, 5) and writes NCHW (2, 3, 4).
            let w = values(2 * 3 * 2 * 2, seed: 81)
            let l = try ConvolutionLayer.conv2d(inChannels: 3, outChannels: 2, kernelSize: [2, 2], layout: .channelsLast, weights: w)
            let x = try tensor([1, 4, 5, 3], seed: 82, layout: .channelsLast)
            func naive(_ buffer: [Double]) -> [Double] {
                Naive.conv2d(buffer, batch: 1, cin: 3, size: [4, 5], cout: 2, kernel: [2, 2], out: [3, 4],
                             weight: Naive.plain(w, cinG: 3, kernel: [2, 2]))
            }
            let correct = nhwc(fromNCHW: naive(nchw(fromNHWC: x.scalars, c: 3, h: 4, w: 5)), c: 2, h: 3, w: 4)
            return Scenario(layer: l, input: x, correct: correct, buggy: [Buggy(.layoutSwapped, naive(x.scalars))])
        }
    }

    /// `values` in the layer's output shape and layout (the shape alone is taken from the layer).
    static func output(_ s: Scenario, _ values: [Double]) throws -> Tensor<Double> {
        let shape = try s.layer.outputShape(inputShape: s.input.shape)
        return try Tensor(shape: shape, layout: s.layer.outputLayout, scalars: values)
    }

    /// Every buggy output, rounded to Float, fails float32 verification naming its mistake and only accepted ones.
    @Test(arguments: Layer.allCases)
    func buggyFloatOutputIsDiagnosed(_ layer: Layer) throws {
        let s = try Self.scenario(layer, exactIn: .float32)
        for bug in s.buggy {
            let got = try Self.output(s, bug.output.map { Double(Float($0)) })
            #expect(got.scalars != bug.output, "\(layer) \(bug.name): rounding to Float changed nothing")
            let report = try s.layer.verify(output: got, input: s.input, precision: .float32)
            #expect(!report.passed, "\(layer) \(bug.name): the buggy output passes")
            #expect(report.diagnosis.contains(bug.name), "\(layer) \(bug.name): diagnosis \(report.diagnosis)")
            #expect(Set(report.diagnosis).isSubset(of: bug.accepted),
                    "\(layer) \(bug.name): diagnosis \(report.diagnosis), accepted \(bug.accepted.sorted())")
        }
    }

    /// The correct output rounded to Float16, Float and kept Double passes in its precision, undiagnosed.
    @Test(arguments: Layer.allCases)
    func correctOutputPassesInEachPrecision(_ layer: Layer) throws {
        let rounding: [(VerifiedPrecision, (Double) -> Double)] = [
            (.float16, { Double(Float16($0)) }), (.float32, { Double(Float($0)) }), (.float64, { $0 }),
        ]
        for (precision, round) in rounding {
            let s = try Self.scenario(layer, exactIn: precision)
            let values = s.correct.map(round)
            #expect(precision == .float64 || values != s.correct, "\(layer) \(precision): rounding changed nothing")
            let report = try s.layer.verify(output: Self.output(s, values), input: s.input, precision: precision)
            #expect(report.passed && report.diagnosis.isEmpty, "\(layer) \(precision): \(report.text)")
        }
    }

    /// The scenarios together name every catalogue mistake.
    @Test func everyMistakeIsCovered() throws {
        let named = try Set(Layer.allCases.flatMap { try Self.scenario($0, exactIn: .float32).buggy.map(\.name) })
        #expect(named == Set(KernelMistake.allCases.map(\.rawValue)))
    }
}
