/// The transposed engine: `x ← Pᵀ(Cᵀ(y)) + b` for every sample, one ``TransposedPlan`` shared by all.
extension DenseConvolution {
    /// Runs `plan` on `batch` samples. Pointers are checked by the caller: `input` (the
    /// transposed convolution's input, shaped like `y`) holds `batch·outputCount`, `output`
    /// `batch·inputCount`, `weights` `weightCount` elements.
    /// - Complexity: O(batch · (C_in·Σ_r N_r·(C_out/groups)·|T_r| + y + x)), where phase `r`
    ///   has `|T_r|` of the Πk taps (Σ_r |T_r| = Πk) and `N_r` flattened positions.
    static func runTransposed<E: KernelElement>(_ plan: TransposedPlan, input: UnsafePointer<E>,
                                                weights: UnsafePointer<E>, bias: UnsafePointer<E>?,
                                                output: UnsafeMutablePointer<E>, batch: Int, threads: Int) {
        let g = plan.geometry
        let cin = g.inChannelsPerGroup, cout = g.outChannelsPerGroup
        let taps = g.kernelShape.reduce(1, *)
        // packed[group][phase]: rows ci, depth (co, tap of the phase).
        let packed: [[[E]]] = (0..<g.groups).map { group in
            plan.phaseTaps.map { phaseTaps in
                packWeights(rows: cin, depth: cout * phaseTaps.count, tileRows: plan.tileRows) { ci, k in
                    let co = k / phaseTaps.count, t = phaseTaps[k % phaseTaps.count]
                    return weights[((group * cout + co) * cin + ci) * taps + t]
                }
            }
        }
        let (paddedCount, wideCount) = plan.scratchCounts
        let xc = plan.inputStrides[0], yc = plan.outputStrides[0]
        let block = plan.chunkRows * plan.wideRowStride
        let items = batch * g.groups * plan.chunkCount

        runWorkers(items: items, threads: threads, scratchCount: paddedCount + wideCount, E.self) { scratch, item in
            let chunkIndex = item % plan.chunkCount
            let group = item / plan.chunkCount % g.groups
            let sample = item / plan.chunkCount / g.groups
            let chunk = plan.chunk(chunkIndex)
            let padded = scratch, wide = scratch + paddedCount
            let y = input + sample * g.outputCount + group * cout * yc
            let x = output + sample * g.inputCount + (group * cin + chunk.lowerBound) * xc

            // ŷ's margins are never written, so the zeros of the first allocation stay.
            plan.paddingTables.withUnsafeTables {
                E.scatter($0, channels: cout, source: y, sourceChannelStride: yc,
                          destination: padded, destinationChannelStride: plan.paddedChannelSize, accumulate: false)
            }
            for (r, phaseTaps) in plan.phaseTaps.enumerated() {
                let result = wide + r * block
                guard !phaseTaps.isEmpty else {
                    result.update(repeating: 0, count: chunk.count * plan.wideRowStride)
                    continue
                }
                let depth = cout * phaseTaps.count
                plan.phaseOffsets[r].withUnsafeBufferPointer { offsets in
                    packed[group][r].withUnsafeBufferPointer { w in
                        E.gemm(plan.isa, input: padded, offsets: offsets.baseAddress!, depth: depth,
                               packed: w.baseAddress! + chunk.lowerBound * depth, rows: chunk.count, bias: nil,
                               output: result, rowStride: plan.wideRowStride, count: plan.wideCount)
                    }
                }
            }
            plan.fillTables.withUnsafeTables {
                E.fill($0, channels: chunk.count, values: bias.map { $0 + group * cin + chunk.lowerBound },
                       destination: x, destinationChannelStride: xc)
            }
            plan.foldTables.withUnsafeTables {
                E.scatter($0, channels: chunk.count, source: wide, sourceChannelStride: plan.wideRowStride,
                          destination: x, destinationChannelStride: xc, accumulate: true)
            }
        }
    }
}
