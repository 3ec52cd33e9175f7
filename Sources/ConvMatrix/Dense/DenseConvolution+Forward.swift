/// The forward engine: `y ← C(P(x)) + b` for every sample, one ``ForwardPlan`` shared by all.
extension DenseConvolution {
    /// Runs `plan` on `batch` samples. Pointers are checked by the caller: `input` holds
    /// `batch·inputCount`, `output` `batch·outputCount`, `weights` `weightCount` elements.
    /// - Complexity: O(batch · (C_out·N·(C_in/groups)·Πk + padded input + output)), N the
    ///   flattened output positions including wrap-around columns; one worker per thread.
    static func runForward<E: KernelElement>(_ plan: ForwardPlan, input: UnsafePointer<E>,
                                             weights: UnsafePointer<E>, bias: UnsafePointer<E>?,
                                             output: UnsafeMutablePointer<E>, batch: Int, threads: Int) throws {
        let g = plan.geometry, split = plan.split
        let cin = g.inChannelsPerGroup, cout = g.outChannelsPerGroup
        let depth = cin * g.kernelShape.reduce(1, *)
        let panel = plan.packedGroupCount
        var packed = [E]()
        packed.reserveCapacity(g.groups * panel)
        for group in 0..<g.groups {
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
