extension PatternCompiler {
    /// The compile: count → prefix sum → parallel fill of columns and (optionally) values. The
    /// tap map is left to ``tapMap(rowPointers:)``, on first use.
    ///
    /// - Throws: `.overBudget` when a prefix sum overflows or an array cannot be allocated.
    /// - Complexity: O(rows + nnz) time, the fill split over `options.threads` threads.
    func fill<Index: SparseIndex>(_: Index.Type, weights: UnsafeBufferPointer<Double>?) throws
        -> (PatternArrays<Index>, [Double]?)
    {
        var (rowPointers, _) = countRows(Index.self, layout: OutputPositions(geometry: geometry))
        try prefixSum(&rowPointers)
        precondition(Int(rowPointers[geometry.outputCount]) == nonzeroCount, "row sizes disagree with the counted nnz")
        var columns = try uninitializedLargeArray(Index.self, count: nonzeroCount)
        var values: [Double]? = weights == nil ? nil : try uninitializedLargeArray(Double.self, count: nonzeroCount)
        rowPointers.withUnsafeBufferPointer { rp in
            columns.withUnsafeMutableBufferPointer { cols in
                withOptionalMutableBuffer(&values) { vals in
                    fillRows(into: RowWriter(rowPointers: rp, rowIncidences: [], columns: cols, taps: nil,
                                             tapPointers: nil, values: vals, weights: weights))
                }
            }
        }
        let arrays = PatternArrays(rowCount: geometry.outputCount, columnCount: geometry.inputCount,
                                   rowPointers: rowPointers, columnIndices: columns, isSingleTap: isSingleTap,
                                   tapMapCache: TapMapCache<Index>(compiler: self))
        return (arrays, values)
    }

    /// The tap map of the pattern with `rowPointers`: the same parallel fill, writing only taps
    /// (and tap pointers when some entry has several).
    ///
    /// - Throws: `.overBudget` naming `memory` when `W` and the map together exceed
    ///   `options.memoryBudget` (checked before allocating) or the map cannot be allocated.
    /// - Complexity: O(rows + nnz + incidences) time, the fill split over `options.threads` threads.
    func tapMap<Index: SparseIndex>(rowPointers: [Index]) throws -> TapMap<Index> {
        let matrix = try estimatedBytes(values: true), map = try tapMapBytes()
        let (total, overflow) = matrix.addingReportingOverflow(map)
        if overflow || total > options.memoryBudget {
            throw Self.overBudget(overflow ? .max : total, options: options,
                                  "W (\(byteDescription(matrix))) and its tap map of \(incidenceCount) taps (\(byteDescription(map)))")
        }
        var rowIncidences = [Int]()
        if !isSingleTap {
            rowIncidences = countRows(Index.self, layout: OutputPositions(geometry: geometry)).incidences
            try prefixSum(&rowIncidences)
        }
        var taps = try uninitializedLargeArray(Index.self, count: incidenceCount, hugePages: false)
        var tapPointers: [Index]? = isSingleTap ? nil : try uninitializedLargeArray(Index.self, count: nonzeroCount + 1, hugePages: false)
        tapPointers?[nonzeroCount] = Index(truncatingIfNeeded: incidenceCount)
        rowPointers.withUnsafeBufferPointer { rp in
            taps.withUnsafeMutableBufferPointer { tps in
                withOptionalMutableBuffer(&tapPointers) { tptr in
                    fillRows(into: RowWriter(rowPointers: rp, rowIncidences: rowIncidences, columns: nil, taps: tps,
                                             tapPointers: tptr, values: nil, weights: nil))
                }
            }
        }
        return TapMap(taps: taps, tapPointers: tapPointers)
    }

    /// `W`'s values for `weights` on the pattern with `rowPointers`, into `out`, by the same
    /// parallel fill writing only values: a refill that needs no tap map.
    ///
    /// - Complexity: O(rows + nnz + incidences) time, the fill split over `options.threads` threads.
    func fillValues<Index: SparseIndex>(rowPointers: [Index], weights: UnsafeBufferPointer<Double>,
                                        into out: UnsafeMutableBufferPointer<Double>) {
        rowPointers.withUnsafeBufferPointer { rp in
            fillRows(into: RowWriter(rowPointers: rp, rowIncidences: [], columns: nil, taps: nil,
                                     tapPointers: nil, values: out, weights: weights))
        }
    }

    /// Fills every row in parallel: each worker owns a range of output positions, hence a
    /// disjoint set of rows.
    private func fillRows<Index: SparseIndex>(into writer: RowWriter<Index>) {
        let layout = OutputPositions(geometry: geometry)
        let chunks = min(layout.positionCount, options.threads == 1 ? 1 : options.threads * 8)
        let out = UncheckedSendable(value: writer)
        let work: @Sendable (Int) -> Void = { chunk in
            let lo = layout.positionCount * chunk / chunks
            let hi = layout.positionCount * (chunk + 1) / chunks
            fillPositions(lo..<hi, layout: layout, into: out.value)
        }
        parallelForEach(items: chunks, threads: options.threads) { _, chunk in work(chunk) }
    }

    /// Fills every row whose output position lies in `positions`.
    ///
    /// With channels-first rows, positions are expanded in blocks (``ExpandedPositions``) and
    /// each output channel's rows of a block written in one run; with channels innermost a
    /// position's rows are adjacent, and are written as each position is expanded.
    private func fillPositions<Index: SparseIndex>(_ positions: Range<Int>, layout: OutputPositions,
                                                   into out: RowWriter<Index>) {
        let g = geometry
        let expansion = ColumnExpansion(geometry: g, relations: relations)
        let tapsPerOutputChannel = g.inChannelsPerGroup * g.kernelShape.reduce(1, *)
        let blockCapacity = layout.channelStride == 1 || g.outChannels == 1
            ? 1 : min(max(Self.blockEntries / expansion.entryCapacity, 1), Self.blockPositions)
        let block = blockCapacity == 1 ? nil
            : ExpandedPositions(capacity: blockCapacity, entries: expansion.entryCapacity,
                                incidences: expansion.incidenceCapacity)
        /// Writes every output channel's rows of `count` expanded positions, channel by channel.
        func writeRows(count: Int, _ position: (Int) -> (row: ExpandedRow, offset: Int)) {
            for group in 0..<g.groups {
                let columnOffset = expansion.columnOffset(group: group)
                for local in 0..<g.outChannelsPerGroup {
                    let co = group * g.outChannelsPerGroup + local
                    for i in 0..<count {
                        let (row, offset) = position(i)
                        out.write(row: co * layout.channelStride + offset, from: row,
                                  columnOffset: columnOffset, tapOffset: co * tapsPerOutputChannel)
                    }
                }
            }
        }
        func flush(_ block: ExpandedPositions) {
            writeRows(count: block.count) { (block.row($0), block.offsets[$0]) }
            block.removeAll()
        }
        relations.withUnsafeBufferPointer { relations in
            layout.forEachPosition(positions) { o, offset in
                expansion.expand(relations: relations, position: o)
                guard let block else { return writeRows(count: 1) { _ in (expansion.row, offset) } }
                block.append(expansion.row, offset: offset)
                if block.count == block.capacity { flush(block) }
            }
        }
        if let block, block.count > 0 { flush(block) }
    }

    /// Entries a block of expanded positions holds at most (``ExpandedPositions``), and its
    /// most positions.
    static var blockEntries: Int { 16_384 }
    static var blockPositions: Int { 64 }
}

/// Runs `body` with a mutable buffer over the optional array's storage, or `nil`.
func withOptionalMutableBuffer<T, R>(_ array: inout [T]?, _ body: (UnsafeMutableBufferPointer<T>?) -> R) -> R {
    guard array != nil else { return body(nil) }
    return array!.withUnsafeMutableBufferPointer { body($0) }
}
