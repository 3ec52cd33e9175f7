/// Everything a dense forward call prepares from the geometry alone: the plan and, per slab,
/// the scatter tables of P and of the crop and the packed-store tile maps.
///
/// None of it depends on the values of `x`, `W` or `b`, so ``DenseScheduleCache`` keeps it
/// between calls: a layer run again on new data starts its workers at once. Building it took
/// 40–560 µs on the reference shapes (conv3d_c16_32_k3 the most, Intel Xeon), 3–10 % of a
/// 2-thread call, during which the other thread waited.
final class ForwardSchedule: Sendable {
    let plan: ForwardPlan
    /// Whether the definition (``DirectConvolution``) is cheaper than this plan: a kernel span
    /// far wider than the slabs the cache budget allows is refilled per slab. No tables then.
    let runsDefinition: Bool
    let padding: [ScatterTables]
    let crop: [ScatterTables]
    let maps: [TileMap]

    /// - Complexity: O(Σ_slabs Σ_a table entries + wide positions / NR).
    init(_ plan: ForwardPlan) {
        self.plan = plan
        runsDefinition = DirectConvolution.isCheaper(than: plan.filledCellsPerChannel, plan.geometry)
        let slabs = runsDefinition ? [] : (0..<plan.split.pieces).map(plan.slab)
        padding = slabs.map(plan.paddingTables)
        crop = plan.outputMode == .cropped ? slabs.map(plan.cropTables) : []
        maps = plan.outputMode == .packed ? slabs.map(plan.tileMap) : []
    }

    /// Bytes the tables hold (what keeping the schedule costs).
    var tableBytes: Int {
        (padding + crop).reduce(0) { $0 + $1.byteCount } + maps.reduce(0) { $0 + $1.byteCount }
    }
}

/// The transposed counterpart of ``ForwardSchedule``: the plan and, per slab, the tables of
/// the padding scatter and of the fold back into `x`.
final class TransposedSchedule: Sendable {
    let plan: TransposedPlan
    /// Whether the definition is cheaper: a margin far wider than the slabs the cache budget
    /// allows is refilled per slab. No tables then.
    let runsDefinition: Bool
    let padding: [ScatterTables]
    let fold: [ScatterTables]
    /// Per stride phase `r`, the weight offset of each `k = co·|T_r| + i` of its GEMM depth:
    /// `co·(C_in/groups)·Πk + T_r[i]` (a row `ci` adds `ci·Πk`), for ``packWeights(_:rows:rowStride:depth:columns:tileRows:into:)``.
    let packColumns: [[Int]]
    /// Where phase `r`'s panels start inside one group's packed weights.
    let phaseStart: [Int]

    /// - Complexity: O(Σ_slabs Σ_a table entries + C_out/groups · Πk).
    init(_ plan: TransposedPlan) {
        self.plan = plan
        runsDefinition = DirectConvolution.isCheaper(than: plan.filledCellsPerChannel, plan.geometry)
        let slabs = runsDefinition ? [] : (0..<plan.slabCount).map(plan.slab)
        padding = slabs.map(plan.paddingTables)
        fold = slabs.map(plan.foldTables)
        let g = plan.geometry, cin = g.inChannelsPerGroup, taps = g.kernelShape.reduce(1, *)
        packColumns = plan.phaseTaps.map { phaseTaps in
            (0..<(g.outChannelsPerGroup * phaseTaps.count)).map { k in
                k / phaseTaps.count * cin * taps + phaseTaps[k % phaseTaps.count]
            }
        }
        var start = 0
        phaseStart = packColumns.map { columns in
            defer { start += packedCount(rows: cin, depth: columns.count, tileRows: plan.tileRows) }
            return start
        }
    }

    var tableBytes: Int {
        (padding + fold).reduce(0) { $0 + $1.byteCount } + packColumns.reduce(phaseStart.count) { $0 + $1.count } * 8
    }
}

/// The packed-store map of one slab (``ForwardPlan/OutputMode/packed``): per tile of
/// positions, how many valid positions come before it and which of its lanes are valid.
struct TileMap: Sendable {
    let starts: [Int]
    let masks: [UInt64]

    var byteCount: Int { (starts.count + masks.count) * 8 }
}
