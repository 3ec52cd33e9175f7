/// The forward engine: `y ← C(P(x)) + b` for every sample, one ``ForwardSchedule`` shared by all.
extension DenseConvolution {
    /// Runs `schedule` on `batch` samples. Pointers are checked by the caller: `input` holds
    /// `batch·inputCount`, `output` `batch·outputCount`, `weights` `weightCount` elements.
    /// - Complexity: O(batch · (C_out·N·(C_in/groups)·Πk + padded input + output)), N the
    ///   flattened output positions including wrap-around columns; one worker per thread.
    ///   Depthwise groups (``ForwardPlan/isDepthwise``) run the depthwise kernel, a block of
    ///   groups per call; every other geometry the offset GEMM, one call per group.
    static func runForward<E: KernelElement>(_ schedule: ForwardSchedule, input: UnsafePointer<E>,
                                             weights: UnsafePointer<E>, bias: UnsafePointer<E>?,
                                             output: UnsafeMutablePointer<E>, batch: Int, threads: Int) throws {
        let plan = schedule.plan, g = plan.geometry, split = plan.split
        let cin = g.inChannelsPerGroup, cout = g.outChannelsPerGroup
        let depth = cin * g.kernelShape.reduce(1, *)
        let panel = plan.packedGroupCount
        let packedGroups = plan.isDepthwise ? 0 : g.groups
        // The interleaved depthwise kernel reads its weights tap-major: w[k·groups + group].
        let packedCount = plan.interleaved ? g.groups * depth : packedGroups * panel
        let packed = [E](unsafeUninitializedCapacity: packedCount) { buffer, initialized in
            if plan.interleaved {
                for group in 0..<g.groups {
                    for k in 0..<depth { buffer[k * g.groups + group] = weights[group * depth + k] }
                }
            }
            for group in 0..<packedGroups {
                packWeights(weights + group * cout * depth, rows: cout, rowStride: depth, depth: depth, columns: nil,
                            tileRows: plan.tileRows, into: buffer.baseAddress! + group * panel)
            }
            initialized = packedCount
        }
        let padding = schedule.padding, crop = schedule.crop, maps = schedule.maps
        let (bufferCount, wideCount) = plan.scratchCounts
        let xc = plan.inputStrides[0], yc = plan.outputStrides[0]
        let groupBuffer = cin * plan.channelSize

        try packed.withUnsafeBufferPointer { packed in
            try plan.offsets.withUnsafeBufferPointer { offsets in
                try runWorkers(items: split.itemCount(batch: batch), threads: threads,
                           scratchCount: bufferCount + wideCount, E.self) { scratch, index, previous in
                    let item = split.item(index, groups: g.groups, extent: plan.axes[0].outputs)
                    let slabIndex = item.piece.lowerBound / split.piece
                    let slab = item.piece, groups = item.groups
                    let buffer = scratch, wide = scratch + bufferCount
                    let x = input + item.sample * g.inputCount + groups.lowerBound * cin * xc
                    let y = output + item.sample * g.outputCount + groups.lowerBound * cout * yc

                    // P writes the same positions for every item of one slab and never the
                    // zero pads: the buffer needs clearing only when the slab changes (the
                    // scratch starts zeroed).
                    if let previous, previous % split.pieces != index % split.pieces {
                        E.zero(buffer, count: plan.bufferSpan(groups: groups.count))
                    }
                    padding[slabIndex].withUnsafeTables {
                        E.scatter($0, channels: groups.count * cin, source: x, sourceChannelStride: xc,
                                  destination: buffer, destinationChannelStride: plan.channelStride, accumulate: false)
                    }
                    let n = plan.wideCount(slab)
                    // Where C lands: `y` itself (direct, packed) or the wide buffer the crop reads.
                    let cropped = plan.outputMode == .cropped
                    let target = cropped ? wide : y + slab.lowerBound * plan.outputStrides[1]
                    let rowStride = cropped ? plan.wideRowStride : yc, groupStride = cout * rowStride
                    let map = plan.outputMode == .packed ? maps[slabIndex] : nil
                    withOptionalBuffer(map?.starts) { starts in
                        withOptionalBuffer(map?.masks) { masks in
                            if plan.outputMode == .rows {
                                // Channels interleaved: one call per output row, straight into `y`.
                                let rows = schedule.rows[slabIndex], rank = plan.axes.count
                                for row in rows.starts {
                                    E.depthwiseInterleaved(plan.isa, input: buffer + row.buffer, inputPitch: plan.pitch,
                                                           offsets: offsets.baseAddress!, depth: depth,
                                                           weights: packed.baseAddress! + groups.lowerBound,
                                                           weightStride: g.groups, groups: groups.count,
                                                           bias: bias.map { $0 + groups.lowerBound }, output: target + row.output,
                                                           outputPitch: plan.outputStrides[rank], count: rows.length)
                                }
                                return
                            }
                            if plan.isDepthwise {
                                // One input and one output channel per group: the whole block in one
                                // call per plane of the row-blocked kernel when it applies, else in one call.
                                if let rows = plan.depthwiseRows,
                                   runDepthwiseRows(rows, plan: plan, slab: slab, buffer: buffer, groupStride: groupBuffer,
                                                    depth: depth, weights: weights + groups.lowerBound * depth,
                                                    groups: groups.count, bias: bias.map { $0 + groups.lowerBound },
                                                    output: target, outputGroupStride: groupStride) {
                                    return
                                }
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

    /// The row-blocked depthwise kernel over every plane of one item's slab (``DepthwiseRows``);
    /// false, having written nothing, when the kernel variant has no row form (portable).
    /// O(planes) calls.
    private static func runDepthwiseRows<E: KernelElement>(_ taps: DepthwiseRows, plan: ForwardPlan, slab: Range<Int>,
                                                           buffer: UnsafePointer<E>, groupStride: Int, depth: Int,
                                                           weights: UnsafePointer<E>, groups: Int, bias: UnsafePointer<E>?,
                                                           output: UnsafeMutablePointer<E>, outputGroupStride: Int) -> Bool {
        let (starts, rows) = taps.planes(of: plan, slab: slab)
        return taps.columnOffsets.withUnsafeBufferPointer { offsets in
            taps.columnWeights.withUnsafeBufferPointer { columnWeights in
                for start in starts {
                    guard E.depthwiseRows(plan.isa, input: buffer + start.buffer, groupStride: groupStride, taps: taps,
                                          columnOffsets: offsets.baseAddress!, columnWeights: columnWeights.baseAddress!,
                                          depth: depth, weights: weights, groups: groups, bias: bias,
                                          output: output + start.output, outputGroupStride: outputGroupStride,
                                          rows: rows) else { return false }
                }
                return true
            }
        }
    }
}
