import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// The depthwise kernel (one input and one output channel per group, several groups per tile)
/// against the definition, written out in ``DenseTestSupport/naiveForward(_:x:w:b:batch:)``,
/// which shares no code with the dense path. The cases reach each way C's result lands in `y`
/// (direct, packed tile stores, cropped through the wide buffer) and group counts that leave
/// 1, 2 and 3 groups after the tiles of 4, and the row-blocked kernel's cases (``rowCases``).
@Suite struct DenseDepthwiseTests {
    static let cases: [ConvolutionGeometry] = [
        // 1-D, no wrap-around: C writes y directly. 9 groups = 4 + 4 + 1.
        try! ConvolutionGeometry(inChannels: 9, outChannels: 9, groups: 9, axes: [
            AxisGeometry(inputSize: 61, kernelSize: 5, padBegin: 2, padEnd: 2)]),
        // 2-D channels first: packed tile stores drop the wrap-around columns. 6 = 4 + 2.
        try! ConvolutionGeometry(inChannels: 6, outChannels: 6, groups: 6, axes: [
            AxisGeometry(inputSize: 13, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 29, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1)], paddingMode: .reflect),
        // Channels-first input, channels-last output: the wide result is cropped by a
        // scatter. 7 = 4 + 3. (Channels last on both sides runs ``interleavedCases``' kernel.)
        try! ConvolutionGeometry(inChannels: 7, outChannels: 7, groups: 7, axes: [
            AxisGeometry(inputSize: 11, kernelSize: 3, dilation: 2, padBegin: 2, padEnd: 2),
            AxisGeometry(inputSize: 10, kernelSize: 2, padBegin: 0, padEnd: 1)],
            paddingMode: .replicate, inputLayout: .channelsFirst, outputLayout: .channelsLast),
        // 3-D, stride and circular padding; 3 groups, fewer than one tile.
        try! ConvolutionGeometry(inChannels: 3, outChannels: 3, groups: 3, axes: [
            AxisGeometry(inputSize: 5, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 6, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 7, kernelSize: 2, padBegin: 1, padEnd: 0)], paddingMode: .circular),
    ]

    /// The row-blocked kernel (``DepthwiseRows``): kernel heights 2–7; rows that fill its
    /// 4-row blocks, end with a block that overlaps the one before, or number fewer than 4
    /// (tiles of one row); columns that fill tiles, end inside a vector or fill one
    /// vector; a strided and dilated column axis; 3-D plans, one call per plane.
    static let rowCases: [ConvolutionGeometry] = [
        // kh 2, 4 rows (one block), 37 columns: Float tiles of 16 + 16 + 5.
        try! ConvolutionGeometry(inChannels: 5, outChannels: 5, groups: 5, axes: [
            AxisGeometry(inputSize: 5, kernelSize: 2), AxisGeometry(inputSize: 37, kernelSize: 3, padBegin: 1, padEnd: 1)]),
        // kh 5: 11 rows (4 + 4 + an overlapping block), 19 columns.
        try! ConvolutionGeometry(inChannels: 3, outChannels: 3, groups: 3, axes: [
            AxisGeometry(inputSize: 11, kernelSize: 5, padBegin: 2, padEnd: 2),
            AxisGeometry(inputSize: 19, kernelSize: 5, padBegin: 2, padEnd: 2)]),
        // kh 7, unequal pads: 9 rows, 8 columns (one Float vector, two Double).
        try! ConvolutionGeometry(inChannels: 2, outChannels: 2, groups: 2, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 7, padBegin: 4, padEnd: 2),
            AxisGeometry(inputSize: 8, kernelSize: 7, padBegin: 3, padEnd: 3)]),
        // kh 3 and a column axis with stride 2 and dilation 2 (its taps sit in two phases).
        try! ConvolutionGeometry(inChannels: 4, outChannels: 4, groups: 4, axes: [
            AxisGeometry(inputSize: 6, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 40, kernelSize: 3, stride: 2, dilation: 2, padBegin: 1, padEnd: 2)]),
        // kh 6, 3 rows: fewer than one block, so tiles of one row.
        try! ConvolutionGeometry(inChannels: 3, outChannels: 3, groups: 3, axes: [
            AxisGeometry(inputSize: 8, kernelSize: 6), AxisGeometry(inputSize: 12, kernelSize: 3)]),
        // 3-D: a strided first axis, planes of 6 × 12 outputs, reflect padding.
        try! ConvolutionGeometry(inChannels: 3, outChannels: 3, groups: 3, axes: [
            AxisGeometry(inputSize: 5, kernelSize: 2, stride: 2, padBegin: 1, padEnd: 0),
            AxisGeometry(inputSize: 6, kernelSize: 4, padBegin: 2, padEnd: 1),
            AxisGeometry(inputSize: 12, kernelSize: 3, padBegin: 1, padEnd: 1)], paddingMode: .reflect),
        // 4-D: planes over two outer axes (one of them strided), 5 rows, 9 columns.
        try! ConvolutionGeometry(inChannels: 2, outChannels: 2, groups: 2, axes: [
            AxisGeometry(inputSize: 3, kernelSize: 2, padBegin: 0, padEnd: 1),
            AxisGeometry(inputSize: 4, kernelSize: 1, stride: 2),
            AxisGeometry(inputSize: 5, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 9, kernelSize: 2, padBegin: 1, padEnd: 0)]),
    ]

    /// Depthwise plans the row kernel must leave to the flattened one: a row axis with a
    /// stride or a dilation, a kernel 8 rows high, one spatial axis, a channels-last output.
    static let flatCases: [ConvolutionGeometry] = [
        try! ConvolutionGeometry(inChannels: 2, outChannels: 2, groups: 2, axes: [
            AxisGeometry(inputSize: 17, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 9, kernelSize: 3, padBegin: 1, padEnd: 1)]),
        try! ConvolutionGeometry(inChannels: 2, outChannels: 2, groups: 2, axes: [
            AxisGeometry(inputSize: 12, kernelSize: 3, dilation: 2, padBegin: 2, padEnd: 2),
            AxisGeometry(inputSize: 9, kernelSize: 3, padBegin: 1, padEnd: 1)]),
        try! ConvolutionGeometry(inChannels: 2, outChannels: 2, groups: 2, axes: [
            AxisGeometry(inputSize: 12, kernelSize: 8), AxisGeometry(inputSize: 9, kernelSize: 3)]),
        cases[0], cases[2],
    ]

    @Test func theRowKernelAppliesWhereItShould() {
        func rows(_ g: ConvolutionGeometry) -> DepthwiseRows? {
            DepthwiseRows(ForwardPlan(g, isa: .best, tileRows: 8, elementSize: 4, batch: 1, threads: 1))
        }
        for g in Self.rowCases { #expect(rows(g) != nil, "\(g)") }
        for g in Self.flatCases { #expect(rows(g) == nil, "\(g)") }
        // The 3-D case: tap columns are the (depth, column) pairs, one call per plane.
        let plan = ForwardPlan(Self.rowCases[5], isa: .best, tileRows: 8, elementSize: 4, batch: 1, threads: 1)
        let taps = DepthwiseRows(plan)!
        #expect(taps.columnWeights == [0, 1, 2, 12, 13, 14] && taps.kernelRows == 4 && taps.weightRowStride == 3)
        let planes = taps.planes(of: plan, slab: 0..<3)
        #expect(planes.rows == 6 && planes.starts.map(\.output) == [0, 72, 144])
        #expect(planes.starts.map(\.buffer) == [0, plan.indexStrides[0], 2 * plan.indexStrides[0]])
        // The 4-D case: 3 × 2 planes of 5 × 9 outputs, the second outer axis fastest.
        let plan4 = ForwardPlan(Self.rowCases[6], isa: .best, tileRows: 8, elementSize: 4, batch: 1, threads: 1)
        let planes4 = DepthwiseRows(plan4)!.planes(of: plan4, slab: 0..<3)
        #expect(planes4.rows == 5 && planes4.starts.map(\.output) == [0, 45, 90, 135, 180, 225])
        #expect(planes4.starts.map(\.buffer) == (0..<6).map { ($0 / 2) * plan4.indexStrides[0] + ($0 % 2) * plan4.indexStrides[1] })
    }

    /// Every instruction set, Double and Float, with and without bias, one and two threads.
    @Test(arguments: rowCases + flatCases.prefix(3))
    func rowBlockedDepthwiseEqualsTheDefinition(g: ConvolutionGeometry) throws {
        try depthwiseEqualsTheDefinition(g: g)
    }

    /// Channels last on both sides: P and the wide result interleave the channels and the
    /// interleaved kernel runs along them. Channel counts that fill whole tiles of every
    /// instruction set's widest vectors, single vectors and lanes past them (37; 20; 9);
    /// stride, dilation and zero, reflect and circular padding; 1-D, 2-D and 3-D.
    static let interleavedCases: [ConvolutionGeometry] = [
        try! ConvolutionGeometry(inChannels: 37, outChannels: 37, groups: 37, axes: [
            AxisGeometry(inputSize: 13, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 11, kernelSize: 3, dilation: 2, padBegin: 2, padEnd: 1)],
            inputLayout: .channelsLast, outputLayout: .channelsLast),
        try! ConvolutionGeometry(inChannels: 20, outChannels: 20, groups: 20, axes: [
            AxisGeometry(inputSize: 29, kernelSize: 5, padBegin: 2, padEnd: 2)],
            paddingMode: .reflect, inputLayout: .channelsLast, outputLayout: .channelsLast),
        try! ConvolutionGeometry(inChannels: 9, outChannels: 9, groups: 9, axes: [
            AxisGeometry(inputSize: 5, kernelSize: 3, padBegin: 1, padEnd: 1),
            AxisGeometry(inputSize: 6, kernelSize: 2, padBegin: 1, padEnd: 0),
            AxisGeometry(inputSize: 7, kernelSize: 3, stride: 2, padBegin: 1, padEnd: 1)],
            paddingMode: .circular, inputLayout: .channelsLast, outputLayout: .channelsLast),
    ]

    /// Every instruction set, Double and Float, with and without bias, one and two threads.
    @Test(arguments: interleavedCases)
    func interleavedDepthwiseEqualsTheDefinition(g: ConvolutionGeometry) throws {
        try depthwiseEqualsTheDefinition(g: g)
    }

    /// The interleaved layout is chosen exactly when `x` and `y` both have channel stride 1,
    /// keeps every group in one block (it cuts slabs instead), and scales P's positions by
    /// the block's channel count.
    @Test func interleavingNeedsChannelsLastOnBothSides() throws {
        for g in Self.interleavedCases {
            let plan = ForwardPlan(g, isa: .best, tileRows: 8, elementSize: 4, batch: 1, threads: 1, budget: 1024)
            #expect(plan.interleaved && plan.outputMode == .rows, "\(g)")
            #expect(plan.split.groupBlock == g.groups && plan.pitch == g.groups, "\(g)")
            #expect(plan.split.pieces > 1, "\(g)")
        }
        let mixed = try ConvolutionGeometry(inChannels: 8, outChannels: 8, groups: 8, axes: [
            AxisGeometry(inputSize: 9, kernelSize: 3, padBegin: 1, padEnd: 1)],
            inputLayout: .channelsLast, outputLayout: .channelsFirst)
        for g in [mixed] + Self.cases.prefix(3) {
            #expect(!ForwardPlan(g, isa: .best, tileRows: 8, elementSize: 4, batch: 1, threads: 1).interleaved, "\(g)")
        }
    }

    /// The depthwise sweep (`DenseSweepTests`, seeds 7200..<7280) reaches each kernel:
    /// interleaved (channels innermost on both sides), row-blocked and flattened.
    @Test func theDepthwiseSweepReachesEveryKernel() {
        var interleaved = 0, rows = 0, flat = 0
        for seed in UInt64(7200)..<UInt64(7280) {
            let g = DenseTestSupport.geometry(seed: seed, depthwise: true)
            let plan = ForwardPlan(g, isa: .best, tileRows: 8, elementSize: 8, batch: 1, threads: 1)
            #expect(plan.isDepthwise)
            if plan.interleaved { interleaved += 1 } else if plan.depthwiseRows != nil { rows += 1 } else { flat += 1 }
        }
        #expect(interleaved >= 5 && rows >= 5 && flat >= 5, "interleaved \(interleaved), rows \(rows), flat \(flat)")
    }

    @Test func theCasesAreDepthwise() {
        for g in Self.cases {
            let plan = ForwardPlan(g, isa: .portable, tileRows: 4, elementSize: 8, batch: 1, threads: 1)
            #expect(plan.isDepthwise, "\(g)")
        }
        let modes = Self.cases.prefix(3).map {
            ForwardPlan($0, isa: .best, tileRows: 8, elementSize: 8, batch: 1, threads: 1).outputMode
        }
        #expect(modes == [.direct, .packed, .cropped])
    }

    /// Every instruction set, Double and Float, with and without bias, one and two threads.
    @Test(arguments: cases)
    func depthwiseEqualsTheDefinition(g: ConvolutionGeometry) throws {
        try DenseTestSupport.expectEveryVariantMatchesTheDefinition(g, .forward, batch: 3, seed: 31)
    }
}
