import CConvKernels

/// How the forward convolution `y = conv(x)` of one geometry runs: `y = C(P(x))`.
///
/// **P** copies one group's input channels into a channels-first buffer that is padded,
/// input-dilated, mode-filled and split into stride phases (per axis, positions `≡ r mod s`
/// stored together, see ``DenseAxis``). **C** is then a stride-1 "valid" correlation on that
/// buffer: with the buffer flattened, output position `p = Σ o_a·qstride_a` and tap
/// `(ci, t)` reads `buffer[off(ci, t) + p]` — an offset GEMM with
/// `M = C_out/groups`, `K = (C_in/groups)·Πk`, `N =` positions of the flattened plane.
/// Positions whose trailing index runs past the output (the "wrap-around" columns of each
/// row) are computed and dropped when the result is cropped into `y`'s layout, unless the
/// plane has none and `y` is channels-first, in which case C writes `y` directly.
///
/// The first spatial axis is cut into slabs so that one slab's buffer and result stay in
/// the L2 cache; slabs are also the unit of parallel work next to samples and groups.
struct ForwardPlan {
    let geometry: ConvolutionGeometry
    let axes: [DenseAxis]
    let isa: DenseInstructionSet
    let tileRows: Int
    /// Output rows of axis 0 per slab, and the number of slabs.
    let slabRows: Int
    let slabCount: Int
    /// Per axis: phase length `Q` (axis 0 for a full slab), index stride, phase stride.
    let phaseLengths: [Int]
    let indexStrides: [Int]
    let phaseStrides: [Int]
    /// Elements of one channel of the phase buffer: `Π s_a·Q_a`.
    let channelSize: Int
    /// `off(ci, t) = ci·channelSize + Σ_a address_a(t_a·d_a)`, ci-major.
    let offsets: [Int]
    /// Memory strides `[channel, spatial…]` of `x` and `y`.
    let inputStrides: [Int]
    let outputStrides: [Int]
    /// Whether C writes `y` in place (no wrap-around columns, channels-first spatial order).
    let writesDirectly: Bool
    /// Row stride of the wide result buffer (when not writing directly).
    let wideRowStride: Int
    /// P's and the crop's tables for the axes after the first (the same for every slab).
    let trailingPadding: [[(source: Int, destination: Int)]]
    let trailingCrop: [[(source: Int, destination: Int)]]

    /// The L2 share one slab's buffer and result may use.
    static let slabBudgetBytes = 1 << 20

    init(_ geometry: ConvolutionGeometry, isa: DenseInstructionSet, tileRows: Int, elementSize: Int,
         batch: Int, threads: Int) {
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
        var trailing = axes.map { $0.phaseLength(outputs: $0.outputs) }
        var indexStrides = [Int](repeating: 1, count: rank)
        for a in stride(from: rank - 2, through: 0, by: -1) { indexStrides[a] = indexStrides[a + 1] * trailing[a + 1] }
        let planeTail = indexStrides[0]   // Π_{a≥1} Q_a
        let phaseTail = axes.dropFirst().reduce(1) { $0 * $1.stride }
        let trailingSpan = (1..<rank).reduce(0) { $0 + (axes[$1].outputs - 1) * indexStrides[$1] }
        let noWrap = (1..<rank).allSatisfy { trailing[$0] == axes[$0].outputs }
        let direct = noWrap && (1...rank).allSatisfy { outputStrides[$0] == indexStrides[$0 - 1] }
        writesDirectly = direct

        // Slab size: the most rows whose buffer (+ result) fits the budget, then enough
        // slabs that every thread has work.
        let a0 = axes[0]
        func wideCount(_ rows: Int) -> Int { (rows - 1) * planeTail + trailingSpan + 1 }
        func bytes(_ rows: Int) -> Int {
            let buffer = cin * a0.stride * a0.phaseLength(outputs: rows) * planeTail * phaseTail
            return (buffer + (direct ? 0 : cout * wideCount(rows))) * elementSize
        }
        var low = 1, high = a0.outputs
        while low < high {
            let mid = (low + high + 1) / 2
            if bytes(mid) <= Self.slabBudgetBytes { low = mid } else { high = mid - 1 }
        }
        let needed = (threads + batch * geometry.groups - 1) / (batch * geometry.groups)
        var slabs = min(a0.outputs, max((a0.outputs + low - 1) / low, needed))
        let rows = (a0.outputs + slabs - 1) / slabs
        slabs = (a0.outputs + rows - 1) / rows
        slabRows = rows
        slabCount = slabs
        trailing[0] = a0.phaseLength(outputs: rows)

        var phaseStrides = [Int](repeating: 1, count: rank)
        var running = trailing.reduce(1, *)
        for a in stride(from: rank - 1, through: 0, by: -1) {
            phaseStrides[a] = running
            running *= axes[a].stride
        }
        channelSize = running
        phaseLengths = trailing
        self.indexStrides = indexStrides
        self.phaseStrides = phaseStrides
        wideRowStride = (wideCount(rows) + 15) / 16 * 16

        func address(_ a: Int, _ j: Int) -> Int {
            (j % axes[a].stride) * phaseStrides[a] + (j / axes[a].stride) * indexStrides[a]
        }
        let tapOffsets = kernelTaps(geometry.kernelShape).map { t in
            (0..<rank).reduce(0) { $0 + address($1, t[$1] * axes[$1].dilation) }
        }
        offsets = (0..<cin).flatMap { ci in tapOffsets.map { ci * running + $0 } }

        trailingPadding = (1..<rank).map { a in
            (0..<axes[a].usedLength(outputs: axes[a].outputs)).compactMap { j in
                axes[a].source(j).map { (source: $0 * inputStrides[a + 1], destination: address(a, j)) }
            }
        }
        trailingCrop = (1..<rank).map { a in
            (0..<axes[a].outputs).map { (source: $0 * indexStrides[a], destination: $0 * outputStrides[a + 1]) }
        }
    }

    /// The outputs of axis 0 that slab `index` produces.
    func slab(_ index: Int) -> Range<Int> {
        index * slabRows..<min(axes[0].outputs, (index + 1) * slabRows)
    }

    /// Positions of the flattened result of a slab, wrap-around columns included.
    func wideCount(_ slab: Range<Int>) -> Int {
        (slab.count - 1) * indexStrides[0]
            + (1..<axes.count).reduce(0) { $0 + (axes[$1].outputs - 1) * indexStrides[$1] } + 1
    }

    /// P for one slab: `buffer[ci·channelSize + Σ address_a(j_a)] ← x[ci·xc + Σ source_a(j_a)·xs_a]`.
    func paddingTables(_ slab: Range<Int>) -> ScatterTables {
        let a0 = axes[0]
        let first = a0.stride * slab.lowerBound
        var tables = ScatterTables()
        tables.appendAxis((0..<a0.usedLength(outputs: slab.count)).compactMap { j in
            a0.source(first + j).map {
                (source: $0 * inputStrides[1],
                 destination: (j % a0.stride) * phaseStrides[0] + (j / a0.stride) * indexStrides[0])
            }
        })
        for pairs in trailingPadding { tables.appendAxis(pairs) }
        return tables
    }

    /// The crop of a slab's wide result into `y`: `y[co·yc + Σ o_a·ys_a] ← wide[co·ldo + Σ o_a·qs_a]`.
    func cropTables(_ slab: Range<Int>) -> ScatterTables {
        var tables = ScatterTables()
        tables.appendAxis((0..<slab.count).map {
            (source: $0 * indexStrides[0], destination: (slab.lowerBound + $0) * outputStrides[1])
        })
        for pairs in trailingCrop { tables.appendAxis(pairs) }
        return tables
    }

    /// Elements of the packed weights (all groups).
    var packedCount: Int {
        let g = geometry, rows = (g.outChannelsPerGroup + tileRows - 1) / tileRows * tileRows
        return g.groups * rows * g.inChannelsPerGroup * g.kernelShape.reduce(1, *)
    }

    /// Scratch elements one worker needs: the phase buffer (with the kernel's read slack)
    /// and, unless C writes `y` directly, the wide result.
    var scratchCounts: (buffer: Int, wide: Int) {
        (geometry.inChannelsPerGroup * channelSize + Int(CVK_MAX_TILE_COLS),
         writesDirectly ? 0 : geometry.outChannelsPerGroup * wideRowStride)
    }
}
