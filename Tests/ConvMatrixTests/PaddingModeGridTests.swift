import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// Every padding mode × convolution/transposed × 1-D/2-D/3-D: the compiled `W` against the
/// constructive reference (which literally builds the mirrored/replicated/wrapped sequence),
/// the adjoint identity through both engines, and the dense path in the same direction.
@Suite struct PaddingModeGridTests {
    struct Cell: CustomStringConvertible, Sendable {
        let mode: PaddingMode, rank: Int, direction: Convolution.Direction
        var description: String { "\(mode) \(rank)-d \(direction)" }
    }

    static let cells: [Cell] = PaddingMode.allCases.flatMap { mode in
        (1...3).flatMap { rank in [Convolution.Direction.forward, .transposed].map { Cell(mode: mode, rank: rank, direction: $0) } }
    }

    @Test(arguments: cells)
    func modeMatchesReferenceAndAdjoint(cell: Cell) throws {
        let sizes = [6, 5, 4].prefix(cell.rank), kernels = [3, 2, 3].prefix(cell.rank)
        let strides = [2, 1, 2].prefix(cell.rank), pads = [2, 1, 1].prefix(cell.rank)
        let axes = (0..<cell.rank).map { a in
            AxisGeometry(inputSize: sizes[a], kernelSize: kernels[a], stride: strides[a], dilation: a == 1 ? 2 : 1,
                         padBegin: pads[a], padEnd: pads[a] - (a == 0 ? 1 : 0))
        }
        let g = try ConvolutionGeometry(inChannels: 4, outChannels: 2, groups: 2, axes: axes, paddingMode: cell.mode)
        let weights = randomValues(g.weightCount, seed: UInt64(cell.rank * 10))
        let w = try ConvolutionMatrix(g, weights: weights)
        #expect(denseRows(w).flatMap { $0 } == ReferenceMatrix.dense(g, weights: weights).map { $0 + 0 }, "\(cell): \(g)")
        let convolution = Convolution(geometry: g, direction: cell.direction)
        let layer = try ConvolutionLayer(convolution, weights: weights, batch: 2)
        let x = randomValues(2 * convolution.inputCount, seed: 1), r = randomValues(2 * convolution.outputCount, seed: 2)
        let xt = try Tensor(shape: [2] + convolution.inputMemoryShape, scalars: x)
        let rt = try Tensor(shape: [2] + convolution.outputMemoryShape, scalars: r)
        for engine in [ConvolutionLayer.Engine.cholmod, .cxsparse] {
            let y = try layer(xt, engine: engine).scalars
            let back = try layer.adjoint(rt, engine: engine).scalars
            let (lhs, rhs) = (dot(y, r), dot(x, back))
            #expect(abs(lhs - rhs) <= 1e-13 * norm(y) * norm(r) + 1e-300, "\(cell) \(engine): \(lhs) vs \(rhs)")
        }
        let dense = cell.direction == .forward
            ? try DenseConvolution.apply(g, input: x, weights: weights, batch: 2)
            : try DenseConvolution.applyTransposed(g, input: x, weights: weights, batch: 2)
        #expect(relativeError(dense, try layer(xt).scalars) <= 1e-12, "\(cell)")
    }
}
