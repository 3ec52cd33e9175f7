/// The forward engine: `y ← C(P(x)) + b` for every sample, one ``ForwardPlan`` shared by all.
extension DenseConvolution {
    /// Runs `plan` on `batch` samples. Pointers are checked by the caller: `input` holds
    /// `batch·inputCount`, `output` `batch·outputCount`, `weights` `weightCount` elements.
    /// - Complexity: O(batch · (C_out·N·(C_in/groups)·Πk + padded input + output)), N the
    ///   flattened output positions including wrap-around columns; one worker per thread.
    static func runForward<E: KernelElement>(_ plan: ForwardPlan, input: UnsafePointer<E>,
                                             weights: UnsafePointer<E>, bias: UnsafePointer<E>?,
                                             output: UnsafeMutablePointer<E>, batch: Int, threads: Int) {
        let g = plan.geometry
        let cin = g.inChannelsPerGroup, cout = g.outChannelsPerGroup
        let depth = cin * g.kernelShape.reduce(1, *)
        let packed: [[E]] = (0..<g.groups).map { group in
            packWeights(rows: cout, depth: depth, tileRows: plan.tileRows) { m, k in weights[(group * cout + m) * depth + k] }
        }
        let slabs = (0..<plan.slabCount).map(plan.slab)
        let padding = slabs.map(plan.paddingTables)
        let crop = plan.writesDirectly ? [] : slabs.map(plan.cropTables)
        let (bufferCount, wideCount) = plan.scratchCounts
        let xc = plan.inputStrides[0], yc = plan.outputStrides[0]
        let items = batch * g.groups * plan.slabCount

        plan.offsets.withUnsafeBufferPointer { offsets in
            runWorkers(items: items, threads: threads, scratchCount: bufferCount + wideCount, E.self) { scratch, item in
                let slabIndex = item % plan.slabCount
                let group = item / plan.slabCount % g.groups
                let sample = item / plan.slabCount / g.groups
                let slab = slabs[slabIndex]
                let buffer = scratch, wide = scratch + bufferCount
                let x = input + sample * g.inputCount + group * cin * xc
                let y = output + sample * g.outputCount + group * cout * yc

                buffer.update(repeating: 0, count: cin * plan.channelSize)
                padding[slabIndex].withUnsafeTables {
                    E.scatter($0, channels: cin, source: x, sourceChannelStride: xc,
                              destination: buffer, destinationChannelStride: plan.channelSize, accumulate: false)
                }
                let n = plan.wideCount(slab)
                packed[group].withUnsafeBufferPointer { w in
                    if plan.writesDirectly {
                        E.gemm(plan.isa, input: buffer, offsets: offsets.baseAddress!, depth: depth,
                               packed: w.baseAddress!, rows: cout, bias: bias.map { $0 + group * cout },
                               output: y + slab.lowerBound * plan.outputStrides[1], rowStride: yc, count: n)
                    } else {
                        E.gemm(plan.isa, input: buffer, offsets: offsets.baseAddress!, depth: depth,
                               packed: w.baseAddress!, rows: cout, bias: bias.map { $0 + group * cout },
                               output: wide, rowStride: plan.wideRowStride, count: n)
                    }
                }
                if !plan.writesDirectly {
                    crop[slabIndex].withUnsafeTables {
                        E.scatter($0, channels: cout, source: wide, sourceChannelStride: plan.wideRowStride,
                                  destination: y, destinationChannelStride: yc, accumulate: false)
                    }
                }
            }
        }
    }
}
