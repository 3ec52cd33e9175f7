import CConvKernels

/// How the transposed convolution `x = convT(y) = Cᵀ(Pᵀ…)` — exactly the adjoint of
/// ``ForwardPlan``'s `y = C(P(x))` — runs: `x = Pᵀ(Cᵀ(y))`.
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
/// Input channels of a group are cut into chunks (multiples of the tile height) so that
/// samples × groups × chunks give every thread work; chunks write disjoint parts of `x`.
struct TransposedPlan {
    let geometry: ConvolutionGeometry
    let axes: [DenseAxis]
    let isa: DenseInstructionSet
    let tileRows: Int
    /// Per axis `R_a = max q_a + Q_a`, its strides, and `Π R_a`.
    let paddedLengths: [Int]
    let paddedStrides: [Int]
    let paddedChannelSize: Int
    /// Flat tap indices of each stride phase (phases in row-major order of `[s₁, …, s_D]`).
    let phaseTaps: [[Int]]
    /// Per phase, `K_r = (C_out/groups)·|T_r|` offsets into `ŷ`, output-channel-major.
    let phaseOffsets: [[Int]]
    /// Flattened positions per phase result, and the row stride of the result buffer.
    let wideCount: Int
    let wideRowStride: Int
    /// Input channels per chunk and the number of chunks per group.
    let chunkRows: Int
    let chunkCount: Int
    let inputStrides: [Int]
    let outputStrides: [Int]
    /// `ŷ[co·|ŷ_c| + Σ (max q_a + o_a)·r̂s_a] ← y[co·yc + Σ o_a·ys_a]`.
    let paddingTables: ScatterTables
    /// `x[ci·xc + Σ source_a(j_a)·xs_a] += result[ci·ldo + Σ phase_a(j_a)·block_a + ⌊j_a/s_a⌋·r̂s_a]`.
    let foldTables: ScatterTables
    /// Every position of one channel of `x` (for setting it to the bias before the fold).
    let fillTables: ScatterTables

    init(_ geometry: ConvolutionGeometry, isa: DenseInstructionSet, tileRows: Int, batch: Int, threads: Int) {
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

        let phaseLengths = axes.map { $0.phaseLength(outputs: $0.outputs) }
        paddedLengths = (0..<rank).map { axes[$0].maxShift + phaseLengths[$0] }
        var paddedStrides = [Int](repeating: 1, count: rank)
        for a in stride(from: rank - 2, through: 0, by: -1) { paddedStrides[a] = paddedStrides[a + 1] * paddedLengths[a + 1] }
        self.paddedStrides = paddedStrides
        paddedChannelSize = paddedStrides[0] * paddedLengths[0]
        wideCount = (0..<rank).reduce(0) { $0 + (phaseLengths[$1] - 1) * paddedStrides[$1] } + 1
        wideRowStride = (wideCount + 15) / 16 * 16

        let needed = (threads + batch * geometry.groups - 1) / (batch * geometry.groups)
        let perChunk = (cin + needed - 1) / needed
        chunkRows = min(cin, (perChunk + tileRows - 1) / tileRows * tileRows)
        chunkCount = (cin + chunkRows - 1) / chunkRows

        // Taps by phase; each phase's offsets into ŷ.
        let taps = kernelTaps(geometry.kernelShape)
        let phases = kernelTaps(axes.map(\.stride))
        var phaseTaps = [[Int]](repeating: [], count: phases.count)
        var radix = [Int](repeating: 1, count: rank)
        for a in stride(from: rank - 2, through: 0, by: -1) { radix[a] = radix[a + 1] * axes[a + 1].stride }
        for (flat, t) in taps.enumerated() {
            let r = (0..<rank).reduce(0) { $0 + axes[$1].phase(ofTap: t[$1]) * radix[$1] }
            phaseTaps[r].append(flat)
        }
        self.phaseTaps = phaseTaps
        let channelSize = paddedChannelSize
        phaseOffsets = phaseTaps.map { flats in
            let tapOffsets = flats.map { flat in
                (0..<rank).reduce(0) { $0 + (axes[$1].maxShift - axes[$1].shift(ofTap: taps[flat][$1])) * paddedStrides[$1] }
            }
            return (0..<cout).flatMap { co in tapOffsets.map { co * channelSize + $0 } }
        }

        var padding = ScatterTables(), fold = ScatterTables(), fill = ScatterTables()
        let block = chunkRows * wideRowStride
        for a in 0..<rank {
            let axis = axes[a]
            padding.appendAxis((0..<axis.outputs).map {
                (source: $0 * outputStrides[a + 1], destination: (axis.maxShift + $0) * paddedStrides[a])
            })
            fold.appendAxis((0..<axis.usedLength(outputs: axis.outputs)).compactMap { j in
                axis.source(j).map {
                    (source: (j % axis.stride) * radix[a] * block + (j / axis.stride) * paddedStrides[a],
                     destination: $0 * inputStrides[a + 1])
                }
            })
            fill.appendAxis((0..<axis.size).map { (source: 0, destination: $0 * inputStrides[a + 1]) })
        }
        paddingTables = padding
        foldTables = fold
        fillTables = fill
    }

    /// The input channels (inside a group) that chunk `index` produces.
    func chunk(_ index: Int) -> Range<Int> {
        index * chunkRows..<min(geometry.inChannelsPerGroup, (index + 1) * chunkRows)
    }

    /// Elements of the packed weights (all groups and phases).
    var packedCount: Int {
        let g = geometry, rows = (g.inChannelsPerGroup + tileRows - 1) / tileRows * tileRows
        return g.groups * rows * g.outChannelsPerGroup * g.kernelShape.reduce(1, *)
    }

    /// Scratch elements one worker needs: `ŷ` (with the kernel's read slack) and one result
    /// block per stride phase.
    var scratchCounts: (padded: Int, wide: Int) {
        (geometry.outChannelsPerGroup * paddedChannelSize + Int(CVK_MAX_TILE_COLS),
         phaseTaps.count * chunkRows * wideRowStride)
    }
}
