internal import CConvKernels

/// How the transposed convolution `x = convT(y)` — exactly the adjoint of ``ForwardPlan``'s
/// `y = C(P(x))` — runs: `x = Pᵀ(Cᵀ(y))`.
///
/// **Cᵀ**: the adjoint of the forward's phase-split correlation lands, for stride phase `r`,
/// at `pad̄_r[J] = Σ_{t: t·d ≡ r} Σ_co W[co, ci, t] · y[co, J − q_t]`: a stride-1 "full"
/// correlation of `y` with that phase's taps only (no zero-stuffing, so no multiply by the
/// inserted zeros). With `y` zero-padded by `max q` in front (`ŷ`), it is again an offset GEMM:
/// `M = C_in/groups`, `K = (C_out/groups)·|T_r|`, offsets `co·|ŷ_c| + Σ (max q_a − q_a)·r̂stride_a`.
///
/// **Pᵀ** folds the padded, phase-split result back into `x`: position `j` of every axis
/// adds into input `source(j)` (one position for zeros, several mirrored or wrapped ones for
/// reflect, replicate and circular; input-dilation zeros and crops fall away).
///
/// Only the phase indices `J` whose positions fold into `x` are computed: per axis, the window
/// from the first to the last such `J` (for zero padding the `n` input positions `b + m·l`,
/// however far a huge pad or dilation spreads the padded axis around them; for the other modes
/// every position), and within it each phase's GEMM only the box of its own such `J`
/// (``phaseWindow(_:slab:)``). The window of the first axis is cut into slabs so that a slab's `ŷ` rows and
/// results stay in the L2 cache; the slabs of one work item run one after another (mirrored
/// padding can fold two slabs onto the same `x` element). Work items are (sample, block of
/// groups, chunk of one group's input channels), sized by ``WorkSplit``; they write disjoint
/// parts of `x`.
struct TransposedPlan {
    let geometry: ConvolutionGeometry
    let axes: [DenseAxis]
    let isa: DenseInstructionSet
    let tileRows: Int
    /// Rows of the first axis's phase index per slab, and the number of slabs.
    let slabRows: Int
    let slabCount: Int
    /// Per axis, the phase indices `J` computed: from the first to the last that folds into `x`.
    let windows: [Range<Int>]
    /// Per axis, the lowest and highest shift `q` of the taps that land on `y` from the window.
    let shifts: [(low: Int, high: Int)]
    /// Per axis `R_a` (`slabRows + q₀ span` on the first, `|window_a| + q_a span` on the others,
    /// the innermost less ``sharedColumns``), its strides, and the (cache-friendly) elements of
    /// one channel of `ŷ`.
    let paddedLengths: [Int]
    let paddedStrides: [Int]
    let paddedChannelSize: Int
    /// Zero columns each row of ŷ's innermost axis shares with the next (see `init`).
    let sharedColumns: Int
    /// Flat tap indices of each used stride phase (row-major over the axes' used phases, see
    /// ``DenseAxis/usedPhases``; a phase no tap reads has no block and adds nothing).
    let phaseTaps: [[Int]]
    /// Per phase, `K_r = (C_out/groups)·|T_r|` offsets into `ŷ`, output-channel-major.
    let phaseOffsets: [[Int]]
    /// Row stride of the result buffer (one row per input channel and phase).
    let wideRowStride: Int
    /// Items: group blocks × chunks (`piece` input channels of a group).
    let split: WorkSplit
    /// Elements between the result blocks of two stride phases.
    let phaseBlock: Int
    let inputStrides: [Int]
    let outputStrides: [Int]
    /// Phase radix of each axis: phase `r` is block `Σ slot(r_a)·radix_a`.
    let phaseRadix: [Int]
    /// The tables of the axes after the first (the same for every slab).
    let trailingPadding: [[(source: Int, destination: Int)]]
    let trailingFold: [[(source: Int, destination: Int)]]
    /// Every position of one channel of `x` (for setting it to the bias before the fold).
    let fillTables: ScatterTables

    /// The first axis's positions that fold into `x`, with their inputs (every slab picks its own).
    private let firstAxisSourced: [(position: Int, source: Int)]
    /// Per axis and used phase (by slot), the phase indices `J` of that phase's positions that
    /// fold into `x` (empty when none does). A stride phase's GEMM computes only this box: the
    /// window of all phases is wider by up to a row and a column per axis (stride 2, pad 1:
    /// even positions fold from `J = 1…n`, odd ones from `0…n−1`).
    private let phaseRanges: [[Range<Int>]]
    /// Every element of `x` is the fold of exactly one computed position (on every axis each
    /// input index is the source of one sourced position — zero padding whose taps reach every
    /// input, as in a stride-2, 4-tap layer): the fold can store instead of add, so `x` needs
    /// no fill first and the bias rides in the GEMM. Mirrored, replicated or wrapped padding
    /// folds several positions onto one input; inputs no tap reaches get none.
    let foldsOnce: Bool

    /// - Complexity: O(Σ_a (sourced positions_a) + (C_out/groups)·Πk) time and memory.
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
        let phaseCount = axes.reduce(1) { $0 * $1.usedPhases.count }

        // The positions that fold into x and the windows of J they span; when an axis has none,
        // no tap reaches x at all (x is the bias): one J per axis keeps the plan well-formed, and
        // the empty fold adds nothing.
        let sourced = axes.map { $0.sourcedPositions(in: 0..<$0.usedLength(outputs: $0.outputs)) }
        let spans = (0..<rank).map { a in
            sourced[a].isEmpty ? 0..<0 : sourced[a].first!.position / axes[a].stride..<sourced[a].last!.position / axes[a].stride + 1
        }
        // The taps that land: some J of the window reads a row of y (0 ≤ J − q_t < outputs). Only
        // their shifts set ŷ's margin, so a dilation that spreads the other taps far away costs
        // nothing (a tap that never meets y contributes nothing to x).
        let landing = (0..<rank).map { a in
            (0..<axes[a].kernel).filter { t in
                let q = axes[a].shift(ofTap: t)
                return q > spans[a].lowerBound - axes[a].outputs && q < spans[a].upperBound
            }
        }
        let reached = !spans.contains { $0.isEmpty } && !landing.contains { $0.isEmpty }
        let windows = reached ? spans : [Range<Int>](repeating: 0..<1, count: rank)
        self.windows = windows
        firstAxisSourced = reached ? sourced[0] : []
        phaseRanges = (0..<rank).map { a in
            let axis = axes[a]
            var low = [Int](repeating: .max, count: axis.usedPhases.count), high = [Int](repeating: .min, count: axis.usedPhases.count)
            if reached {
                for (j, _) in sourced[a] {
                    let slot = axis.slot(ofPhase: j % axis.stride)!, J = j / axis.stride
                    low[slot] = min(low[slot], J)
                    high[slot] = max(high[slot], J)
                }
            }
            return (0..<axis.usedPhases.count).map { low[$0] <= high[$0] ? low[$0]..<high[$0] + 1 : 0..<0 }
        }
        // n sourced positions naming n distinct inputs (a byte per input, beside the tables).
        foldsOnce = reached && (0..<rank).allSatisfy { a in
            guard sourced[a].count == axes[a].size else { return false }
            var seen = [Bool](repeating: false, count: axes[a].size)
            for (_, i) in sourced[a] {
                if seen[i] { return false }
                seen[i] = true
            }
            return true
        }
        // Per axis, the lowest and highest shift of a landing tap: ŷ holds y with a margin of
        // high − low rows around the window.
        let shifts = (0..<rank).map { a in
            reached ? (low: axes[a].shift(ofTap: landing[a].first!), high: axes[a].shift(ofTap: landing[a].last!)) : (low: 0, high: 0)
        }
        self.shifts = shifts
        // Strides of ŷ below the first axis; the first axis holds a slab.
        let phaseLengths = windows.map(\.count)
        var lengths = (0..<rank).map { shifts[$0].high - shifts[$0].low + phaseLengths[$0] }
        // Rows of the innermost axis share their zero margins (sharedRowPitch): ŷ column c holds
        // y column c − (max q − J_lo), so a row begins with `lead` zero columns and ends with
        // `trail`; a tap that reads past its row's end reads the next row's leading zeros. The
        // pitch still holds the window's positions apart, so at most the shift span is shared
        // (stride 2, pad 1: 29 per row, not 30). The buffer keeps `shared` more zeros after its
        // last row (scratchCounts).
        var shared = 0
        if rank >= 2 {
            let a = rank - 1, first = shifts[a].high - windows[a].lowerBound
            let lead = max(0, first), trail = max(0, lengths[a] - (first + axes[a].outputs))
            shared = lengths[a] - sharedRowPitch(length: lengths[a], lead: lead, trail: trail, positions: phaseLengths[a])
            lengths[a] -= shared
        }
        sharedColumns = shared
        var paddedStrides = [Int](repeating: 1, count: rank)
        for a in stride(from: rank - 2, through: 0, by: -1) { paddedStrides[a] = paddedStrides[a + 1] * lengths[a + 1] }
        self.paddedStrides = paddedStrides
        let trailingSpan = (1..<rank).reduce(0) { $0 + (phaseLengths[$1] - 1) * paddedStrides[$1] }
        func channel(_ rows: Int) -> Int {
            cacheFriendlyStride((rows + shifts[0].high - shifts[0].low) * paddedStrides[0], elementSize: elementSize)
        }
        func rowStride(_ rows: Int) -> Int { cacheFriendlyStride((rows - 1) * paddedStrides[0] + trailingSpan + 1, elementSize: elementSize) }
        func bytes(_ groups: Int, _ channels: Int, _ rows: Int) -> Int {
            groups * (cout * channel(rows) + phaseCount * channels * rowStride(rows)) * elementSize
        }
        // The most first-axis rows whose slab fits the budget with every channel of a group…
        var low = 1, high = phaseLengths[0]
        while low < high {
            let mid = (low + high + 1) / 2
            if bytes(1, cin, mid) <= budget { low = mid } else { high = mid - 1 }
        }
        let slabCount = (phaseLengths[0] + low - 1) / low
        let rows = (phaseLengths[0] + slabCount - 1) / slabCount
        slabRows = rows
        self.slabCount = slabCount
        lengths[0] = rows + shifts[0].high - shifts[0].low
        paddedLengths = lengths
        let channelSize = channel(rows)
        paddedChannelSize = channelSize
        wideRowStride = rowStride(rows)
        // …then groups per item and channel chunks for the threads.
        let split = WorkSplit(groups: geometry.groups, extent: cin, quantum: tileRows, batch: batch,
                              threads: threads, budget: budget) { bytes($0, $1, rows) }
        self.split = split
        phaseBlock = split.groupBlock * split.piece * wideRowStride

        // Taps by phase; each phase's offsets into ŷ.
        let taps = kernelTaps(geometry.kernelShape)
        var radix = [Int](repeating: 1, count: rank)
        for a in stride(from: rank - 2, through: 0, by: -1) { radix[a] = radix[a + 1] * axes[a + 1].usedPhases.count }
        phaseRadix = radix
        var phaseTaps = [[Int]](repeating: [], count: phaseCount)
        let lands = (0..<rank).map { a in Set(reached ? landing[a] : []) }
        for (flat, t) in taps.enumerated() where (0..<rank).allSatisfy({ lands[$0].contains(t[$0]) }) {
            let r = (0..<rank).reduce(0) { $0 + axes[$1].slot(ofTap: t[$1]) * radix[$1] }
            phaseTaps[r].append(flat)
        }
        self.phaseTaps = phaseTaps
        phaseOffsets = phaseTaps.map { flats in
            let tapOffsets = flats.map { flat in
                (0..<rank).reduce(0) { $0 + (shifts[$1].high - axes[$1].shift(ofTap: taps[flat][$1])) * paddedStrides[$1] }
            }
            return (0..<cout).flatMap { co in tapOffsets.map { co * channelSize + $0 } }
        }

        let block = phaseBlock
        // ŷ index of y's o on axis a: max q + o − window start; only the o that some J reads.
        trailingPadding = (1..<rank).map { a in
            let (lo, shift) = (windows[a].lowerBound, shifts[a])
            return (max(0, lo - shift.high)..<min(axes[a].outputs, windows[a].upperBound - shift.low)).map {
                (source: $0 * outputStrides[a + 1], destination: (shift.high + $0 - lo) * paddedStrides[a])
            }
        }
        trailingFold = (1..<rank).map { a in
            let axis = axes[a]
            return sourced[a].map { j, i in
                (source: axis.slot(ofPhase: j % axis.stride)! * radix[a] * block + (j / axis.stride - windows[a].lowerBound) * paddedStrides[a],
                 destination: i * inputStrides[a + 1])
            }.sorted { $0.source < $1.source }
        }
        var fill = ScatterTables()
        for a in 0..<rank { fill.appendAxis((0..<axes[a].size).map { (source: 0, destination: $0 * inputStrides[a + 1]) }) }
        fillTables = fill
    }

    /// The first-axis phase indices `J` that slab `index` produces (slabs tile the window).
    func slab(_ index: Int) -> Range<Int> {
        let start = windows[0].lowerBound
        return start + index * slabRows..<min(windows[0].upperBound, start + (index + 1) * slabRows)
    }

    /// The part of phase `r`'s result in a slab that the fold reads: the box of its own phase
    /// indices (``phaseRanges``, the first axis cut to the slab), as the flattened position it
    /// starts at and the positions from there to its last, or `nil` when the fold reads none of
    /// it. Its GEMM reads `ŷ` and writes the result from that start (positions are flattened
    /// the same way in both), so the layout of the result and the fold tables do not change.
    func phaseWindow(_ r: Int, slab: Range<Int>) -> (start: Int, count: Int)? {
        var start = 0, last = 0
        for a in 0..<axes.count {
            let slot = r / phaseRadix[a] % axes[a].usedPhases.count
            // The phase's rows inside the slab on the first axis, inside the window (which
            // holds them) on the others; none when the phase folds nothing or the slab lies
            // before or after its rows.
            let bounds = a == 0 ? slab : windows[a], range = phaseRanges[a][slot]
            let low = max(range.lowerBound, bounds.lowerBound), high = min(range.upperBound, bounds.upperBound)
            guard low < high else { return nil }
            start += (low - bounds.lowerBound) * paddedStrides[a]
            last += (high - 1 - bounds.lowerBound) * paddedStrides[a]
        }
        return (start, last - start + 1)
    }

    /// `ŷ[co·|ŷ_c| + (max q₀ + o₀ − J_lo)·r̂s₀ + Σ_{a≥1} (max q_a + o_a)·r̂s_a] ← y[co·yc + Σ o_a·ys_a]`
    /// for the `y` rows the slab reads (`J_lo − max q₀ ≤ o₀ < J_hi`).
    func paddingTables(_ slab: Range<Int>) -> ScatterTables {
        let a0 = axes[0]
        var tables = ScatterTables()
        let shift = shifts[0]
        tables.appendAxis((max(0, slab.lowerBound - shift.high)..<min(a0.outputs, slab.upperBound - shift.low)).map {
            (source: $0 * outputStrides[1], destination: ($0 + shift.high - slab.lowerBound) * paddedStrides[0])
        })
        for pairs in trailingPadding { tables.appendAxis(pairs) }
        return tables
    }

    /// `x[ci·xc + Σ source_a(j_a)·xs_a] += result[ci·ldo + Σ phase_a(j_a)·block_a + (⌊j_a/s_a⌋ − J_lo)·r̂s_a]`
    /// for the padded positions of the slab, entries in result order (phase by phase), so each
    /// phase of a row is one strided run.
    func foldTables(_ slab: Range<Int>) -> ScatterTables {
        let a0 = axes[0]
        var tables = ScatterTables()
        // The list is in ascending j, so the slab's positions are one run of it: O(log n + run).
        let run = firstSourced(atPhaseIndex: slab.lowerBound)..<firstSourced(atPhaseIndex: slab.upperBound)
        tables.appendAxis(firstAxisSourced[run].map { j, i in
            (source: a0.slot(ofPhase: j % a0.stride)! * phaseRadix[0] * phaseBlock + (j / a0.stride - slab.lowerBound) * paddedStrides[0],
             destination: i * inputStrides[1])
        }.sorted { $0.source < $1.source })
        for pairs in trailingFold { tables.appendAxis(pairs) }
        return tables
    }

    /// The index of the first first-axis sourced position whose phase index `j / s` is ≥ `J`.
    private func firstSourced(atPhaseIndex J: Int) -> Int {
        var low = 0, high = firstAxisSourced.count
        while low < high {
            let mid = (low + high) / 2
            if firstAxisSourced[mid].position / axes[0].stride < J { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// `ŷ` cells one channel fills over all slabs, `slabCount · Π_a R_a`: each slab refills
    /// the first axis's margin of `max q₀ − min q₀` rows, so a margin that dwarfs the slab (taps
    /// spread far apart, a cache budget of one row) costs slabs × margin. `Int.max` on overflow.
    var filledCellsPerChannel: Int {
        (try? checkedProduct([slabCount] + paddedLengths, .tooLarge("slabs", "", ""))) ?? .max
    }

    /// Elements of one group's packed weights (the landing taps of all phases); groups follow
    /// each other.
    var packedGroupCount: Int {
        packedCount(rows: geometry.inChannelsPerGroup, depth: geometry.outChannelsPerGroup * phaseTaps.reduce(0) { $0 + $1.count })
    }

    /// Scratch elements one worker needs: `ŷ` of one slab (with the kernel's read slack) and
    /// one result block per used stride phase.
    var scratchCounts: (padded: Int, wide: Int) {
        (split.groupBlock * geometry.outChannelsPerGroup * paddedChannelSize + Int(CVK_MAX_TILE_COLS) + sharedColumns,
         phaseTaps.count * phaseBlock)
    }
}
