import Testing
import ConvMatrix

/// The lengths of `AxisGeometry+Lengths.swift` against hand derivations and, over a grid of
/// small parameters, against brute force written here: windows counted one by one for the
/// convolution, scatter positions enumerated for the transposed convolution, inverses found by
/// search.
@Suite struct AxisLengthTests {
    struct Axis: CustomStringConvertible, Sendable {
        let k: Int, s: Int, d: Int, l: Int, b: Int, e: Int
        var description: String { "k=\(k) s=\(s) d=\(d) l=\(l) pads=(\(b), \(e))" }
    }

    /// Kernels 1…3, strides 1…3, dilations 1…3 (so dilation > stride too), pads −2…3 (negative
    /// pads crop); input dilation 1…2 for the forward cases.
    static let grid: [Axis] = {
        var axes = [Axis]()
        for k in 1...3 { for s in 1...3 { for d in 1...3 { for l in 1...2 {
            for b in -2...3 { for e in -2...3 { axes.append(Axis(k: k, s: s, d: d, l: l, b: b, e: e)) } }
        } } } }
        return axes
    }()

    /// Windows of span `d·(k−1)+1` that fit in the padded sequence, counted one start at a time.
    static func bruteOutput(_ n: Int, _ a: Axis) -> Int {
        let padded = (n - 1) * a.l + 1 + a.b + a.e
        var count = 0
        while count * a.s + a.d * (a.k - 1) < padded { count += 1 }
        return count
    }

    /// The transposed output: input `i` scatters to `i·s + t·d` on the full line, whose length is
    /// the last position + 1; then `b` and `e` are cropped and `p` added at the end.
    static func bruteTransposed(_ m: Int, _ a: Axis, p: Int) -> Int {
        var last = 0
        for i in 0..<m { for t in 0..<a.k { last = max(last, i * a.s + t * a.d) } }
        return last + 1 - a.b - a.e + p
    }

    @Test func handDerivedExamples() throws {
        // n=5, k=3, s=2, pads 1: padded 7, windows start at 0, 2, 4.
        #expect(try AxisGeometry.convolutionOutputLength(inputLength: 5, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1) == 3)
        // n=4 dilated by 2 is 7 long; a 2-tap kernel fits 6 times.
        #expect(try AxisGeometry.convolutionOutputLength(inputLength: 4, kernelSize: 2, inputDilation: 2) == 6)
        // Cropping 2 + 1 of 10 leaves 7; a 3-tap kernel fits 5 times.
        #expect(try AxisGeometry.convolutionOutputLength(inputLength: 10, kernelSize: 3, padBegin: -2, padEnd: -1) == 5)
        // k=3, d=4 spans 9 of 10 (dilation > stride): starts 0 only with stride 2.
        #expect(try AxisGeometry.convolutionOutputLength(inputLength: 10, kernelSize: 3, stride: 2, dilation: 4) == 1)
        #expect(try AxisGeometry.convolutionOutputLength(inputLength: 2, kernelSize: 5) == 0)
        // ConvTranspose2d(k=4, s=2, p=1) on 28: 27·2 − 2 + 3 + 1 = 56, and 57 with output_padding 1.
        #expect(try AxisGeometry.transposedOutputLength(inputLength: 28, kernelSize: 4, stride: 2, padBegin: 1, padEnd: 1) == 56)
        #expect(try AxisGeometry.transposedOutputLength(inputLength: 28, kernelSize: 4, stride: 2, padBegin: 1, padEnd: 1,
                                                        outputPadding: 1) == 57)
        // The chapter: a 2×2 input, 2×2 kernel, stride 1 gives 3×3.
        #expect(try AxisGeometry.transposedOutputLength(inputLength: 2, kernelSize: 2) == 3)
        // n=4: padded 6 → 2; n=5: 7 → 3; n=6: 8 → 3; n=7: 9 → 4.
        #expect(AxisGeometry.convolutionInputLengths(producing: 3, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1) == 5...6)
        // The output_padding ambiguity: m=3, k=3, s=2, pads 1 gives 5 or 6.
        #expect(try AxisGeometry.transposedOutputLengths(inputLength: 3, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1) == 5...6)
        #expect(AxisGeometry.transposedInputLength(producing: 6, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1,
                                                   outputPadding: 1) == 3)
        #expect(AxisGeometry.transposedInputLength(producing: 6, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1) == nil)
        // Exact with extreme pads: 1 − Int.min − Int.max = 2.
        #expect(try AxisGeometry.transposedOutputLength(inputLength: 1, kernelSize: 1, padBegin: .min, padEnd: .max) == 2)
    }

    @Test(arguments: grid)
    func forwardAndItsInverseAgainstBruteForce(_ a: Axis) throws {
        let outputs = (1...80).map { Self.bruteOutput($0, a) }
        for n in 1...80 {
            let got = try AxisGeometry.convolutionOutputLength(inputLength: n, kernelSize: a.k, stride: a.s, dilation: a.d,
                                                               inputDilation: a.l, padBegin: a.b, padEnd: a.e)
            #expect(got == outputs[n - 1], "n=\(n) \(a)")
        }
        for o in 0...12 {
            let lengths = (1...80).filter { outputs[$0 - 1] == o }
            let expected = lengths.isEmpty ? nil : lengths.first!...lengths.last!
            #expect(expected == nil || lengths.count == expected!.count, "not consecutive: o=\(o) \(a)")
            let got = AxisGeometry.convolutionInputLengths(producing: o, kernelSize: a.k, stride: a.s, dilation: a.d,
                                                           inputDilation: a.l, padBegin: a.b, padEnd: a.e)
            #expect(got == expected, "o=\(o) \(a)")
        }
    }

    @Test(arguments: grid.filter { $0.l == 1 })
    func transposedAndItsInversesAgainstBruteForce(_ a: Axis) throws {
        let paddings = 0..<max(a.s, a.d)
        for m in 1...30 {
            var produced = [Int]()
            for p in paddings {
                let expected = Self.bruteTransposed(m, a, p: p)
                let got = try AxisGeometry.transposedOutputLength(inputLength: m, kernelSize: a.k, stride: a.s, dilation: a.d,
                                                                  padBegin: a.b, padEnd: a.e, outputPadding: p)
                #expect(got == expected, "m=\(m) p=\(p) \(a)")
                if expected >= 1 {
                    produced.append(expected)
                    // The transposed output length n is the convolution input whose output has m + ⌊p/s⌋ positions.
                    #expect(Self.bruteOutput(expected, a) == m + p / a.s, "round trip m=\(m) p=\(p) \(a)")
                }
            }
            let range = try? AxisGeometry.transposedOutputLengths(inputLength: m, kernelSize: a.k, stride: a.s,
                                                                  dilation: a.d, padBegin: a.b, padEnd: a.e)
            #expect(range == (produced.isEmpty ? nil : produced.min()!...produced.max()!), "m=\(m) \(a)")
        }
        for p in paddings {
            let table = (1...80).map { Self.bruteTransposed($0, a, p: p) }
            for n in 1...40 {
                let search = table.firstIndex(of: n).map { $0 + 1 }
                let inverse = AxisGeometry.transposedInputLength(producing: n, kernelSize: a.k, stride: a.s,
                                                                 dilation: a.d, padBegin: a.b, padEnd: a.e, outputPadding: p)
                #expect(inverse == search, "n=\(n) p=\(p) \(a)")
            }
        }
    }

    @Test func outOfDomainParametersAreTypedErrors() {
        #expect(throws: ConvMatrixError.self) { try AxisGeometry.convolutionOutputLength(inputLength: 4, kernelSize: 0) }
        #expect(throws: ConvMatrixError.self) { try AxisGeometry.transposedOutputLength(inputLength: 4, kernelSize: 3, stride: 2, outputPadding: 2) }
        #expect(AxisGeometry.convolutionInputLengths(producing: 3, kernelSize: 3, stride: 0) == nil)
        #expect(AxisGeometry.transposedInputLength(producing: 3, kernelSize: 3, outputPadding: 1) == nil)
    }
}
