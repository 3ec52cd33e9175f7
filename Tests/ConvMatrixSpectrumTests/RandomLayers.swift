// Random layers for the spectrum sweeps: every padding mode, stride, dilation, groups, 1-D/2-D/3-D,
// Conv and ConvTranspose, drawn from a seed so a failure re-runs from its printed description.
import ConvMatrix
import ConvMatrixTestSupport

/// A layer and the input shape it is probed on.
struct ProbeLayer: CustomStringConvertible, Sendable {
    let layer: ConvolutionLayer
    let inputShape: [Int]
    let seed: UInt64
    var description: String { "seed \(seed): \(layer) on \(inputShape)" }
}

/// The first `count` valid layers drawn from seeds `base, base + 1, …` with at most
/// `maxColumns` columns (invalid combinations — reflect padding wider than the input, … — are
/// skipped, as PyTorch would refuse them).
func randomLayers(count: Int, base: UInt64, maxColumns: Int, modes: [PaddingMode] = PaddingMode.allCases,
                  strides: [Int] = [1, 2, 3], transposed: Bool? = nil) -> [ProbeLayer] {
    var layers: [ProbeLayer] = [], seed = base
    while layers.count < count {
        seed += 1
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &rng)] }
        let rank = pick([1, 1, 2, 2, 2, 3]), groups = pick([1, 1, 2])
        let cin = groups * pick([1, 2, 3]), cout = groups * pick([1, 2, 3])
        let kernel = (0..<rank).map { _ in pick(rank == 3 ? [1, 2] : [1, 2, 3]) }
        let dilation = (0..<rank).map { _ in pick([1, 1, 2]) }
        let stride = (0..<rank).map { _ in pick(strides) }
        let padding = (0..<rank).map { _ in pick([0, 1, 2]) }
        let size = (0..<rank).map { _ in pick(rank == 1 ? [5, 8, 11] : rank == 2 ? [4, 5, 7] : [3, 4]) }
        let isTransposed = transposed ?? (pick([0, 0, 1]) == 1)
        let mode: PaddingMode = isTransposed ? .zeros : pick(modes)
        let parameters = ConvolutionParameters(isTransposed: isTransposed, inChannels: cin, outChannels: cout,
                                               kernelSize: kernel, stride: AxisValues(stride), padding: .symmetric(AxisValues(padding)),
                                               dilation: AxisValues(dilation), groups: groups, paddingMode: mode)
        guard let weightCount = try? parameters.weightCount(),
              let layer = try? ConvolutionLayer(.parameters(parameters), weights: randomValues(weightCount, seed: seed)) else { continue }
        let input = [1, isTransposed ? cin : cin] + size
        guard let convolution = try? layer.convolution(inputShape: input), convolution.outputCount > 0,
              convolution.inputCount <= maxColumns, convolution.outputCount <= 4 * maxColumns else { continue }
        layers.append(ProbeLayer(layer: layer, inputShape: input, seed: seed))
    }
    return layers
}
