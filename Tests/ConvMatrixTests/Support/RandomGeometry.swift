@testable import ConvMatrix

/// Random valid geometries for sweeps: 1-D/2-D/3-D, groups, stride, dilation, input dilation,
/// asymmetric and negative pads, cropped outputs (output padding), optional padding modes and
/// layouts.
enum RandomGeometry {
    struct Options {
        var modes: [PaddingMode] = [.zeros]
        var layouts = false
    }

    static func make(seed: UInt64, options: Options = Options()) -> ConvolutionGeometry {
        var rng = SplitMix64(seed: seed)
        while true {
            if let g = attempt(&rng, options: options) { return g }
        }
    }

    private static func attempt(_ rng: inout SplitMix64, options: Options) -> ConvolutionGeometry? {
        let rank = Int.random(in: 1...3, using: &rng)
        let groups = [1, 1, 2, 3].randomElement(using: &rng)!
        let cin = groups * Int.random(in: 1...2, using: &rng)
        let cout = groups * Int.random(in: 1...2, using: &rng)
        let mode = options.modes.randomElement(using: &rng)!
        var axes = [AxisGeometry]()
        for _ in 0..<rank {
            let n = Int.random(in: 1...(rank == 3 ? 4 : 7), using: &rng)
            let k = Int.random(in: 1...3, using: &rng)
            let s = Int.random(in: 1...3, using: &rng)
            let d = Int.random(in: 1...2, using: &rng)
            let l = mode == .zeros ? Int.random(in: 1...2, using: &rng) : 1
            let low = mode == .zeros ? -1 : 0
            let highBound = mode == .reflect ? min(2, n - 1) : 2
            guard highBound >= low else { return nil }
            let b = Int.random(in: low...highBound, using: &rng)
            let e = Int.random(in: low...highBound, using: &rng)
            var axis = AxisGeometry(inputSize: n, kernelSize: k, stride: s, dilation: d, inputDilation: l,
                                    padBegin: b, padEnd: e)
            guard axis.naturalOutputSize >= 1, axis.dilatedInputSize + min(b, 0) + min(e, 0) >= 1 else { return nil }
            if axis.naturalOutputSize > 1, Bool.random(using: &rng), Bool.random(using: &rng) {
                axis.outputSize = axis.naturalOutputSize - 1  // as output_padding ≥ stride leaves it
            }
            axes.append(axis)
        }
        func layout() -> TensorLayout {
            guard options.layouts else { return .channelsFirst }
            return [TensorLayout.channelsFirst, .channelsLast, .permutation(Array(0...rank).shuffled(using: &rng))]
                .randomElement(using: &rng)!
        }
        return try? ConvolutionGeometry(inChannels: cin, outChannels: cout, groups: groups, axes: axes,
                                        paddingMode: mode, inputLayout: layout(), outputLayout: layout())
    }
}
