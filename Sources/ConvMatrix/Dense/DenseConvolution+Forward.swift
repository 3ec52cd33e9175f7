/// The forward engine: `y ← C(P(x)) + b` for every sample, one ``ForwardPlan`` shared by all.
extension DenseConvolution {
    /// Runs `plan` on `batch` samples. Pointers are checked by the caller: `input` holds
    /// `batch·inputCount`, `output` `batch·outputCount`, `weights` `weightCount` elements.
    /// - Complexity: O(batch · (C_out·N·(C_in/groups)·Πk + padded input + output)), N the
    ///   flattened output positions including wrap-around columns; one worker per thread.
    ///   Depthwise groups (``ForwardPlan/isDepthwise``) run the depthwise kernel, a block of
    ///   groups per call; every other geometry the offset GEMM, one call per group.
    static func runForward<E: KernelElement>(_ plan: ForwardPlan, input: UnsafePointer<E>,
                                             weights: UnsafePointer<E>, bias: UnsafePointer<E>?,
                                             output: UnsafeMutablePointer<E>, batch: Int, threads: Int) throws {
        let g = plan.geometry, split = plan.split
        let cin = g.inChannelsPerGroup, cout = g.outChannelsPerGroup
        let depth = cin * g.kernelShape.reduce(1, *)
        let panel = plan.packedGroupCount
        var packed = [E]()
        packed.reserveCapacity(plan.isDepthwise ? 0 : g.groups * panel)
        for group in 0..<(plan.isDepthwise ? 0 : g.groups) {
            packed += packWeights(rows: cout, depth: depth, tileRows: plan.tileRows) { m, k in
                weights[(group * cout + m) * depth + k]
            }
        }
        let slabs = (0..<split.pieces).map(plan.slab)
        let padding = slabs.map(plan.paddingTables)
        let crop = plan.outputMode == .cropped ? slabs.map(plan.cropTables) : []
        let maps = plan.outputMode == .packed ? slabs.map(plan.tileMap) : []
        let (bufferCount, wideCount) = plan.scratchCounts
        let xc = plan.inputStrides[0], yc = plan.outputStrides[0]
        let groupBuffer = cin * plan.channelSize

        try packed.withUnsafeBufferPointer { packed in
            try plan.offsets.withUnsafeBufferPointer { offsets in
                try runWorkers(items: split.itemCount(batch: batch), threads: threads,
                           scratchCount: bufferCount + wideCount, E.self) { scratch, index in
                    let item = split.item(index, groups: g.groups, extent: plan.axes[0].outputs)
                    let slabIndex = item.piece.lowerBound / split.piece
                    let slab = item.piece, groups = item.groups
                    let buffer = scratch, wide = scratch + bufferCount
                    let x = input + item.sample * g.inputCount + groups.lowerBound * cin * xc
                    let y = output + item.sample * g.outputCount + groups.lowerBound * cout * yc

                    E.zero(buffer, count: groups.count * groupBuffer)
                    padding[slabIndex].withUnsafeTables {
                        E.scatter($0, channels: groups.count * cin, source: x, sourceChannelStride: xc,
                                  destination: buffer, destinationChannelStride: plan.channelSize, accumulate: false)
                    }
                    let n = plan.wideCount(slab)
                    // Where C lands: `y` itself (direct, packed) or the wide buffer the crop reads.
                    let cropped = plan.outputMode == .cropped
                    let target = cropped ? wide : y + slab.lowerBound * plan.outputStrides[1]
                    let rowStride = cropped ? plan.wideRowStride : yc, groupStride = cout * rowStride
                    let map = plan.outputMode == .packed ? maps[slabIndex] : nil
                    withOptionalBuffer(map?.starts) { starts in
                        withOptionalBuffer(map?.masks) { masks in
                            if plan.isDepthwise {
                                // One input and one output channel per group: the whole block in one call.
                                E.depthwise(plan.isa, input: buffer, groupStride: groupBuffer, offsets: offsets.baseAddress!,
                                            depth: depth, weights: weights + groups.lowerBound * depth, groups: groups.count,
                                            bias: bias.map { $0 + groups.lowerBound }, output: target,
                                            outputGroupStride: groupStride, count: n,
                                            tileStarts: starts?.baseAddress, tileMasks: masks?.baseAddress)
                                return
                            }
                            for (j, group) in groups.enumerated() {
                                E.gemm(plan.isa, input: buffer + j * groupBuffer, offsets: offsets.baseAddress!, depth: depth,
                                       packed: packed.baseAddress! + group * panel, rows: cout,
                                       bias: bias.map { $0 + group * cout }, output: target + j * groupStride,
                                       rowStride: rowStride, count: n,
                                       tileStarts: starts?.baseAddress, tileMasks: masks?.baseAddress)
                            }
                        }
                    }
                    if plan.outputMode == .cropped {
                        crop[slabIndex].withUnsafeTables {
                            E.scatter($0, channels: groups.count * cout, source: wide,
                                      sourceChannelStride: plan.wideRowStride,
                                      destination: y, destinationChannelStride: yc, accumulate: false)
                        }
                    }
                }
            }
        }
    }
}
