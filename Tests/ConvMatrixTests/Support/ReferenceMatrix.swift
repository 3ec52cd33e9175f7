@testable import ConvMatrix
import ConvMatrixTestSupport

/// An independent, constructive derivation of `W` for tests: each axis's input is literally
/// rebuilt as the sequence the kernel slides over — elements, injected zeros, pads (or mirrored /
/// replicated / wrapped elements), crops — and every output reads `sequence[o·s + t·d]`.
/// It shares no index arithmetic with the compiler or the dense path.
enum ReferenceMatrix {
    /// The sequence along one axis: the input index at each padded position, or `nil` for zero.
    static func sequence(_ axis: AxisGeometry, mode: PaddingMode) -> [Int?] {
        var dilated: [Int?] = []
        for i in 0..<axis.inputSize {
            if i > 0 { dilated += Array(repeating: nil, count: axis.inputDilation - 1) }
            dilated.append(i)
        }
        let n = axis.inputSize
        func before(_ count: Int) -> [Int?] {
            switch mode {
            case .zeros: return Array(repeating: nil, count: count)
            case .reflect: return (1...max(count, 1)).prefix(count).reversed().map { $0 }
            case .replicate: return Array(repeating: 0, count: count)
            case .circular: return (0..<count).map { n - count + $0 }
            }
        }
        func after(_ count: Int) -> [Int?] {
            switch mode {
            case .zeros: return Array(repeating: nil, count: count)
            case .reflect: return (0..<count).map { n - 2 - $0 }
            case .replicate: return Array(repeating: n - 1, count: count)
            case .circular: return (0..<count).map { $0 }
            }
        }
        var sequence = dilated
        if axis.padBegin >= 0 { sequence = before(axis.padBegin) + sequence } else { sequence.removeFirst(-axis.padBegin) }
        if axis.padEnd >= 0 { sequence += after(axis.padEnd) } else { sequence.removeLast(-axis.padEnd) }
        return sequence
    }

    /// Dense `W` (row-major `rows × columns`) of `geometry` with `weights`.
    static func dense(_ g: ConvolutionGeometry, weights: [Double]) -> [Double] {
        let sequences = g.axes.map { sequence($0, mode: g.paddingMode) }
        let outStrides = g.outputLayout.strides(extents: g.outputShape)
        let inStrides = g.inputLayout.strides(extents: g.inputShape)
        let kernel = g.kernelShape
        var w = [Double](repeating: 0, count: g.outputCount * g.inputCount)
        for co in 0..<g.outChannels {
            let group = co / g.outChannelsPerGroup
            for o in allIndices(g.outputSpatialShape) {
                let row = co * outStrides[0] + zip(o, outStrides.dropFirst()).map(*).reduce(0, +)
                for ciLocal in 0..<g.inChannelsPerGroup {
                    let ci = group * g.inChannelsPerGroup + ciLocal
                    for t in allIndices(kernel) {
                        var column = ci * inStrides[0]
                        var inside = true
                        for a in 0..<g.spatialRank {
                            guard let i = sequences[a][o[a] * g.axes[a].stride + t[a] * g.axes[a].dilation] else {
                                inside = false
                                break
                            }
                            column += i * inStrides[a + 1]
                        }
                        guard inside else { continue }
                        var tap = (co * g.inChannelsPerGroup + ciLocal)
                        for a in 0..<g.spatialRank { tap = tap * kernel[a] + t[a] }
                        w[row * g.inputCount + column] += weights[tap]
                    }
                }
            }
        }
        return w
    }

    /// Number of (row, column) pairs some tap connects: the expected nnz for zeros padding.
    static func structuralCount(_ g: ConvolutionGeometry) -> Int {
        let sequences = g.axes.map { sequence($0, mode: g.paddingMode) }
        var perPosition = 1
        for a in 0..<g.spatialRank {
            var count = 0
            for o in 0..<g.axes[a].outputSize {
                let reads = (0..<g.axes[a].kernelSize).compactMap { sequences[a][o * g.axes[a].stride + $0 * g.axes[a].dilation] }
                count += Set(reads).count
            }
            perPosition *= count
        }
        return g.outChannels * g.inChannelsPerGroup * perPosition
    }
}
