/// One dense call — geometry, direction, batch, threads, kernel variant — ready to run on
/// any kernel element type, and the bridge from a generic ``DenseScalar`` to it.
struct DenseJob {
    let geometry: ConvolutionGeometry
    let direction: Convolution.Direction
    let batch: Int
    let threads: Int
    let isa: DenseInstructionSet
    /// Scratch bytes one work item aims for (tests shrink it to force slabs and chunks).
    var itemBudget = ForwardPlan.slabBudgetBytes
    /// The algorithm: Winograd runs forward maps, and transposed ones through their forward
    /// equivalent (``forwardEquivalent()``).
    var algorithm = DenseAlgorithm.automatic

    /// Plans, checks the scratch estimate against the budget, and runs.
    func run<E: KernelElement>(_ input: UnsafePointer<E>, _ weights: UnsafePointer<E>,
                               _ bias: UnsafePointer<E>?, _ output: UnsafeMutablePointer<E>) throws {
        if direction == .transposed, let forward = forwardEquivalent() {
            let flipped = geometry.transposeWeights(Array(UnsafeBufferPointer(start: weights, count: geometry.weightCount)))
            var job = DenseJob(geometry: forward, direction: .forward, batch: batch, threads: threads, isa: isa)
            job.itemBudget = itemBudget
            job.algorithm = algorithm
            return try flipped.withUnsafeBufferPointer { try job.run(input, $0.baseAddress!, bias, output) }
        }
        let size = MemoryLayout<E>.size
        // Scratch is per participant, and no more run at once than the CPUs this process may
        // use: plan and budget for those, whatever count was asked for (Int.max included).
        let workers = min(max(threads, 1), parallelCapacity)
        if try usesWinograd() {
            let plan = WinogradPlan(geometry, isa: isa, elementSize: size,
                                    budget: min(itemBudget, WinogradPlan.blockBudgetBytes))
            let (v, m, zeros) = plan.scratchCounts(elementSize: size)
            let items = batch * plan.blocksPerSample
            // Per worker V, M and a zero row; the packed weights and, while they form, their
            // unpacked copy.
            try checkMemory(elements: (v + m + zeros) * min(workers, items) + 2 * plan.packedCount, size: size,
                            what: "the dense path's Winograd scratch")
            return try plan.run(input, weights, bias, output, batch: batch, threads: workers)
        }
        // Both plans keep a table and a result block per *used* stride phase only (at most the
        // Πk kernel taps, whatever the stride), and tables of the padded positions a tap reads:
        // O(n) per axis for zero padding, but the full used extent for the modes that fill every
        // position (a replicate pad of 2³² with dilation 2³¹ lists 8.6·10⁹). Both are bounded in
        // closed form and checked here, before any table is built; the scratch is checked below.
        let axes = geometry.axes.map { DenseAxis($0, mode: geometry.paddingMode) }
        // Taps spread far apart (a huge dilation, or a pad the non-zero modes fill) make the plans'
        // padded axes dwarf the layer's own work: run the definition instead.
        func definition() throws {
            try DirectConvolution.run(geometry, direction: direction, batch: batch, input: input,
                                      weights: weights, bias: bias, output: output)
        }
        if DirectConvolution.isCheaper(geometry, axes: axes) { return try definition() }
        let positions = axes.reduce(0) { total, axis in
            let (sum, overflow) = total.addingReportingOverflow(axis.sourcedPositionBound(outputs: axis.outputs))
            return overflow ? Int.max : sum
        }
        // Each listed position is a (source, destination) pair, held about twice while tables form.
        try checkMemory(elements: positions, size: 4 * MemoryLayout<Int>.stride, parameter: "padding",
                        value: "(begin \(listDescription(geometry.axes.map(\.padBegin))), end \(listDescription(geometry.axes.map(\.padEnd))))",
                        what: "the dense path's tables of the \(positions) padded positions the taps read (\(geometry.paddingMode))")
        // The plans size their buffers over the padded, dilated axes: per channel at most
        // Π_a (|used phases_a|·Q_a + max q_a) positions. A dilation of 2³¹ makes that product
        // overflow long before any budget: refuse it here, in closed form, so that the plans'
        // own arithmetic stays within Int (their exact scratch is checked after planning).
        let extents = axes.map { $0.planExtent.addingReportingOverflow(64).partialValue }
        let factors = extents + [max(geometry.inChannels, geometry.outChannels), workers, 64]
        guard factors.allSatisfy({ $0 > 0 && $0 < Int.max }),
              (try? checkedProduct(factors, .tooLarge("dilation", "", ""))) != nil else {
            throw ConvMatrixError(.overBudget, parameter: "dilation", value: listDescription(geometry.axes.map(\.dilation)),
                                  rule: "the dense path's buffers over the padded, dilated axes (\(listDescription(axes.map { $0.usedLength(outputs: $0.outputs) })) "
                                      + "positions per axis) must fit in the budget of \(defaultMemoryBudget()) bytes; the sparse engines still apply")
        }
        let key = DenseScheduleKey(geometry: geometry, direction: direction, batch: batch, workers: workers, isa: isa,
                                   elementSize: size, budget: itemBudget)
        // The cached (or new) schedule of either direction: the definition when cheaper, else
        // the scratch checked against the budget, then the engine.
        func execute<S: DenseSchedule>(_ make: () -> S) throws {
            let schedule = DenseScheduleCache.shared.schedule(key, bytes: { $0.tableBytes }, make: make)
            if schedule.runsDefinition { return try definition() }
            try checkMemory(elements: schedule.scratchElements(workers: workers, batch: batch), size: size,
                            what: "the dense path's scratch")
            try schedule.run(input, weights, bias, output, batch: batch, threads: workers)
        }
        switch direction {
        case .forward:
            try execute {
                ForwardSchedule(ForwardPlan(geometry, isa: isa, tileRows: isa.tileRows(E.self), elementSize: size,
                                            batch: batch, threads: workers, budget: itemBudget))
            }
        case .transposed:
            try execute {
                TransposedSchedule(TransposedPlan(geometry, isa: isa, tileRows: isa.tileRows(E.self), elementSize: size,
                                                  batch: batch, threads: workers, budget: itemBudget))
            }
        }
    }
}

extension DenseJob {
    /// Whether this job runs ``WinogradPlan``: ``DenseAlgorithm/automatic`` on an eligible
    /// forward layer, or ``DenseAlgorithm/winograd``, which throws `.unsupported` on any other.
    func usesWinograd() throws -> Bool {
        switch algorithm {
        case .direct: return false
        case .automatic: return direction == .forward && WinogradPlan.isEligible(geometry)
        case .winograd:
            guard direction == .forward, WinogradPlan.isEligible(geometry) else {
                throw ConvMatrixError(.unsupported, parameter: "algorithm", value: "winograd",
                                      rule: "Winograd F(2×2, 3×3) / F(2, 3) computes forward 2-D and 1-D layers with a "
                                          + "kernel of 3 (3×3), stride, dilation and input dilation 1, zero padding (no "
                                          + "negative pad), one group, channels first on both sides and at least 16 input "
                                          + "and output channels, and the transposed maps of those with pads of at most 2; "
                                          + "use the direct algorithm")
            }
            return true
        }
    }

    /// The forward convolution that computes this transposed one when the forward engine
    /// serves it better: ``ConvolutionGeometry/transposeGeometry()`` (the same strides, pads
    /// `d·(k−1) − b` and the end pads that keep the sizes), whose weights are
    /// ``ConvolutionGeometry/transposeWeights(_:)`` (input and output channels swapped, every
    /// kernel flipped on every axis). It needs zero padding and stride and input dilation 1 on
    /// every axis, and one of:
    /// - depthwise (one input and one output channel per group): the forward engine runs
    ///   depthwise groups through its depthwise kernels, where the transposed engine would run
    ///   a one-row GEMM per group (4× slower on 64 channels of 56×56, 3×3);
    /// - an algorithm other than ``DenseAlgorithm/direct`` and a forward equivalent that
    ///   Winograd computes (``WinogradPlan/isEligible(_:)``: a 3 × 3 or 1-D kernel-3 layer with
    ///   pads of at most 2, so that `2 − b ≥ 0`): the input gradient of every such layer.
    ///
    /// `nil` otherwise (and for a forward job), or when the transposed geometry's pads
    /// overflow. O(rank).
    func forwardEquivalent() -> ConvolutionGeometry? {
        direction == .transposed ? Self.forwardEquivalent(of: geometry, algorithm: algorithm) : nil
    }

    /// ``forwardEquivalent()`` of the transposed map of `g` run with `algorithm`.
    static func forwardEquivalent(of g: ConvolutionGeometry, algorithm: DenseAlgorithm) -> ConvolutionGeometry? {
        guard g.paddingMode == .zeros, g.axes.allSatisfy({ $0.stride == 1 && $0.inputDilation == 1 }),
              let forward = (try? g.transposeGeometry()) ?? nil else { return nil }
        if g.inChannelsPerGroup == 1, g.outChannelsPerGroup == 1 { return forward }
        return algorithm != .direct && WinogradPlan.isEligible(forward) ? forward : nil
    }

    /// Runs on the Float or Double view of the buffers (the same memory: `T` is that type);
    /// any other ``DenseScalar`` is computed in Double and rounded into `output` once.
    func run<T: DenseScalar>(_ input: UnsafeBufferPointer<T>, _ weights: UnsafeBufferPointer<T>,
                             _ bias: UnsafeBufferPointer<T>?, _ output: UnsafeMutableBufferPointer<T>) throws {
        if T.self == Float.self {
            return try runFloat(rebound(input), rebound(weights), bias.map(rebound), rebound(output))
        }
        if T.self == Double.self {
            return try runDouble(rebound(input), rebound(weights), bias.map(rebound), rebound(output))
        }
        let x = input.map(Double.init), w = weights.map(Double.init), b = bias.map { $0.map(Double.init) }
        var y = [Double](repeating: 0, count: output.count)
        try x.withUnsafeBufferPointer { x in
            try w.withUnsafeBufferPointer { w in
                try withOptionalBuffer(b) { b in
                    try y.withUnsafeMutableBufferPointer { y in
                        try runDouble(x.baseAddress!, w.baseAddress!, b?.baseAddress, y.baseAddress!)
                    }
                }
            }
        }
        for i in y.indices { output[i] = T(y[i]) }
    }

    // Non-generic entry points, so that the whole engine is specialized for each element type.
    private func runFloat(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>?,
                          _ y: UnsafeMutablePointer<Float>) throws {
        try run(x, w, b, y)
    }

    private func runDouble(_ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ b: UnsafePointer<Double>?,
                           _ y: UnsafeMutablePointer<Double>) throws {
        try run(x, w, b, y)
    }
}

/// The same memory viewed as `E` (the caller has checked that the element type is `E`).
private func rebound<T, E>(_ buffer: UnsafeBufferPointer<T>) -> UnsafePointer<E> {
    UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: E.self)
}

private func rebound<T, E>(_ buffer: UnsafeMutableBufferPointer<T>) -> UnsafeMutablePointer<E> {
    UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: E.self)
}
