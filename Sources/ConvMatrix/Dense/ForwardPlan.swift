internal import CConvKernels

/// How the forward convolution `y = conv(x)` of one geometry runs: `y = C(P(x))`.
///
/// **P** copies a block of groups' input channels into a channels-first buffer that is padded,
/// input-dilated, mode-filled and split into stride phases (per axis, positions `≡ r mod s`
/// stored together, and only the phases a tap reads, see ``DenseAxis``). **C** is then a stride-1 "valid" correlation on that
/// buffer: with the buffer flattened, output position `p = Σ o_a·qstride_a` and tap
/// `(ci, t)` reads `buffer[off(ci, t) + p]` — an offset GEMM with
/// `M = C_out/groups`, `K = (C_in/groups)·Πk`, `N =` positions of the flattened plane.
/// Positions whose trailing index runs past the output (the "wrap-around" columns of each
/// row) are computed and dropped; how depends on `y`'s layout (see ``OutputMode``). With zero
/// padding on the innermost axis, consecutive rows of each stride phase share their zero pads
/// (``DenseAxis/sharedPitch(outputs:)``), which halves those columns for equal pads at stride 1.
///
/// Work items are (sample, block of groups, slab of the first spatial axis), sized by
/// ``WorkSplit`` so that an item's buffer and result stay in the L2 cache; one P and one crop
/// serve all groups of a block (their channels are equally strided in `x`, the buffer and
/// `y`), so depthwise layers do not pay per-group overhead.
struct ForwardPlan {
    /// How C's flattened result reaches `y`.
    enum OutputMode {
        /// The plane has no wrap-around columns and `y`'s spatial axes are dense row-major:
        /// C writes `y` as is.
        case direct
        /// `y`'s spatial axes are dense row-major (any channel stride): the valid positions,
        /// in order, are consecutive in `y`, so C stores each tile's valid lanes packed
        /// (tile maps from ``tileMap(_:)``).
        case packed
        /// Any other layout: C writes a wide buffer that a scatter crops into `y`.
        case cropped
        /// The interleaved depthwise kernel (``ForwardPlan/interleaved``) writes `y` itself,
        /// one output row (an index of every axis but the last) per call.
        case rows
    }

    let geometry: ConvolutionGeometry
    let axes: [DenseAxis]
    let isa: DenseInstructionSet
    let tileRows: Int
    /// Items: group blocks × slabs (`piece` rows of axis 0).
    let split: WorkSplit
    /// Per axis: index stride (`Π_{b>a} Q_b`) and phase stride inside one channel.
    let indexStrides: [Int]
    let phaseStrides: [Int]
    /// Elements of one channel of the phase buffer: `Π |R_a|·Q_a` (`R_a` the used phases).
    let channelSize: Int
    /// `off(ci, t) = ci·channelSize + Σ_a address_a(t_a·d_a)`, ci-major.
    let offsets: [Int]
    /// Memory strides `[channel, spatial…]` of `x` and `y`.
    let inputStrides: [Int]
    let outputStrides: [Int]
    let outputMode: OutputMode
    /// Positions per register tile (NR) of the kernel variant, for the tile maps.
    let tileColumns: Int
    /// Row stride of the wide result buffer (when cropping).
    let wideRowStride: Int
    /// The row-blocked depthwise kernel's tables, when it applies (``DepthwiseRows``).
    private(set) var depthwiseRows: DepthwiseRows?
    /// Whether P is channels-interleaved (``OutputMode/rows``): a depthwise layer whose `x`
    /// and `y` both have channel stride 1 (channels last). Position `j` of channel `c` is
    /// then at `j·pitch + c` (instead of `c·channelSize + j`), `pitch` the channels of a
    /// group block, so P copies whole positions and the interleaved depthwise kernel
    /// vectorizes along the channels and writes `y` itself (no transposes, no crop).
    var interleaved: Bool { outputMode == .rows }
    /// Elements between consecutive positions of P: the group block when ``interleaved``,
    /// else 1. Every position address of P (the tap offsets, P's destinations, the row
    /// starts) is scaled by it.
    let pitch: Int
    /// P's and the crop's tables for the axes after the first (the same for every slab).
    let trailingPadding: [[(source: Int, destination: Int)]]
    let trailingCrop: [[(source: Int, destination: Int)]]

    /// Zeros the phase buffer holds past its last channel: a tile's positions past the
    /// result (up to a tile width) and the overhang of a shared row pitch.
    let readSlack: Int

    /// The L2 share one slab's buffer and result may use.
    static let slabBudgetBytes = 1 << 20

    init(_ geometry: ConvolutionGeometry, isa: DenseInstructionSet, tileRows: Int, elementSize: Int,
         batch: Int, threads: Int, budget: Int = ForwardPlan.slabBudgetBytes) {
        self.geometry = geometry
        self.isa = isa
        self.tileRows = tileRows
        let axes = geometry.axes.map { DenseAxis($0, mode: geometry.paddingMode) }
        self.axes = axes
        let rank = axes.count
        let inputStrides = geometry.inputLayout.strides(extents: geometry.inputShape)
        let outputStrides = geometry.outputLayout.strides(extents: geometry.outputShape)
        self.inputStrides = inputStrides
        self.outputStrides = outputStrides
        let cin = geometry.inChannelsPerGroup, cout = geometry.outChannelsPerGroup

        // Index strides depend only on the trailing phase lengths; phase strides on all.
        // The innermost axis of a plane may share zero pads between rows (DenseAxis.sharedPitch).
        var trailing = axes.map { $0.phaseLength(outputs: $0.outputs) }
        let overhang = rank >= 2 ? axes[rank - 1].sharedPitchOverhang(outputs: axes[rank - 1].outputs) : 0
        trailing[rank - 1] -= overhang
        readSlack = Int(CVK_MAX_TILE_COLS) + overhang
        var indexStrides = [Int](repeating: 1, count: rank)
        for a in stride(from: rank - 2, through: 0, by: -1) { indexStrides[a] = indexStrides[a + 1] * trailing[a + 1] }
        let planeTail = indexStrides[0]   // Π_{a≥1} Q_a
        let phaseTail = axes.dropFirst().reduce(1) { $0 * $1.usedPhases.count }
        let trailingSpan = (1..<rank).reduce(0) { $0 + (axes[$1].outputs - 1) * indexStrides[$1] }
        let noWrap = (1..<rank).allSatisfy { trailing[$0] == axes[$0].outputs }
        var denseStride = 1
        var rowMajor = true
        for a in stride(from: rank, through: 1, by: -1) {
            rowMajor = rowMajor && outputStrides[a] == denseStride
            denseStride *= axes[a - 1].outputs
        }
        let interleaved = cin == 1 && cout == 1 && geometry.groups > 1 && inputStrides[0] == 1 && outputStrides[0] == 1
        let outputMode: OutputMode = interleaved ? .rows : rowMajor ? (noWrap ? .direct : .packed) : .cropped
        self.outputMode = outputMode
        let direct = outputMode != .cropped
        tileColumns = cvk_tile_cols(isa.code, elementSize == 8 ? 1 : 0)

        // Items: blocks of groups × slabs of axis 0 whose buffer (+ result) fits the budget.
        let a0 = axes[0]
        func wideCount(_ rows: Int) -> Int { (rows - 1) * planeTail + trailingSpan + 1 }
        let split = WorkSplit(groups: geometry.groups, extent: a0.outputs, quantum: 1, batch: batch,
                              threads: threads, budget: budget, wholeGroups: interleaved) { groups, rows in
            let buffer = cin * a0.usedPhases.count * a0.phaseLength(outputs: rows) * planeTail * phaseTail
            return groups * (buffer + (direct ? 0 : cout * wideCount(rows))) * elementSize
        }
        self.split = split
        let rows = split.piece
        let pitch = interleaved ? split.groupBlock : 1
        self.pitch = pitch
        trailing[0] = a0.phaseLength(outputs: rows)

        var phaseStrides = [Int](repeating: 1, count: rank)
        var running = trailing.reduce(1, *)
        for a in stride(from: rank - 1, through: 0, by: -1) {
            phaseStrides[a] = running
            running *= axes[a].usedPhases.count
        }
        let channelSize = cacheFriendlyStride(running, elementSize: elementSize)
        self.channelSize = channelSize
        self.indexStrides = indexStrides
        self.phaseStrides = phaseStrides
        wideRowStride = cacheFriendlyStride(wideCount(rows), elementSize: elementSize)

        // Position j of axis a (in a used phase) in the buffer.
        func address(_ a: Int, _ j: Int) -> Int {
            axes[a].slot(ofPhase: j % axes[a].stride)! * phaseStrides[a] + (j / axes[a].stride) * indexStrides[a]
        }
        let tapOffsets = kernelTaps(geometry.kernelShape).map { t in
            (0..<rank).reduce(0) { $0 + address($1, t[$1] * axes[$1].dilation) } * pitch
        }
        offsets = (0..<cin).flatMap { ci in tapOffsets.map { ci * channelSize + $0 } }

        trailingPadding = (1..<rank).map { a in
            axes[a].sourcedPositions(in: 0..<axes[a].usedLength(outputs: axes[a].outputs)).map { j, i in
                (source: i * inputStrides[a + 1], destination: address(a, j) * pitch)
            }.sorted { $0.destination < $1.destination }
        }
        trailingCrop = (1..<rank).map { a in
            (0..<axes[a].outputs).map { (source: $0 * indexStrides[a], destination: $0 * outputStrides[a + 1]) }
        }
        depthwiseRows = DepthwiseRows(self)
    }

    /// The outputs of axis 0 that slab `index` produces.
    func slab(_ index: Int) -> Range<Int> {
        index * split.piece..<min(axes[0].outputs, (index + 1) * split.piece)
    }

    /// Positions of the flattened result of a slab, wrap-around columns included.
    func wideCount(_ slab: Range<Int>) -> Int {
        (slab.count - 1) * indexStrides[0]
            + (1..<axes.count).reduce(0) { $0 + (axes[$1].outputs - 1) * indexStrides[$1] } + 1
    }

    /// P for one slab: `buffer[ci·channelStride + Σ address_a(j_a)·pitch] ← x[ci·xc + Σ source_a(j_a)·xs_a]`.
    /// Entries are in buffer order (phase by phase), so each phase of a row is one strided run.
    func paddingTables(_ slab: Range<Int>) -> ScatterTables {
        let a0 = axes[0]
        let first = a0.stride * slab.lowerBound
        var tables = ScatterTables()
        tables.appendAxis(a0.sourcedPositions(in: first..<(first + a0.usedLength(outputs: slab.count))).map { position, i in
            let j = position - first
            return (source: i * inputStrides[1],
                    destination: (a0.slot(ofPhase: j % a0.stride)! * phaseStrides[0] + (j / a0.stride) * indexStrides[0]) * pitch)
        }.sorted { $0.destination < $1.destination })
        for pairs in trailingPadding { tables.appendAxis(pairs) }
        return tables
    }

    /// The packed-store map of a slab (``OutputMode/packed``): for each tile of `tileColumns`
    /// positions, the number of valid positions before it and the mask of its valid lanes.
    func tileMap(_ slab: Range<Int>) -> TileMap {
        let n = wideCount(slab), tiles = (n + tileColumns - 1) / tileColumns
        var starts = [Int](repeating: 0, count: tiles), masks = [UInt64](repeating: 0, count: tiles)
        var valid = 0
        for t in 0..<tiles {
            starts[t] = valid
            for lane in 0..<min(tileColumns, n - t * tileColumns) {
                let p = t * tileColumns + lane
                if (1..<axes.count).allSatisfy({ p / indexStrides[$0] % phaseLengthOf($0) < axes[$0].outputs }) {
                    masks[t] |= 1 << UInt64(lane)
                    valid += 1
                }
            }
        }
        return TileMap(starts: starts, masks: masks)
    }

    /// `Q_a`, the extent of axis `a ≥ 1` in the flattened plane.
    private func phaseLengthOf(_ a: Int) -> Int { a == 0 ? Int.max : indexStrides[a - 1] / indexStrides[a] }

    /// The crop of a slab's wide result into `y`: `y[co·yc + Σ o_a·ys_a] ← wide[co·ldo + Σ o_a·qs_a]`.
    func cropTables(_ slab: Range<Int>) -> ScatterTables {
        var tables = ScatterTables()
        tables.appendAxis((0..<slab.count).map {
            (source: $0 * indexStrides[0], destination: (slab.lowerBound + $0) * outputStrides[1])
        })
        for pairs in trailingCrop { tables.appendAxis(pairs) }
        return tables
    }

    /// Elements between channels of P (`channelSize`, or 1 when ``interleaved``).
    var channelStride: Int { interleaved ? 1 : channelSize }
    /// Elements of P that one item of `groups` groups writes or leaves as zero pads.
    func bufferSpan(groups: Int) -> Int {
        interleaved ? pitch * channelSize : groups * geometry.inChannelsPerGroup * channelSize
    }

    /// For every index of the first `counts.count` axes in row-major order (axis 0 counted
    /// within a slab), its offset in P (index strides, times ``pitch``) and in the slab's part
    /// of `y`: the planes of ``DepthwiseRows`` and the rows of ``OutputMode/rows``. One start
    /// (0, 0) for no axes. O(Π counts · rank).
    func outerStarts(_ counts: [Int]) -> [(buffer: Int, output: Int)] {
        kernelTaps(counts).map { index in
            (buffer: zip(index, indexStrides).reduce(0) { $0 + $1.0 * $1.1 } * pitch,
             output: zip(index, outputStrides.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 })
        }
    }

    /// The output rows of a slab for ``OutputMode/rows``: where each starts in P and in the
    /// slab's part of `y` (``outerStarts(_:)`` over every axis but the last), and the outputs
    /// per row (a 1-D slab is one row).
    func outputRows(_ slab: Range<Int>) -> OutputRows {
        let extents = [slab.count] + axes.dropFirst().map(\.outputs)
        return OutputRows(starts: outerStarts(Array(extents.dropLast())), length: extents[extents.count - 1])
    }

    /// Whether each group has one input and one output channel (depthwise, channel multiplier
    /// 1): C is then one offset row per group, which the depthwise kernel runs for several
    /// groups at once instead of a one-row GEMM per group.
    var isDepthwise: Bool { geometry.inChannelsPerGroup == 1 && geometry.outChannelsPerGroup == 1 }

    /// Elements of one group's packed weights; groups follow each other.
    var packedGroupCount: Int {
        packedCount(rows: geometry.outChannelsPerGroup, depth: geometry.inChannelsPerGroup * geometry.kernelShape.reduce(1, *))
    }

    /// Buffer cells one channel fills over all slabs, `pieces · |buffer channel|`: each slab
    /// refills the kernel's span beside its rows (`⌈((k₀−1)·d₀ + 1)/s₀⌉` phase rows), so a span
    /// that dwarfs the slab (taps spread far apart, a cache budget of one row) costs slabs ×
    /// span. `Int.max` on overflow.
    var filledCellsPerChannel: Int {
        (try? checkedProduct(split.pieces, channelSize, .tooLarge("slabs", "", ""))) ?? .max
    }

    /// Scratch elements one worker needs: the phase buffer (with the kernel's read slack)
    /// and, when cropping, the wide result.
    var scratchCounts: (buffer: Int, wide: Int) {
        (interleaved ? pitch * (channelSize + readSlack) : split.groupBlock * geometry.inChannelsPerGroup * channelSize + readSlack,
         outputMode != .cropped ? 0 : split.groupBlock * geometry.outChannelsPerGroup * wideRowStride)
    }
}

/// The rows of one slab that the interleaved depthwise kernel writes (``ForwardPlan/outputRows(_:)``).
struct OutputRows: Sendable {
    let starts: [(buffer: Int, output: Int)]
    let length: Int

    var byteCount: Int { 16 * starts.count + 8 }
}
