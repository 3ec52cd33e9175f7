import Testing
@testable import ConvMatrix
import ConvMatrixTestSupport

/// The catalogue of kernel mistakes against buggy kernels written here with plain loops: for each
/// mistake a naive conv2d or conv_transpose2d with that bug, and the library's mistaken output
/// for it must equal that kernel's output; no hypothesis may equal the correct output.
@Suite struct KernelMistakeTests {
    /// Per output element `(co, local input channel j, kernel tap a, c)` the weight a kernel reads.
    typealias WeightRead = (_ co: Int, _ j: Int, _ a: Int, _ c: Int) -> Double

    /// A naive conv2d on logical NCHW data, with the bugs as arguments:
    /// `y[n, co, i, j] = b[co] + Σ_j Σ_{a,c} w(co, j, a, c) · x[n, ci(co, j), i·s₀ + a·d₀ − p₀, j·s₁ + c·d₁ − p₁]`
    /// (zero outside the input), with `ci(co, j) = γ·C_in/g + j`, `γ = co div (C_out/g)` (blocked)
    /// or `ci = j·g + γ`, `γ = co mod g` (interleaved). The output extents are given: a buggy
    /// kernel writes the buffer of the correct shape.
    static func conv2d(_ x: [Double], batch: Int, cin: Int, size: [Int], cout: Int, kernel k: [Int],
                       stride s: [Int] = [1, 1], dilation d: [Int] = [1, 1], padBegin p: [Int] = [0, 0],
                       out o: [Int], groups g: Int = 1, bias: [Double]? = nil, interleaved: Bool = false,
                       weight: WeightRead) -> [Double] {
        let cinG = cin / g, coutG = cout / g
        var y = [Double](repeating: 0, count: batch * cout * o[0] * o[1])
        for n in 0..<batch { for co in 0..<cout { for i in 0..<o[0] { for jj in 0..<o[1] {
            var sum = bias?[co] ?? 0
            let group = interleaved ? co % g : co / coutG
            for j in 0..<cinG {
                let ci = interleaved ? j * g + group : group * cinG + j
                for a in 0..<k[0] { for c in 0..<k[1] {
                    let r = i * s[0] + a * d[0] - p[0], q = jj * s[1] + c * d[1] - p[1]
                    if r >= 0, r < size[0], q >= 0, q < size[1] {
                        sum += weight(co, j, a, c) * x[((n * cin + ci) * size[0] + r) * size[1] + q]
                    }
                }}
            }
            y[((n * cout + co) * o[0] + i) * o[1] + jj] = sum
        }}}}
        return y
    }

    /// PyTorch's weight `(C_out, C_in/g, k₀, k₁)` read in its own order.
    static func plain(_ w: [Double], cinG: Int, kernel k: [Int]) -> WeightRead {
        { co, j, a, c in w[((co * cinG + j) * k[0] + a) * k[1] + c] }
    }

    /// A naive conv_transpose2d on logical NCHW data, as a scatter:
    /// `x[n, co, m·s + a·d − p + shift] += w(ci, col, a, c) · y[n, ci, m]` for every input position
    /// `m`, tap and channel pair of one group, kept where the target index is in `[shift, limit)`
    /// per axis, where the bias is also added. `co = γ·C_out/g + col` with `ci`'s group
    /// `γ = ci div (C_in/g)` (blocked), or `co = col·g + γ` with `γ = ci mod g` (interleaved).
    static func convTranspose2d(_ y: [Double], batch: Int, cin: Int, size: [Int], cout: Int, kernel k: [Int],
                                stride s: [Int] = [1, 1], dilation d: [Int] = [1, 1], padBegin p: [Int] = [0, 0],
                                out o: [Int], groups g: Int = 1,
                                bias: [Double]? = nil, interleaved: Bool = false, shift: [Int] = [0, 0],
                                limit: [Int]? = nil, weight: WeightRead) -> [Double] {
        let cinG = cin / g, coutG = cout / g, end = limit ?? o
        var x = [Double](repeating: 0, count: batch * cout * o[0] * o[1])
        func inside(_ r: Int, _ q: Int) -> Bool { r >= shift[0] && r < end[0] && q >= shift[1] && q < end[1] }
        for n in 0..<batch { for co in 0..<cout { for r in 0..<o[0] { for q in 0..<o[1] where inside(r, q) {
            x[((n * cout + co) * o[0] + r) * o[1] + q] = bias?[co] ?? 0
        }}}}
        for n in 0..<batch { for ci in 0..<cin { for m0 in 0..<size[0] { for m1 in 0..<size[1] {
            let group = interleaved ? ci % g : ci / cinG
            for col in 0..<coutG {
                let co = interleaved ? col * g + group : group * coutG + col
                for a in 0..<k[0] { for c in 0..<k[1] {
                    let r = m0 * s[0] + a * d[0] - p[0] + shift[0], q = m1 * s[1] + c * d[1] - p[1] + shift[1]
                    if inside(r, q) {
                        x[((n * cout + co) * o[0] + r) * o[1] + q] +=
                            weight(ci, col, a, c) * y[((n * cin + ci) * size[0] + m0) * size[1] + m1]
                    }
                }}
            }
        }}}}
        return x
    }

    /// The hypotheses of `layer` on `x`, after checking that none equals the correct output.
    static func hypotheses(_ layer: ConvolutionLayer, _ x: Tensor<Double>) throws -> [ConvolutionLayer.MistakenOutput] {
        let correct = try layer(x)
        let found = try layer.mistakenOutputVariants(input: x)
        for h in found {
            #expect(h.output.shape == correct.shape && h.output.layout == correct.layout, "\(h.mistake) \(h.variant)")
            #expect(h.output.scalars != correct.scalars, "\(h.mistake) \(h.variant) equals the correct output")
        }
        return found
    }

    /// The one output of `mistake` among `found`, compared with `expected` within 1e-12.
    static func expectOutput(_ found: [ConvolutionLayer.MistakenOutput], _ mistake: KernelMistake, variant: String = "",
                             equals expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        let matches = found.filter { $0.mistake == mistake && $0.variant == variant }
        #expect(matches.count == 1, "\(mistake) \(variant): \(matches.count) outputs", sourceLocation: sourceLocation)
        guard let output = matches.first?.output.scalars else { return }
        let worst = zip(output, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(output.count == expected.count && worst <= 1e-12, "\(mistake) \(variant): max error \(worst)",
                sourceLocation: sourceLocation)
    }

    static func input(_ shape: [Int], seed: UInt64, layout: TensorLayout = .channelsFirst) throws -> Tensor<Double> {
        try Tensor(shape: shape, layout: layout, scalars: randomValues(shape.reduce(1, *), seed: seed))
    }
}

extension KernelMistakeTests {
    /// Conv2d(2→3, kernel 3×2, stride (2, 1), pads begin (1, 0) end (0, 1), bias) on 7×4.
    /// Output: H ⌊(7+1−3)/2⌋+1 = 3, W (4+1−2)+1 = 4. Padding missing would give W 3 (not applicable),
    /// dilation is 1 (nothing to ignore); no groups, not transposed, not 'same'.
    @Test func forwardLayerWithAsymmetricPads() throws {
        let w = randomValues(3 * 2 * 3 * 2, seed: 11), b = [0.5, -0.25, 0.75]
        let layer = try ConvolutionLayer.conv2d(inChannels: 2, outChannels: 3, kernelSize: [3, 2], stride: [2, 1],
                                                padding: .beginEnd(begin: [1, 0], end: [0, 1]), weights: w, bias: b)
        let x = try Self.input([1, 2, 7, 4], seed: 12)
        let found = try Self.hypotheses(layer, x)
        func naive(stride: [Int] = [2, 1], pad: [Int] = [1, 0], bias: [Double]? = b, weight: WeightRead? = nil) -> [Double] {
            Self.conv2d(x.scalars, batch: 1, cin: 2, size: [7, 4], cout: 3, kernel: [3, 2], stride: stride, padBegin: pad,
                        out: [3, 4], bias: bias, weight: weight ?? Self.plain(w, cinG: 2, kernel: [3, 2]))
        }
        // The correct output first: the naive kernel without a bug is the layer.
        let correct = naive()
        #expect(relativeError(try layer(x).scalars, correct) < 1e-13)

        Self.expectOutput(found, .flippedKernel, equals: naive(weight: { co, j, a, c in w[((co * 2 + j) * 3 + 2 - a) * 2 + 1 - c] }))
        Self.expectOutput(found, .paddingSwapped, equals: naive(pad: [0, 1]))
        Self.expectOutput(found, .paddingAtEnd, equals: naive(pad: [0, 0]))
        Self.expectOutput(found, .strideIgnored, equals: naive(stride: [1, 1]))
        Self.expectOutput(found, .biasMissing, equals: naive(bias: nil))
        Self.expectOutput(found, .biasTwice, equals: naive(bias: b.map { 2 * $0 }))
        // Shift: y'[…, i, …] = y[…, i − step, …], zero outside.
        for (axis, step, name) in [(0, 1, "spatial axis 0, +1"), (0, -1, "spatial axis 0, −1"),
                                   (1, 1, "spatial axis 1, +1"), (1, -1, "spatial axis 1, −1")] {
            var shifted = [Double](repeating: 0, count: correct.count)
            for co in 0..<3 { for i in 0..<3 { for j in 0..<4 {
                let si = axis == 0 ? i - step : i, sj = axis == 1 ? j - step : j
                if si >= 0, si < 3, sj >= 0, sj < 4 { shifted[(co * 3 + i) * 4 + j] = correct[(co * 3 + si) * 4 + sj] }
            }}}
            Self.expectOutput(found, .shift, variant: name, equals: shifted)
        }
        // Which apply, by hand: see the doc comment; layout-swapped applies to every channels-first layer with C > 1.
        #expect(found.map(\.mistake) == [.flippedKernel, .paddingSwapped, .paddingAtEnd, .strideIgnored, .biasMissing,
                                         .biasTwice, .layoutSwapped, .shift, .shift, .shift, .shift])
    }

    /// Conv2d(2→2, kernel 3×2, stride (3, 1), pads (1, 0) both ends, dilation (1, 2)) on 6×5.
    /// Output: H ⌊(6+2−3)/3⌋+1 = 2, W 5−2·1 = 3. Without the pads H is ⌊(6−3)/3⌋+1 = 2: the same
    /// shape, so padding-missing applies. Without dilation W would be 4; the first 3 fill the buffer.
    @Test func paddingMissingAndDilationIgnored() throws {
        let w = randomValues(2 * 2 * 3 * 2, seed: 21)
        let layer = try ConvolutionLayer.conv2d(inChannels: 2, outChannels: 2, kernelSize: [3, 2], stride: [3, 1],
                                                padding: [1, 0], dilation: [1, 2], weights: w)
        let x = try Self.input([1, 2, 6, 5], seed: 22)
        let found = try Self.hypotheses(layer, x)
        func naive(dilation: [Int] = [1, 2], pad: [Int] = [1, 0]) -> [Double] {
            Self.conv2d(x.scalars, batch: 1, cin: 2, size: [6, 5], cout: 2, kernel: [3, 2], stride: [3, 1],
                        dilation: dilation, padBegin: pad, out: [2, 3], weight: Self.plain(w, cinG: 2, kernel: [3, 2]))
        }
        #expect(relativeError(try layer(x).scalars, naive()) < 1e-13)
        Self.expectOutput(found, .paddingMissing, equals: naive(pad: [0, 0]))
        Self.expectOutput(found, .dilationIgnored, equals: naive(dilation: [1, 1]))
        // Padding at the end, H pads (1, 1) → (0, 2): rows i = 0, 1 read input rows 3i + a ≤ 5 < 6,
        // never the end pad, so this layer's padding-at-end output is the padding-missing one.
        Self.expectOutput(found, .paddingAtEnd, equals: naive(pad: [0, 0]))
        #expect(!found.contains { $0.mistake == .paddingSwapped }, "symmetric pads: swapping changes nothing")
    }

    /// Conv2d(2→2, kernel 2×3, padding 'same') on 4×5: PyTorch puts the odd element at the end,
    /// pads (0, 1) on H and (1, 1) on W. SAME_LOWER puts it at the begin: pads (1, 0), (1, 1).
    @Test func samePaddingAtTheOtherEnd() throws {
        let w = randomValues(2 * 2 * 2 * 3, seed: 31)
        let layer = try ConvolutionLayer.conv2d(inChannels: 2, outChannels: 2, kernelSize: [2, 3], padding: .same, weights: w)
        let x = try Self.input([1, 2, 4, 5], seed: 32)
        let found = try Self.hypotheses(layer, x)
        func naive(pad: [Int]) -> [Double] {
            Self.conv2d(x.scalars, batch: 1, cin: 2, size: [4, 5], cout: 2, kernel: [2, 3], padBegin: pad, out: [4, 5],
                        weight: Self.plain(w, cinG: 2, kernel: [2, 3]))
        }
        #expect(relativeError(try layer(x).scalars, naive(pad: [0, 1])) < 1e-13)
        Self.expectOutput(found, .sameUpperLower, equals: naive(pad: [1, 1]))
        #expect(!found.contains { $0.mistake == .paddingSwapped }, "'same' padding is reported as same-upper-lower only")
    }

    /// An ONNX Conv (2→2, kernel 2×2, stride 1, auto_pad SAME_LOWER) on 3×4: total pad 1 per axis,
    /// SAME_LOWER puts it at the begin (pads (1, 0)); the SAME_UPPER reading puts it at the end.
    @Test func onnxSameLowerReadAsUpper() throws {
        let w = randomValues(2 * 2 * 2 * 2, seed: 35)
        let layer = try ConvolutionLayer.onnx(.conv, attributes: ONNXAttributes(kernelShape: [2, 2], autoPad: .sameLower),
                                              weightShape: [2, 2, 2, 2], weights: w)
        let x = try Self.input([1, 2, 3, 4], seed: 36)
        let found = try Self.hypotheses(layer, x)
        func naive(pad: [Int]) -> [Double] {
            Self.conv2d(x.scalars, batch: 1, cin: 2, size: [3, 4], cout: 2, kernel: [2, 2], padBegin: pad, out: [3, 4],
                        weight: Self.plain(w, cinG: 2, kernel: [2, 2]))
        }
        #expect(relativeError(try layer(x).scalars, naive(pad: [1, 1])) < 1e-13)
        Self.expectOutput(found, .sameUpperLower, equals: naive(pad: [0, 0]))
    }

    /// Conv2d(4→6, kernel 2×2, groups 2, bias) on a batch of 2 of 3×3: group γ reads channels
    /// {2γ, 2γ+1} when blocked and {γ, γ+2} when interleaved; output channel co is in group
    /// co div 3 when blocked, co mod 2 when interleaved.
    @Test func groupsInterleavedConv() throws {
        let w = randomValues(6 * 2 * 2 * 2, seed: 41), b = randomValues(6, seed: 42)
        let layer = try ConvolutionLayer.conv2d(inChannels: 4, outChannels: 6, kernelSize: [2, 2], groups: 2, weights: w, bias: b)
        let x = try Self.input([2, 4, 3, 3], seed: 43)
        let found = try Self.hypotheses(layer, x)
        func naive(interleaved: Bool) -> [Double] {
            Self.conv2d(x.scalars, batch: 2, cin: 4, size: [3, 3], cout: 6, kernel: [2, 2], out: [2, 2], groups: 2,
                        bias: b, interleaved: interleaved, weight: Self.plain(w, cinG: 2, kernel: [2, 2]))
        }
        #expect(relativeError(try layer(x).scalars, naive(interleaved: false)) < 1e-13)
        Self.expectOutput(found, .groupsInterleaved, equals: naive(interleaved: true))
    }

    /// ConvTranspose2d(4→6, kernel 2×2, stride 2, groups 2, bias) on 2×3: output 4×6. Input channel
    /// ci feeds outputs {3γ…3γ+2}, γ = ci div 2, when blocked; {γ, γ+2, γ+4}, γ = ci mod 2, when interleaved.
    @Test func groupsInterleavedConvTranspose() throws {
        let w = randomValues(4 * 3 * 2 * 2, seed: 51), b = randomValues(6, seed: 52)
        let layer = try ConvolutionLayer.convTranspose2d(inChannels: 4, outChannels: 6, kernelSize: [2, 2], stride: 2,
                                                         groups: 2, weights: w, bias: b)
        let y = try Self.input([1, 4, 2, 3], seed: 53)
        let found = try Self.hypotheses(layer, y)
        func naive(interleaved: Bool) -> [Double] {
            Self.convTranspose2d(y.scalars, batch: 1, cin: 4, size: [2, 3], cout: 6, kernel: [2, 2], stride: [2, 2],
                                 out: [4, 6], groups: 2, bias: b, interleaved: interleaved,
                                 weight: { ci, col, a, c in w[((ci * 3 + col) * 2 + a) * 2 + c] })
        }
        #expect(relativeError(try layer(y).scalars, naive(interleaved: false)) < 1e-13)
        Self.expectOutput(found, .groupsInterleaved, equals: naive(interleaved: true))
    }

    /// ConvTranspose2d(4→6, kernel 3×2, stride (2, 1), groups 2) on 3×4: output H (3−1)·2+3 = 7,
    /// W 3+2 = 5. The weight is (C_in=4, C_out/g=3, 3, 2); read as (C_out=6, C_in/g=2, 3, 2), the pair
    /// (ci, co) of group γ takes element (co, ci − 2γ) of that reading.
    @Test func transposedWeightLayout() throws {
        let w = randomValues(4 * 3 * 3 * 2, seed: 61)
        let layer = try ConvolutionLayer.convTranspose2d(inChannels: 4, outChannels: 6, kernelSize: [3, 2], stride: [2, 1],
                                                         groups: 2, weights: w)
        let y = try Self.input([1, 4, 3, 4], seed: 62)
        let found = try Self.hypotheses(layer, y)
        func naive(_ weight: @escaping WeightRead) -> [Double] {
            Self.convTranspose2d(y.scalars, batch: 1, cin: 4, size: [3, 4], cout: 6, kernel: [3, 2], stride: [2, 1],
                                 out: [7, 5], groups: 2, weight: weight)
        }
        #expect(relativeError(try layer(y).scalars, naive { ci, col, a, c in w[((ci * 3 + col) * 3 + a) * 2 + c] }) < 1e-13)
        Self.expectOutput(found, .transposedWeightLayout, equals: naive { ci, col, a, c in
            let co = (ci / 2) * 3 + col
            return w[((co * 2 + ci % 2) * 3 + a) * 2 + c]
        })
    }

    /// ConvTranspose2d(2→2, kernel 3×2, stride 2, padding (1, 0), output_padding 1, bias) on 3×3:
    /// output H (3−1)·2 − 2 + 3 + 1 = 6, W (3−1)·2 + 2 + 1 = 7. Ignored: the op-0 output (5×6) in
    /// the corner, the last row and column zero; at the start: it moved one down and right.
    @Test func outputPaddingIgnoredOrAtStart() throws {
        let w = randomValues(2 * 2 * 3 * 2, seed: 71), b = [0.25, -0.5]
        let layer = try ConvolutionLayer.convTranspose2d(inChannels: 2, outChannels: 2, kernelSize: [3, 2], stride: 2,
                                                         padding: [1, 0], outputPadding: 1, weights: w, bias: b)
        let y = try Self.input([1, 2, 3, 3], seed: 72)
        let found = try Self.hypotheses(layer, y)
        func naive(shift: [Int] = [0, 0], limit: [Int]? = nil) -> [Double] {
            Self.convTranspose2d(y.scalars, batch: 1, cin: 2, size: [3, 3], cout: 2, kernel: [3, 2], stride: [2, 2],
                                 padBegin: [1, 0], out: [6, 7], bias: b, shift: shift, limit: limit,
                                 weight: { ci, col, a, c in w[((ci * 2 + col) * 3 + a) * 2 + c] })
        }
        #expect(relativeError(try layer(y).scalars, naive()) < 1e-13)
        Self.expectOutput(found, .outputPaddingIgnored, variant: "ignored", equals: naive(limit: [5, 6]))
        Self.expectOutput(found, .outputPaddingIgnored, variant: "at start", equals: naive(shift: [1, 1]))
    }

    /// ConvTranspose2d(2→2, kernel 2×2, stride 2, padding 1, dilation (2, 1), bias) on 3×3: output
    /// H (3−1)·2 − 2 + 2·1 + 1 = 5, W (3−1)·2 − 2 + 1 + 1 = 4. The buggy scatters write the same
    /// 5×4 buffer, keeping the targets inside it: padding at the end (`i = m·s + a·d`), stride 1
    /// (`i = m + a·d − p`), dilation 1 (`i = m·s + a − p`). Without padding the output would be
    /// 7×6: padding-missing does not apply; symmetric pads: swapping them changes nothing.
    @Test func transposedPaddingStrideDilation() throws {
        let w = randomValues(2 * 2 * 2 * 2, seed: 75), b = [1.0, -2.0]
        let layer = try ConvolutionLayer.convTranspose2d(inChannels: 2, outChannels: 2, kernelSize: [2, 2], stride: 2,
                                                         padding: 1, dilation: [2, 1], weights: w, bias: b)
        let y = try Self.input([1, 2, 3, 3], seed: 76)
        let found = try Self.hypotheses(layer, y)
        func naive(stride: [Int] = [2, 2], dilation: [Int] = [2, 1], pad: [Int] = [1, 1]) -> [Double] {
            Self.convTranspose2d(y.scalars, batch: 1, cin: 2, size: [3, 3], cout: 2, kernel: [2, 2], stride: stride,
                                 dilation: dilation, padBegin: pad, out: [5, 4], bias: b,
                                 weight: { ci, col, a, c in w[((ci * 2 + col) * 2 + a) * 2 + c] })
        }
        #expect(relativeError(try layer(y).scalars, naive()) < 1e-13)
        Self.expectOutput(found, .paddingAtEnd, equals: naive(pad: [0, 0]))
        Self.expectOutput(found, .strideIgnored, equals: naive(stride: [1, 1]))
        Self.expectOutput(found, .dilationIgnored, equals: naive(dilation: [1, 1]))
        #expect(found.map(\.mistake) == [.flippedKernel, .paddingAtEnd, .dilationIgnored, .strideIgnored,
                                         .transposedWeightLayout, .biasMissing, .biasTwice, .layoutSwapped,
                                         .shift, .shift, .shift, .shift])
    }

    /// A channels-last Conv2d(3→2, kernel 2×2) on NHWC 4×5×3: the buggy kernel reads the buffer as
    /// NCHW (3, 4, 5) and writes NCHW (2, 3, 4), which the user reads as NHWC (3, 4, 2).
    @Test func layoutSwapped() throws {
        let w = randomValues(2 * 3 * 2 * 2, seed: 81)
        let layer = try ConvolutionLayer.conv2d(inChannels: 3, outChannels: 2, kernelSize: [2, 2], layout: .channelsLast, weights: w)
        let x = try Self.input([1, 4, 5, 3], seed: 82, layout: .channelsLast)
        let found = try Self.hypotheses(layer, x)
        let buggy = Self.conv2d(x.scalars, batch: 1, cin: 3, size: [4, 5], cout: 2, kernel: [2, 2], out: [3, 4],
                                weight: Self.plain(w, cinG: 3, kernel: [2, 2]))
        Self.expectOutput(found, .layoutSwapped, equals: buggy)
    }

    /// Conv1d(2→2, kernel 3), no padding, stride, dilation, groups or bias, channels-first, on
    /// length 6 (output 4). By hand, what applies: the flipped kernel (distinct taps), the layout
    /// (C = 2 > 1), and a shift either way along the one axis. Pads, stride and dilation changes
    /// give the correct output; groups, 'same', output padding, bias and the transposed weight
    /// layout do not apply.
    @Test func onlyWhatApplies() throws {
        let layer = try ConvolutionLayer.conv1d(inChannels: 2, outChannels: 2, kernelSize: 3,
                                                weights: randomValues(2 * 2 * 3, seed: 91))
        let found = try layer.mistakenOutputs(input: try Self.input([1, 2, 6], seed: 92))
        #expect(found.map(\.mistake) == [.flippedKernel, .layoutSwapped, .shift, .shift])
    }

    /// A wrong input is the layer's typed error, not a crash.
    @Test func wrongInputIsTypedError() throws {
        let layer = try ConvolutionLayer.conv1d(inChannels: 2, outChannels: 2, kernelSize: 3, weights: randomValues(12, seed: 1))
        #expect(throws: ConvMatrixError.self) { try layer.mistakenOutputs(input: try Self.input([1, 3, 6], seed: 2)) }
    }

    /// Every case has a summary sentence and its JSON name.
    @Test func catalogueNames() {
        #expect(KernelMistake.allCases.count == 14)
        #expect(KernelMistake.outputPaddingIgnored.rawValue == "output-padding")
        for m in KernelMistake.allCases { #expect(m.summary.hasSuffix(".")) }
    }
}
