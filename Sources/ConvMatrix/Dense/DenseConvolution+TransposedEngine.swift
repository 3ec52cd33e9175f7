/// The transposed engine: `x ← Pᵀ(Cᵀ(y)) + b` for every sample, one ``TransposedSchedule`` shared by all.
extension DenseConvolution {
    /// Runs `schedule` on `batch` samples. Pointers are checked by the caller: `input` (the
    /// transposed convolution's input, shaped like `y`) holds `batch·outputCount`, `output`
    /// `batch·inputCount`, `weights` `weightCount` elements.
    /// - Complexity: O(batch · (C_in·Σ_r N_r·(C_out/groups)·|T_r| + y + x)), where phase `r`
    ///   has `|T_r|` of the Πk taps (Σ_r |T_r| = Πk) and `N_r` flattened positions.
    static func runTransposed<E: KernelElement>(_ schedule: TransposedSchedule, input: UnsafePointer<E>,
                                                weights: UnsafePointer<E>, bias: UnsafePointer<E>?,
                                                output: UnsafeMutablePointer<E>, batch: Int, threads: Int) throws {
        let plan = schedule.plan, g = plan.geometry, split = plan.split
        let cin = g.inChannelsPerGroup, cout = g.outChannelsPerGroup
        let taps = g.kernelShape.reduce(1, *)
        // One array: group after group, phase after phase; rows ci, depth (co, tap of the phase).
        // Each chunk of rows a work item runs is packed on its own, so that its register tiles
        // (the last rows split by cvk_tile_rows_at) are the ones the GEMM of that chunk walks.
        let panel = plan.packedGroupCount, phaseStart = schedule.phaseStart
        let packed = [E](unsafeUninitializedCapacity: g.groups * panel) { buffer, initialized in
            for group in 0..<g.groups {
                for (r, columns) in schedule.packColumns.enumerated() {
                    columns.withUnsafeBufferPointer { columns in
                        for first in stride(from: 0, to: cin, by: split.piece) {
                            packWeights(weights + group * cout * cin * taps + first * taps, rows: min(split.piece, cin - first),
                                        rowStride: taps, depth: columns.count, columns: columns.baseAddress,
                                        tileRows: plan.tileRows,
                                        into: buffer.baseAddress! + group * panel + phaseStart[r] + first * columns.count)
                        }
                    }
                }
            }
            initialized = g.groups * panel
        }
        let (paddedCount, wideCount) = plan.scratchCounts
        let xc = plan.inputStrides[0], yc = plan.outputStrides[0]
        let groupPadded = cout * plan.paddedChannelSize
        let slabs = (0..<plan.slabCount).map(plan.slab)
        let padding = schedule.padding, fold = schedule.fold

        try packed.withUnsafeBufferPointer { packed in
            try runWorkers(items: split.itemCount(batch: batch), threads: threads,
                       scratchCount: paddedCount + wideCount, E.self) { scratch, index, _ in
                let item = split.item(index, groups: g.groups, extent: cin)
                let chunk = item.piece, groups = item.groups
                let padded = scratch, wide = scratch + paddedCount
                let y = input + item.sample * g.outputCount + groups.lowerBound * cout * yc
                let x = output + item.sample * g.inputCount + (groups.lowerBound * cin + chunk.lowerBound) * xc
                let channels = groups.count * chunk.count

                // When each x element is folded from exactly one position, the fold stores and
                // the GEMM adds the bias; otherwise x starts at the bias and the fold adds.
                let foldAdds = !plan.foldsOnce
                if foldAdds {
                    plan.fillTables.withUnsafeTables {
                        E.fill($0, channels: channels, values: bias.map { $0 + groups.lowerBound * cin + chunk.lowerBound },
                               destination: x, destinationChannelStride: xc)
                    }
                }
                for (s, slab) in slabs.enumerated() {
                    // The padding scatter writes the same positions for every item of one slab
                    // and never the zero margins: with one slab the buffer, zeroed with the
                    // scratch, stays clear from item to item.
                    if plan.slabCount > 1 {
                        E.zero(padded, count: groups.count * groupPadded)
                    }
                    padding[s].withUnsafeTables {
                        E.scatter($0, channels: groups.count * cout, source: y, sourceChannelStride: yc,
                                  destination: padded, destinationChannelStride: plan.paddedChannelSize,
                                  accumulate: false)
                    }
                    for (r, phaseTaps) in plan.phaseTaps.enumerated() {
                        // Only the box of this phase's own positions: the fold reads nothing else.
                        guard let (start, n) = plan.phaseWindow(r, slab: slab) else { continue }
                        let depth = cout * phaseTaps.count
                        for (j, group) in groups.enumerated() {
                            let result = wide + r * plan.phaseBlock + j * split.piece * plan.wideRowStride + start
                            let rowBias = foldAdds ? nil : bias.map { $0 + group * cin + chunk.lowerBound }
                            guard depth > 0 else {
                                for row in 0..<chunk.count {
                                    (result + row * plan.wideRowStride).update(repeating: rowBias?[row] ?? 0, count: n)
                                }
                                continue
                            }
                            plan.phaseOffsets[r].withUnsafeBufferPointer { offsets in
                                E.gemm(plan.isa, input: padded + j * groupPadded + start, offsets: offsets.baseAddress!,
                                       depth: depth,
                                       packed: packed.baseAddress! + group * panel + phaseStart[r] + chunk.lowerBound * depth,
                                       rows: chunk.count, bias: rowBias, output: result, rowStride: plan.wideRowStride,
                                       count: n, tileStarts: nil, tileMasks: nil)
                            }
                        }
                    }
                    fold[s].withUnsafeTables {
                        E.scatter($0, channels: channels, source: wide, sourceChannelStride: plan.wideRowStride,
                                  destination: x, destinationChannelStride: xc, accumulate: foldAdds)
                    }
                }
            }
        }
    }
}
