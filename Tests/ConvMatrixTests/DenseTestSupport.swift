import ConvMatrix
import ConvMatrixTestSupport
import Testing

/// Helpers of the dense-path tests: a seeded generator, random geometries, and a naive
/// forward convolution written straight from the definition (one output element at a time,
/// per-axis index relation) that shares no code with the library.
enum DenseTestSupport {
    /// The library's SplitMix64 (reproducible on every machine).
    typealias Generator = SplitMix64

    /// A random valid geometry: rank 1–3, groups, stride, dilation, input dilation,
    /// asymmetric and negative pads, outputs cut below the natural size, every padding mode,
    /// channels-first / channels-last / permuted layouts. With `depthwise`, 2–40 groups of
    /// one input and one output channel each (vectors of every width, and lanes past them).
    static func geometry(seed: UInt64, depthwise: Bool = false) -> ConvolutionGeometry {
        var rng = Generator(seed: seed)
        while true {
            let rank = Int.random(in: 1...3, using: &rng)
            let groups = depthwise ? Int.random(in: 2...40, using: &rng) : [1, 1, 2, 3].randomElement(using: &rng)!
            let cin = groups * (depthwise ? 1 : Int.random(in: 1...3, using: &rng))
            let cout = groups * (depthwise ? 1 : Int.random(in: 1...3, using: &rng))
            let mode = PaddingMode.allCases.randomElement(using: &rng)!
            let maxSize = rank == 3 ? 5 : (rank == 2 ? 8 : 14)
            let axes: [AxisGeometry] = (0..<rank).map { _ in
                let plain = mode != .zeros
                var axis = AxisGeometry(inputSize: Int.random(in: 1...maxSize, using: &rng),
                                        kernelSize: Int.random(in: 1...4, using: &rng),
                                        stride: Int.random(in: 1...3, using: &rng),
                                        dilation: Int.random(in: 1...2, using: &rng),
                                        inputDilation: plain ? 1 : Int.random(in: 1...2, using: &rng),
                                        padBegin: Int.random(in: (plain ? 0 : -2)...3, using: &rng),
                                        padEnd: Int.random(in: (plain ? 0 : -2)...3, using: &rng))
                if axis.outputSize > 1, Bool.random(using: &rng) {
                    axis.outputSize = Int.random(in: 1..<axis.outputSize, using: &rng)
                }
                return axis
            }
            func layout() -> TensorLayout {
                switch Int.random(in: 0...3, using: &rng) {
                case 0: return .channelsLast
                case 1: return .permutation(Array(0...rank).shuffled(using: &rng))
                default: return .channelsFirst
                }
            }
            let input = layout(), output = layout()
            if let g = try? ConvolutionGeometry(inChannels: cin, outChannels: cout, groups: groups, axes: axes,
                                                paddingMode: mode, inputLayout: input, outputLayout: output) {
                return g
            }
        }
    }

    /// The original input index at padded position `j` of an axis, or nil for a zero —
    /// the definition, case by case.
    static func source(_ j: Int, _ axis: AxisGeometry, _ mode: PaddingMode) -> Int? {
        let m = j - axis.padBegin              // position in the dilated input
        let n = axis.inputSize
        switch mode {
        case .zeros:
            guard m >= 0, m <= (n - 1) * axis.inputDilation, m % axis.inputDilation == 0 else { return nil }
            return m / axis.inputDilation
        case .reflect: return m < 0 ? -m : (m >= n ? 2 * (n - 1) - m : m)
        case .replicate: return min(max(m, 0), n - 1)
        case .circular: return ((m % n) + n) % n
        }
    }

    /// Memory offset of logical index `[c, i₁, …]` under `layout`.
    static func offset(_ index: [Int], extents: [Int], layout: TensorLayout) -> Int {
        zip(index, layout.strides(extents: extents)).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Runs the dense forward (or, with `.transposed`, the transposed convolution) of `g`
    /// through every supported instruction set, with 1 and 2 threads, in Double and in Float
    /// (inputs rounded), and expects each within its tolerance (relative to the largest
    /// expected value) of `expected`.
    static func expectEveryVariant(_ g: ConvolutionGeometry, x: [Double], w: [Double], b: [Double]?, batch: Int,
                                   equal expected: [Double], doubleTolerance: Double, floatTolerance: Double,
                                   direction: Convolution.Direction = .forward,
                                   algorithms: [DenseAlgorithm] = [.automatic],
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let f = { (a: [Double]) in a.map(Float.init) }
        func run<T: DenseScalar>(_ x: [T], _ w: [T], _ b: [T]?, _ threads: Int, _ isa: DenseInstructionSet,
                                 _ algorithm: DenseAlgorithm) throws -> [T] {
            direction == .forward
                ? try DenseConvolution.apply(g, input: x, weights: w, bias: b, batch: batch, threads: threads, instructionSet: isa,
                                             algorithm: algorithm)
                : try DenseConvolution.applyTransposed(g, input: x, weights: w, bias: b, batch: batch, threads: threads,
                                                       instructionSet: isa, algorithm: algorithm)
        }
        for algorithm in algorithms {
            for isa in DenseInstructionSet.supported {
                for threads in [1, 2] {
                    let y = try run(x, w, b, threads, isa, algorithm)
                    #expect(relativeError(y, expected) <= doubleTolerance,
                            "\(algorithm), \(isa), \(threads) thr, batch \(batch): \(g)", sourceLocation: sourceLocation)
                    let yF = try run(f(x), f(w), b.map(f), threads, isa, algorithm)
                    #expect(relativeError(yF.map(Double.init), expected) <= floatTolerance,
                            "\(algorithm), \(isa) Float, \(threads) thr, batch \(batch): \(g)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    /// ``expectEveryVariant(_:x:w:b:batch:equal:doubleTolerance:floatTolerance:direction:sourceLocation:)``
    /// on random input, weights and bias (seeds `seed`, `seed + 1`, `seed + 2`), with and
    /// without the bias, against ``naiveForward(_:x:w:b:batch:)`` or
    /// ``naiveTransposed(_:y:w:b:batch:)``; tolerances 4·Πk ulps (Double) and 8·Πk (Float).
    static func expectEveryVariantMatchesTheDefinition(_ g: ConvolutionGeometry, _ direction: Convolution.Direction,
                                                       batch: Int, seed: UInt64,
                                                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let forward = direction == .forward
        let x = randomValues(batch * (forward ? g.inputCount : g.outputCount), seed: seed)
        let w = randomValues(g.weightCount, seed: seed + 1)
        let b = randomValues(forward ? g.outChannels : g.inChannels, seed: seed + 2)
        let taps = Double(g.kernelShape.reduce(1, *))
        for bias in [b, nil] {
            let expected = forward ? naiveForward(g, x: x, w: w, b: bias, batch: batch)
                                   : naiveTransposed(g, y: x, w: w, b: bias, batch: batch)
            try expectEveryVariant(g, x: x, w: w, b: bias, batch: batch, equal: expected,
                                   doubleTolerance: 4 * taps * Double.ulpOfOne,
                                   floatTolerance: 8 * taps * Double(Float.ulpOfOne), direction: direction,
                                   sourceLocation: sourceLocation)
        }
    }

    /// y = conv(x) + b by the definition, Double.
    static func naiveForward(_ g: ConvolutionGeometry, x: [Double], w: [Double], b: [Double]?, batch: Int) -> [Double] {
        var y = [Double](repeating: 0, count: batch * g.outputCount)
        let taps = allIndices(g.kernelShape), outs = allIndices(g.outputSpatialShape)
        let cinG = g.inChannelsPerGroup, coutG = g.outChannelsPerGroup
        for n in 0..<batch {
            for co in 0..<g.outChannels {
                let group = co / coutG
                for o in outs {
                    var sum = b?[co] ?? 0
                    for (tf, t) in taps.enumerated() {
                        guard let src = input(readBy: t, at: o, g) else { continue }
                        for c in 0..<cinG {
                            let ci = group * cinG + c
                            let xv = x[n * g.inputCount + offset([ci] + src, extents: g.inputShape, layout: g.inputLayout)]
                            sum += w[(co * cinG + c) * taps.count + tf] * xv
                        }
                    }
                    y[n * g.outputCount + offset([co] + o, extents: g.outputShape, layout: g.outputLayout)] = sum
                }
            }
        }
        return y
    }

    /// The input index that tap `t` of output `o` reads (`source(o·s + t·d)` on every axis), or
    /// nil when it reads a padding zero on some axis.
    static func input(readBy t: [Int], at o: [Int], _ g: ConvolutionGeometry) -> [Int]? {
        var index: [Int] = []
        for a in 0..<g.spatialRank {
            let axis = g.axes[a]
            guard let i = source(o[a] * axis.stride + t[a] * axis.dilation, axis, g.paddingMode) else { return nil }
            index.append(i)
        }
        return index
    }

    /// x = convT(y) + b by the definition, Double: every output element `y[co, o]` adds
    /// `w[co, c, t]·y[co, o]` into the input its tap `t` reads (`source(o·s + t·d)`), the
    /// adjoint of ``naiveForward(_:x:w:b:batch:)`` written as its own loop.
    static func naiveTransposed(_ g: ConvolutionGeometry, y: [Double], w: [Double], b: [Double]?, batch: Int) -> [Double] {
        var x = [Double](repeating: 0, count: batch * g.inputCount)
        let taps = allIndices(g.kernelShape), outs = allIndices(g.outputSpatialShape), ins = allIndices(g.inputSpatialShape)
        let cinG = g.inChannelsPerGroup, coutG = g.outChannelsPerGroup
        for n in 0..<batch {
            if let b {
                for ci in 0..<g.inChannels {
                    for i in ins { x[n * g.inputCount + offset([ci] + i, extents: g.inputShape, layout: g.inputLayout)] = b[ci] }
                }
            }
            for co in 0..<g.outChannels {
                let group = co / coutG
                for o in outs {
                    let yv = y[n * g.outputCount + offset([co] + o, extents: g.outputShape, layout: g.outputLayout)]
                    for (tf, t) in taps.enumerated() {
                        guard let src = input(readBy: t, at: o, g) else { continue }
                        for c in 0..<cinG {
                            let ci = group * cinG + c
                            x[n * g.inputCount + offset([ci] + src, extents: g.inputShape, layout: g.inputLayout)]
                                += w[(co * cinG + c) * taps.count + tf] * yv
                        }
                    }
                }
            }
        }
        return x
    }
}
