/// Writes expanded rows into the compiled arrays. Each row is written by exactly one worker.
struct RowWriter<Index: SparseIndex> {
    let rowPointers: UnsafeBufferPointer<Index>
    let rowIncidences: [Int]
    let columns: UnsafeMutableBufferPointer<Index>
    let taps: UnsafeMutableBufferPointer<Index>
    let tapPointers: UnsafeMutableBufferPointer<Index>?
    let values: UnsafeMutableBufferPointer<Double>?
    let weights: UnsafeBufferPointer<Double>?

    /// Row `row` ← the expansion, its columns shifted by `columnOffset` and its taps by
    /// `tapOffset`; values `Σ weights[tap]` through the one tap walk.
    ///
    /// - Complexity: O(entries + incidences of the row).
    @inline(__always)
    func write(row: Int, from x: ColumnExpansion, columnOffset: Int, tapOffset: Int) {
        let start = Int(rowPointers[row])
        let n = x.count, cols = x.columns
        for e in 0..<n { columns[start + e] = Index(truncatingIfNeeded: columnOffset + cols[e]) }
        // With one tap per entry, incidence k of the row is entry k: no tap pointers to write.
        let incidenceStart = tapPointers == nil ? start : rowIncidences[row]
        let localPointers = tapPointers == nil ? nil : UnsafeBufferPointer(start: x.tapPointers, count: n + 1)
        let localTaps = UnsafeBufferPointer(start: x.taps, count: localPointers.map { $0[n] } ?? n)
        if let tapPointers, let localPointers {
            for e in 0..<n { tapPointers[start + e] = Index(truncatingIfNeeded: incidenceStart + localPointers[e]) }
        }
        if let values, let weights {
            UnsafeMutableBufferPointer(rebasing: values[start..<(start + n)]).update(repeating: 0)
            forEachTap(inEntries: 0..<n, taps: localTaps, tapPointers: localPointers) { e, k, t in
                taps[incidenceStart + k] = Index(truncatingIfNeeded: tapOffset + t)
                values[start + e] += weights[tapOffset + t]
            }
        } else {
            forEachTap(inEntries: 0..<n, taps: localTaps, tapPointers: localPointers) { _, k, t in
                taps[incidenceStart + k] = Index(truncatingIfNeeded: tapOffset + t)
            }
        }
    }
}
