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
        let groupBuffer = cin * plan.channelSize, groupWide = cout * plan.wideRowStride

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
                    if plan.isDepthwise {
                        // One input and one output channel per group: the whole block in one call.
                        let direct = y + slab.lowerBound * plan.outputStrides[1]
                        let cropped = plan.outputMode == .cropped
                        let target = cropped ? wide : direct, targetStride = cropped ? groupWide : yc
                        let starts = plan.outputMode == .packed ? maps[slabIndex].starts : nil
                        let masks = plan.outputMode == .packed ? maps[slabIndex].masks : nil
                        withOptionalPointers(starts, masks) { starts, masks in
                            E.depthwise(plan.isa, input: buffer, groupStride: groupBuffer, offsets: offsets.baseAddress!,
                                        depth: depth, weights: weights + groups.lowerBound * depth, groups: groups.count,
                                        bias: bias.map { $0 + groups.lowerBound }, output: target,
                                        outputGroupStride: targetStride, count: n, tileStarts: starts, tileMasks: masks)
                        }
                    } else {
                    for (j, group) in groups.enumerated() {
                        let direct = y + j * cout * yc + slab.lowerBound * plan.outputStrides[1]
                        let input = buffer + j * groupBuffer, w = packed.baseAddress! + group * panel
                        let b = bias.map { $0 + group * cout }
                        switch plan.outputMode {
                        case .direct:
                            E.gemm(plan.isa, input: input, offsets: offsets.baseAddress!, depth: depth, packed: w,
                                   rows: cout, bias: b, output: direct, rowStride: yc, count: n,
                                   tileStarts: nil, tileMasks: nil)
                        case .packed:
                            maps[slabIndex].starts.withUnsafeBufferPointer { starts in
                                maps[slabIndex].masks.withUnsafeBufferPointer { masks in
                                    E.gemm(plan.isa, input: input, offsets: offsets.baseAddress!, depth: depth, packed: w,
                                           rows: cout, bias: b, output: direct, rowStride: yc, count: n,
                                           tileStarts: starts.baseAddress, tileMasks: masks.baseAddress)
                                }
                            }
                        case .cropped:
                            E.gemm(plan.isa, input: input, offsets: offsets.baseAddress!, depth: depth, packed: w,
                                   rows: cout, bias: b, output: wide + j * groupWide, rowStride: plan.wideRowStride,
                                   count: n, tileStarts: nil, tileMasks: nil)
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

/// Calls `body` with pointers to the two arrays' storage, or `nil` for an absent array.
private func withOptionalPointers<A, B, R>(_ a: [A]?, _ b: [B]?,
                                           _ body: (UnsafePointer<A>?, UnsafePointer<B>?) -> R) -> R {
    guard let a, let b else { return body(nil, nil) }
    return a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in body(a.baseAddress, b.baseAddress) } }
}
