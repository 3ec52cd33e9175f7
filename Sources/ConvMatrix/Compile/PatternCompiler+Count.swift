extension PatternCompiler {
    /// Row sizes of `W` in closed form: slot `r + 1` of `entries` holds the stored entries of
    /// row `r`, `(C_in/groups) · Π_a entries_a(o_a)`, and of `incidences` its taps (left empty
    /// when every entry has one tap); slot 0 is 0, ready for ``prefixSum(_:)``.
    ///
    /// - Complexity: O(rows · D).
    func countRows<Index: SparseIndex>(_: Index.Type, layout: OutputPositions) -> (entries: [Index], incidences: [Int]) {
        let g = geometry, single = isSingleTap
        var entries = [Index](repeating: 0, count: g.outputCount + 1)
        var incidences = single ? [Int]() : [Int](repeating: 0, count: g.outputCount + 1)
        layout.forEachPosition(0..<layout.positionCount) { o, offset in
            var rowEntries = g.inChannelsPerGroup, rowTaps = g.inChannelsPerGroup
            for a in 0..<relations.count {
                rowEntries &*= relations[a].entryCount(o[a])  // ≤ nnz, checked in init
                rowTaps &*= relations[a].incidenceCount(o[a])
            }
            for co in 0..<g.outChannels {
                let r = co * layout.channelStride + offset
                entries[r + 1] = Index(truncatingIfNeeded: rowEntries)
                if !single { incidences[r + 1] = rowTaps }
            }
        }
        return (entries, incidences)
    }

    /// Counts → row pointers, in place: `p[r + 1] ← p[r] + p[r + 1]`.
    ///
    /// - Throws: `.overBudget` when a partial sum does not fit in `Index` (the row sizes do not
    ///   match the counted nnz: an internal error reported instead of a wrapped pointer).
    /// - Complexity: O(rows).
    func prefixSum<Index: FixedWidthInteger>(_ counts: inout [Index]) throws {
        guard counts.count > 1 else { return }
        try counts.withUnsafeMutableBufferPointer { p in
            var total = p[0]
            for r in 1..<p.count {
                let (sum, overflow) = total.addingReportingOverflow(p[r])
                if overflow {
                    throw ConvMatrixError(.overBudget, parameter: "row pointers", value: "\(Index.self)",
                                          rule: "the entries of rows 0…\(r - 1) of W do not fit in \(Index.self)")
                }
                total = sum
                p[r] = sum
            }
        }
    }
}
