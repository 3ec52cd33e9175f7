@testable import ConvMatrix
import ConvMatrixTestSupport
import Testing

/// The data movements of the transposed dense path against definitions written here.
///
/// The cartesian scatter moves two runs of one length that interleave — (source, destination)
/// steps (1, 2) writing the even and odd elements of a row, or (2, 1) reading them — as one
/// pair; a pair whose destinations would overlap must stay two runs (repeated destinations add
/// in table order). The transposed engine stores its fold instead of adding it when every
/// element of `x` is folded from exactly one computed position, and then adds the bias in the
/// GEMM (also in a stride phase none of whose taps reach `y`).
@Suite struct DenseFoldTests {
    /// Innermost-axis tables `(source, destination)`, each a pattern the run cutter meets.
    static let rowPatterns: [(name: String, pairs: [(source: Int, destination: Int)])] = [
        // Steps (1, 2), destinations odd then even (gap −1): one zipped pair.
        ("zip", (0..<5).map { (source: $0, destination: 2 * $0 + 1) } + (0..<5).map { (source: 10 + $0, destination: 2 * $0) }),
        // Steps (2, 1), sources even then odd, destination runs far apart: one unzipped pair.
        ("unzip", (0..<6).map { (source: 2 * $0, destination: $0) } + (0..<6).map { (source: 2 * $0 + 1, destination: 20 + $0) }),
        // Steps (2, 1) whose destination runs overlap (j and j + 2): never a pair.
        ("overlapping unzip", (0..<4).map { (source: 2 * $0, destination: $0) } + (0..<4).map { (source: 2 * $0 + 1, destination: $0 + 2) }),
        // Runs of 5 and 4 with steps (1, 2): lengths differ, no pair.
        ("unequal zip", (0..<5).map { (source: $0, destination: 2 * $0) } + (0..<4).map { (source: 10 + $0, destination: 2 * $0 + 1) }),
        // Steps (2, 2): neither pattern.
        ("strided both", (0..<4).map { (source: 2 * $0, destination: 2 * $0) } + (0..<4).map { (source: 2 * $0 + 1, destination: 2 * $0 + 1) }),
        // Three zipped runs of 3, then a run of one: a pair, then two single runs.
        ("zip then tail", (0..<3).map { (source: $0, destination: 2 * $0) } + (0..<3).map { (source: 5 + $0, destination: 2 * $0 + 1) }
            + (0..<3).map { (source: 10 + $0, destination: 8 + 2 * $0) } + [(source: 20, destination: 30)]),
    ]

    /// dst[c·dc + D₀[i] + D₁[j]] (+)= src[c·sc + S₀[i] + S₁[j]] for an outer axis of two rows,
    /// three channels, Float and Double, storing and adding — against that loop written here.
    @Test(arguments: rowPatterns.indices)
    func scatterMovesEveryEntryAsTheLoopDoes(pattern: Int) {
        let (name, inner) = Self.rowPatterns[pattern]
        let outer = [(source: 0, destination: 0), (source: 40, destination: 50)]
        let channels = 3, sourceStride = 100, destinationStride = 120
        let source = (0..<channels * sourceStride).map { Double($0 % 37) + 0.25 * Double($0 / 37) }
        for accumulate in [false, true] {
            let start = (0..<channels * destinationStride).map { -Double($0 % 11) }
            expectScatterIsTheLoop(outer: outer, inner: inner, channels: channels, source: source, sourceStride: sourceStride,
                                   onto: start, destinationStride: destinationStride, accumulate: accumulate, name)
        }
    }

    /// Channels adjacent on one side (channel stride 1) and positions on the other — a
    /// channels-last tensor gathered into planes, or planes spread into one — which the
    /// scatter moves in tiles of 8 channels × 8 positions: channel counts and run lengths that
    /// leave partial tiles, storing and adding, against the loop written here.
    @Test(arguments: [3, 8, 11, 20])
    func channelsLastTilesMoveEveryEntry(channels: Int) {
        let length = 19, pitch = channels + 2, plane = 2 * length + 5
        let outer = [(source: 0, destination: 0), (source: length * pitch, destination: length + 3)]
        let spreadOuter = outer.map { (source: $0.destination, destination: $0.source) }
        for gather in [true, false] {
            let inner = (0..<length).map { gather ? (source: $0 * pitch, destination: $0) : (source: $0, destination: $0 * pitch) }
            let (sourceStride, destinationStride) = gather ? (1, plane) : (plane, 1)
            let sourceCount = gather ? 2 * length * pitch : channels * plane
            let destinationCount = gather ? channels * plane : 2 * length * pitch
            let source: [Double] = (0..<sourceCount).map { i in
                let whole = Double(i % 53), half = Double(i / 53 % 7)
                return whole + 0.5 * half
            }
            for accumulate in [false, true] {
                let start = (0..<destinationCount).map { -Double($0 % 13) }
                expectScatterIsTheLoop(outer: gather ? outer : spreadOuter, inner: inner, channels: channels, source: source,
                                       sourceStride: sourceStride, onto: start, destinationStride: destinationStride,
                                       accumulate: accumulate, "gather \(gather)")
            }
        }
    }

    /// Channels adjacent on both sides (a channels-last tensor to or from a channels-
    /// interleaved buffer), which the scatter moves position by position: runs whose steps
    /// both equal the channel count (one block each), runs with other steps, and single
    /// positions, storing and adding, against the loop written here.
    @Test(arguments: [2, 5, 8])
    func interleavedPositionsMoveAsBlocks(channels: Int) {
        let c = channels
        // Positions 0–5 a block apart on both sides, 6–8 two blocks apart in the destination,
        // then one lone position.
        var inner: [(source: Int, destination: Int)] = (0..<6).map { (source: $0 * c, destination: $0 * c) }
        for j in 6..<9 { inner.append((source: j * c, destination: (2 * j - 6) * c)) }
        inner.append((source: 9 * c, destination: 13 * c))
        let outer = [(source: 0, destination: 0), (source: 10 * c, destination: 14 * c + 1)]
        let source: [Double] = (0..<(20 * c)).map { i in
            let whole = Double(i % 41), quarter = Double(i / 41 % 3)
            return whole + 0.25 * quarter
        }
        for accumulate in [false, true] {
            let start = (0..<(28 * c + 1)).map { -Double($0 % 9) }
            expectScatterIsTheLoop(outer: outer, inner: inner, channels: c, source: source, sourceStride: 1,
                                   onto: start, destinationStride: 1, accumulate: accumulate, "blocks")
        }
    }

    /// Scatters `source` onto `start` through the tables `outer` × `inner`, in Double and in
    /// Float, and expects both to equal dst[c·ds + o.d + e.d] (+)= src[c·ss + o.s + e.s] as a
    /// loop written here. Every value must be a multiple of 1/4 below 2⁸, so that Float holds
    /// the sums exactly.
    private func expectScatterIsTheLoop(outer: [(source: Int, destination: Int)], inner: [(source: Int, destination: Int)],
                                        channels: Int, source: [Double], sourceStride: Int, onto start: [Double],
                                        destinationStride: Int, accumulate: Bool, _ name: String) {
        var tables = ScatterTables()
        tables.appendAxis(outer)
        tables.appendAxis(inner)
        var expected = start
        for c in 0..<channels {
            for o in outer {
                for e in inner {
                    let d = c * destinationStride + o.destination + e.destination
                    let v = source[c * sourceStride + o.source + e.source]
                    expected[d] = accumulate ? expected[d] + v : v
                }
            }
        }
        let double = scattered(tables, channels: channels, source: source, sourceStride: sourceStride,
                               onto: start, destinationStride: destinationStride, accumulate: accumulate)
        #expect(double == expected, "\(name), accumulate \(accumulate)")
        let float = scattered(tables, channels: channels, source: source.map(Float.init), sourceStride: sourceStride,
                              onto: start.map(Float.init), destinationStride: destinationStride, accumulate: accumulate)
        #expect(float.map(Double.init) == expected, "\(name) Float, accumulate \(accumulate)")
    }

    /// Transposed layers through every instruction set, Double and Float, with bias, one and two
    /// threads, into an output filled with NaN (an element the fold missed stays NaN), against
    /// ``DenseTestSupport/naiveTransposed(_:y:w:b:batch:)``.
    static let transposedCases: [(name: String, geometry: ConvolutionGeometry, foldsOnce: Bool)] = [
        // ConvTranspose2d(5 → 3, k 4, stride 2, pad 1) on 4×5: each x element from one phase
        // position, rows of two zipped phases.
        ("k4 s2 p1", try! ConvolutionGeometry(inChannels: 3, outChannels: 5, axes: [
            AxisGeometry(inputSize: 8, kernelSize: 4, stride: 2, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 10, kernelSize: 4, stride: 2, padBegin: 1, padEnd: 1)]), true),
        // Groups, channels-last x, odd sizes: the last phase row is one shorter than the first.
        ("k3 s2 groups channels-last", try! ConvolutionGeometry(inChannels: 4, outChannels: 6, groups: 2, axes: [
            AxisGeometry(inputSize: 7, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 9, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1)],
            inputLayout: .channelsLast), true),
        // Reflect padding folds mirrored positions onto one input: the fold adds, x starts at b.
        ("reflect k3 s2", try! ConvolutionGeometry(inChannels: 2, outChannels: 3, axes: [
            AxisGeometry(inputSize: 6, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 8, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1)], paddingMode: .reflect), false),
        // The innermost window reaches past y on both sides by more than the taps' shift span
        // (dilated input, one output kept of two): ŷ's rows may share only that span's zeros.
        ("rows wider than y", Self.wideRows, false),
        // ConvTranspose1d(2, 2, 4, stride=2) with output_shape [1] (front-ends fuzz finding):
        // x's one position sits in phase 1 at padded position 5, so phase 0 folds nothing and
        // its empty row range lies before the one slab.
        ("one input, one phase", try! ConvolutionGeometry(inChannels: 2, outChannels: 2, axes: [
            AxisGeometry(inputSize: 1, kernelSize: 4, stride: 2, padBegin: 5, padEnd: 4)]), true),
        // Stride 3 with 2 taps: every third input is read by no tap (it is the bias alone).
        ("k2 s3 gaps", try! ConvolutionGeometry(inChannels: 2, outChannels: 2, axes: [
            AxisGeometry(inputSize: 11, kernelSize: 2, stride: 3)]), false),
    ]

    static var wideRows: ConvolutionGeometry {
        var inner = AxisGeometry(inputSize: 4, kernelSize: 4, dilation: 2, inputDilation: 2, padBegin: 1, padEnd: 0)
        inner.outputSize = 1
        return try! ConvolutionGeometry(inChannels: 3, outChannels: 2, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 2, dilation: 2, padBegin: 2, padEnd: 3), inner],
            outputLayout: .channelsLast)
    }

    @Test(arguments: transposedCases.indices)
    func transposedEqualsTheDefinition(index: Int) throws {
        let (name, g, foldsOnce) = Self.transposedCases[index]
        let plan = TransposedPlan(g, isa: .portable, tileRows: 4, elementSize: 8, batch: 1, threads: 1)
        #expect(plan.foldsOnce == foldsOnce, "\(name)")
        for batch in [1, 2] {
            let y = randomValues(batch * g.outputCount, seed: 51), w = randomValues(g.weightCount, seed: 52)
            let b = randomValues(g.inChannels, seed: 53)
            let expected = DenseTestSupport.naiveTransposed(g, y: y, w: w, b: b, batch: batch)
            for isa in DenseInstructionSet.supported {
                for threads in [1, 2] {
                    let x = try transposed(g, y: y, w: w, b: b, batch: batch, threads: threads, isa: isa)
                    #expect(relativeError(x, expected) <= 1e-13, "\(name): \(isa), \(threads) thr, batch \(batch)")
                    let xF = try transposed(g, y: y.map(Float.init), w: w.map(Float.init), b: b.map(Float.init),
                                            batch: batch, threads: threads, isa: isa)
                    #expect(relativeError(xF.map(Double.init), expected) <= 1e-5,
                            "\(name) Float: \(isa), \(threads) thr, batch \(batch)")
                }
            }
        }
    }

    /// A stride phase whose only tap never reaches `y`: ConvTranspose1d, k 2, dilation 5,
    /// stride 2, pad end 5, on x of 3 (2 outputs). Output o reads padded positions 2o (tap 0)
    /// and 2o + 5 (tap 1, a pad zero for both), so x₀ = b + w₀·y₀, x₁ = b, x₂ = b + w₀·y₁:
    /// phase 1 (x₁) has no landing tap, yet every x element still comes from exactly one
    /// position — x₁'s bias comes from that phase's empty GEMM.
    @Test func phaseWithoutLandingTapsCarriesTheBias() throws {
        let g = try ConvolutionGeometry(inChannels: 1, outChannels: 1, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 2, stride: 2, dilation: 5, padEnd: 5)])
        #expect(g.outputCount == 2)
        let plan = TransposedPlan(g, isa: .portable, tileRows: 4, elementSize: 8, batch: 1, threads: 1)
        #expect(plan.foldsOnce)
        #expect(plan.phaseTaps.contains { $0.isEmpty }, "\(plan.phaseTaps)")
        for isa in DenseInstructionSet.supported {
            let x = try transposed(g, y: [3.0, 4], w: [5, 7], b: [0.5], batch: 1, threads: 1, isa: isa)
            #expect(x == [15.5, 0.5, 20.5], "\(isa)")
            let xF = try transposed(g, y: [Float(3), 4], w: [5, 7], b: [0.5], batch: 1, threads: 1, isa: isa)
            #expect(xF == [15.5, 0.5, 20.5], "\(isa) Float")
        }
    }

    /// `E.scatter` of `source` onto a copy of `start`.
    private func scattered<E: KernelElement>(_ tables: ScatterTables, channels: Int, source: [E], sourceStride: Int,
                                             onto start: [E], destinationStride: Int, accumulate: Bool) -> [E] {
        var destination = start
        source.withUnsafeBufferPointer { s in
            destination.withUnsafeMutableBufferPointer { d in
                tables.withUnsafeTables {
                    E.scatter($0, channels: channels, source: s.baseAddress!, sourceChannelStride: sourceStride,
                              destination: d.baseAddress!, destinationChannelStride: destinationStride,
                              accumulate: accumulate)
                }
            }
        }
        return destination
    }

    /// The transposed layer into an output buffer that starts as NaN.
    private func transposed<T: DenseScalar>(_ g: ConvolutionGeometry, y: [T], w: [T], b: [T], batch: Int,
                                            threads: Int, isa: DenseInstructionSet) throws -> [T] {
        var x = [T](repeating: .nan, count: batch * g.inputCount)
        try y.withUnsafeBufferPointer { y in
            try w.withUnsafeBufferPointer { w in
                try b.withUnsafeBufferPointer { b in
                    try x.withUnsafeMutableBufferPointer {
                        try DenseConvolution.applyTransposed(g, input: y, weights: w, bias: b, output: $0, batch: batch,
                                                             threads: threads, instructionSet: isa)
                    }
                }
            }
        }
        return x
    }
}
