import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// Work items — blocks of groups, slabs of the first axis, chunks of input channels — only
/// regroup the same arithmetic: shrinking the per-item budget (down to one slab row or one
/// tile of channels per item) gives bit-identical forward results, and transposed results
/// equal up to the order in which mirrored padding folds onto an edge element.
@Suite struct DenseSplitTests {
    static let cases: [ConvolutionGeometry] = [
        try! ConvolutionGeometry(inChannels: 20, outChannels: 11, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 31, kernelSize: 4, padBegin: 2, padEnd: 1)], paddingMode: .replicate),
        try! ConvolutionGeometry(inChannels: 12, outChannels: 12, groups: 12, axes: [
            AxisGeometry(inputSize: 10, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 12, kernelSize: 3, dilation: 2, padBegin: 2, padEnd: 2)],
            inputLayout: .channelsLast, outputLayout: .channelsLast),
        // Depthwise, channels first: the row-blocked kernel, 4-row tiles in whole planes and
        // one-row tiles in slabs of fewer rows, each output's terms in one order.
        try! ConvolutionGeometry(inChannels: 5, outChannels: 5, groups: 5, axes: [
            AxisGeometry(inputSize: 11, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 21, kernelSize: 3, padBegin: 1, padEnd: 1)]),
        try! ConvolutionGeometry(inChannels: 18, outChannels: 6, groups: 2, axes: [
            AxisGeometry(inputSize: 40, kernelSize: 5, stride: 3, inputDilation: 2, padBegin: -1, padEnd: 3)]),
        try! ConvolutionGeometry(inChannels: 3, outChannels: 5, axes: [
            AxisGeometry(inputSize: 6, kernelSize: 2, stride: 2, padBegin: 1, padEnd: 0),
            AxisGeometry(inputSize: 5, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 7, kernelSize: 3, stride: 2, padBegin: 2, padEnd: 2)], paddingMode: .reflect),
        // Zero padding, stride 2 and pad 1 on the first axis: its two phases fold from rows
        // that start one apart, so the first and last one-row slabs hold rows of one phase only.
        try! ConvolutionGeometry(inChannels: 4, outChannels: 3, axes: [
            AxisGeometry(inputSize: 6, kernelSize: 4, stride: 2, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 5, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1)]),
    ]

    static func run(_ g: ConvolutionGeometry, _ direction: Convolution.Direction, input: [Double], weights: [Double],
                    bias: [Double], batch: Int, threads: Int, budget: Int) throws -> [Double] {
        var out = [Double](repeating: .nan, count: batch * (direction == .forward ? g.outputCount : g.inputCount))
        var job = DenseJob(geometry: g, direction: direction, batch: batch, threads: threads, isa: .best)
        job.itemBudget = budget
        try input.withUnsafeBufferPointer { x in
            try weights.withUnsafeBufferPointer { w in
                try bias.withUnsafeBufferPointer { b in
                    try out.withUnsafeMutableBufferPointer { o in
                        try job.run(x.baseAddress!, w.baseAddress!, b.baseAddress!, o.baseAddress!)
                    }
                }
            }
        }
        return out
    }

    @Test(arguments: cases)
    func tinyItemsGiveIdenticalResults(g: ConvolutionGeometry) throws {
        let batch = 2
        let x = randomValues(batch * g.inputCount, seed: 11), y = randomValues(batch * g.outputCount, seed: 12)
        let w = randomValues(g.weightCount, seed: 13)
        let b = randomValues(g.outChannels, seed: 14), bT = randomValues(g.inChannels, seed: 15)
        let forward = try Self.run(g, .forward, input: x, weights: w, bias: b, batch: batch, threads: 1, budget: 1 << 30)
        let transposed = try Self.run(g, .transposed, input: y, weights: w, bias: bT, batch: batch, threads: 1, budget: 1 << 30)
        #expect(relativeError(forward, DenseTestSupport.naiveForward(g, x: x, w: w, b: b, batch: batch)) <= 1e-13, "\(g)")
        for budget in [1, 2048] {
            for threads in [1, 2] {
                let f = try Self.run(g, .forward, input: x, weights: w, bias: b, batch: batch, threads: threads, budget: budget)
                let t = try Self.run(g, .transposed, input: y, weights: w, bias: bT, batch: batch, threads: threads, budget: budget)
                let same = f == forward
                #expect(same, "budget \(budget), threads \(threads): \(g)")
                let error = relativeError(t, transposed)
                #expect(error <= 1e-14, "transposed, budget \(budget), threads \(threads): \(g)")
            }
        }
    }

    /// The smallest budget really cuts: one first-axis row per forward item, one phase row
    /// per transposed slab and one tile of input channels per transposed item; the default
    /// budget batches every group of a small depthwise layer.
    @Test func budgetsCut() {
        let g = Self.cases[0], depthwise = Self.cases[1]
        let isa = DenseInstructionSet.best, rows = isa.tileRows(Double.self)
        let tiny = ForwardPlan(g, isa: isa, tileRows: rows, elementSize: 8, batch: 1, threads: 1, budget: 1)
        #expect(tiny.split.piece == 1 && tiny.split.pieces == g.axes[0].outputSize)
        let tinyT = TransposedPlan(g, isa: isa, tileRows: rows, elementSize: 8, batch: 1, threads: 1, budget: 1)
        #expect(tinyT.split.piece == rows && tinyT.split.pieces == (g.inChannels + rows - 1) / rows)
        #expect(tinyT.slabRows == 1 && tinyT.slabCount == g.axes[0].naturalOutputSize * 0 + tinyT.slab(tinyT.slabCount - 1).upperBound)
        let whole = ForwardPlan(depthwise, isa: isa, tileRows: rows, elementSize: 8, batch: 1, threads: 1)
        #expect(whole.split.groupBlock == depthwise.groups && whole.split.pieces == 1)
        let two = ForwardPlan(depthwise, isa: isa, tileRows: rows, elementSize: 8, batch: 1, threads: 2)
        #expect(two.split.itemCount(batch: 1) >= 2)
    }
}
