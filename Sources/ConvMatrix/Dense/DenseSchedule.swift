/// What the budget check needs of either plan.
protocol DensePlan {
    var geometry: ConvolutionGeometry { get }
    var split: WorkSplit { get }
    /// Elements of one group's packed weights.
    var packedGroupCount: Int { get }
    /// Scratch elements one worker needs (its buffers, with the kernel's read slack).
    var scratchPerWorker: Int { get }
}

extension ForwardPlan: DensePlan {
    var scratchPerWorker: Int { scratchCounts.buffer + scratchCounts.wide }
}

extension TransposedPlan: DensePlan {
    var scratchPerWorker: Int { scratchCounts.padded + scratchCounts.wide }
}

/// A dense call's preparation, kept by ``DenseScheduleCache``: what ``DenseJob`` needs to
/// check the budget and run it, whichever the direction.
protocol DenseSchedule: AnyObject, Sendable {
    associatedtype Plan: DensePlan
    var plan: Plan { get }
    /// Whether the definition (``DirectConvolution``) is cheaper than the plan; no tables then.
    var runsDefinition: Bool { get }
    /// Bytes the tables hold (what keeping the schedule costs).
    var tableBytes: Int { get }
    /// Runs the engine on `batch` samples (pointers checked by the caller).
    func run<E: KernelElement>(_ input: UnsafePointer<E>, _ weights: UnsafePointer<E>, _ bias: UnsafePointer<E>?,
                               _ output: UnsafeMutablePointer<E>, batch: Int, threads: Int) throws
}

extension DenseSchedule {
    /// Elements of scratch for `workers` workers (no more than there are items) plus the
    /// packed weights of every group.
    func scratchElements(workers: Int, batch: Int) -> Int {
        plan.scratchPerWorker * min(workers, plan.split.itemCount(batch: batch)) + plan.packedGroupCount * plan.geometry.groups
    }
}

/// Everything a dense forward call prepares from the geometry alone: the plan and, per slab,
/// the scatter tables of P and of the crop and the packed-store tile maps.
///
/// None of it depends on the values of `x`, `W` or `b`, so ``DenseScheduleCache`` keeps it
/// between calls: a layer run again on new data starts its workers at once. Building it took
/// 40–560 µs on the reference shapes (conv3d_c16_32_k3 the most, Intel Xeon), 3–10 % of a
/// 2-thread call, during which the other thread waited.
final class ForwardSchedule: DenseSchedule {
    let plan: ForwardPlan
    /// Whether the definition (``DirectConvolution``) is cheaper than this plan: a kernel span
    /// far wider than the slabs the cache budget allows is refilled per slab. No tables then.
    let runsDefinition: Bool
    let padding: [ScatterTables]
    let crop: [ScatterTables]
    let maps: [TileMap]
    /// Per slab, the output rows of ``ForwardPlan/OutputMode/rows``.
    let rows: [OutputRows]

    /// - Complexity: O(Σ_slabs Σ_a table entries + wide positions / NR).
    init(_ plan: ForwardPlan) {
        self.plan = plan
        runsDefinition = DirectConvolution.isCheaper(than: plan.filledCellsPerChannel, plan.geometry)
        let slabs = runsDefinition ? [] : (0..<plan.split.pieces).map(plan.slab)
        padding = slabs.map(plan.paddingTables)
        crop = plan.outputMode == .cropped ? slabs.map(plan.cropTables) : []
        maps = plan.outputMode == .packed ? slabs.map(plan.tileMap) : []
        rows = plan.outputMode == .rows ? slabs.map(plan.outputRows) : []
    }

    var tableBytes: Int {
        (padding + crop).reduce(0) { $0 + $1.byteCount } + maps.reduce(0) { $0 + $1.byteCount }
            + rows.reduce(0) { $0 + $1.byteCount }
    }

    func run<E: KernelElement>(_ input: UnsafePointer<E>, _ weights: UnsafePointer<E>, _ bias: UnsafePointer<E>?,
                               _ output: UnsafeMutablePointer<E>, batch: Int, threads: Int) throws {
        try DenseConvolution.runForward(self, input: input, weights: weights, bias: bias, output: output,
                                        batch: batch, threads: threads)
    }
}

/// The transposed counterpart of ``ForwardSchedule``: the plan and, per slab, the tables of
/// the padding scatter and of the fold back into `x`.
final class TransposedSchedule: DenseSchedule {
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
            defer { start += packedCount(rows: cin, depth: columns.count) }
            return start
        }
    }

    var tableBytes: Int {
        (padding + fold).reduce(0) { $0 + $1.byteCount } + packColumns.reduce(phaseStart.count) { $0 + $1.count } * 8
    }

    func run<E: KernelElement>(_ input: UnsafePointer<E>, _ weights: UnsafePointer<E>, _ bias: UnsafePointer<E>?,
                               _ output: UnsafeMutablePointer<E>, batch: Int, threads: Int) throws {
        try DenseConvolution.runTransposed(self, input: input, weights: weights, bias: bias, output: output,
                                           batch: batch, threads: threads)
    }
}

/// The packed-store map of one slab (``ForwardPlan/OutputMode/packed``): per tile of
/// positions, how many valid positions come before it and which of its lanes are valid.
struct TileMap: Sendable {
    let starts: [Int]
    let masks: [UInt64]

    var byteCount: Int { (starts.count + masks.count) * 8 }
}
