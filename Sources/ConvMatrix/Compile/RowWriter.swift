/// Writes expanded rows into the compiled arrays. Each row is written by exactly one worker.
///
/// Each of `columns`, `taps` and `values` may be `nil`: a compile writes columns and values, the
/// tap map is a pass writing only taps, a refill without the tap map one writing only values
/// (summed over every tap of an entry all the same).
struct RowWriter<Index: SparseIndex> {
    let rowPointers: UnsafeBufferPointer<Index>
    let rowIncidences: [Int]
    let columns: UnsafeMutableBufferPointer<Index>?
    let taps: UnsafeMutableBufferPointer<Index>?
    let tapPointers: UnsafeMutableBufferPointer<Index>?
    let values: UnsafeMutableBufferPointer<Double>?
    let weights: UnsafeBufferPointer<Double>?

    /// Row `row` ← the expansion, its columns shifted by `columnOffset` and its taps by
    /// `tapOffset`; values `Σ weights[tap]` through the one tap walk.
    ///
    /// - Complexity: O(entries + incidences of the row).
    @inline(__always)
    func write(row: Int, from x: ExpandedRow, columnOffset: Int, tapOffset: Int) {
        let start = Int(rowPointers[row])
        let n = x.count
        if let columns {
            let cols = x.columns
            // Wrapping adds: every column and position was bounded by the geometry's checked
            // sizes, and unchecked adds let the loop vectorise.
            for e in 0..<n { columns[start &+ e] = Index(truncatingIfNeeded: columnOffset &+ cols[e]) }
        }
        // Every entry has at least one tap: with as many incidences as entries, each has exactly
        // one, and incidence k of the row is entry k (no local tap pointers needed).
        let incidences = x.tapPointers[n]
        let localPointers = incidences == n ? nil : UnsafeBufferPointer(start: x.tapPointers, count: n + 1)
        let localTaps = UnsafeBufferPointer(start: x.taps, count: incidences)
        let incidenceStart = tapPointers == nil ? start : rowIncidences[row]
        if let tapPointers {
            for e in 0..<n {
                tapPointers[start + e] = Index(truncatingIfNeeded: incidenceStart + (localPointers?[e] ?? e))
            }
        }
        switch (values, weights, taps) {
        case let (values?, weights?, taps?):
            UnsafeMutableBufferPointer(rebasing: values[start..<(start + n)]).update(repeating: 0)
            forEachTap(inEntries: 0..<n, taps: localTaps, tapPointers: localPointers) { e, k, t in
                taps[incidenceStart + k] = Index(truncatingIfNeeded: tapOffset + t)
                values[start + e] += weights[tapOffset + t]
            }
        case let (values?, weights?, nil) where localPointers == nil:
            // One tap per entry: a copy of consecutive kernel values, or a gather; no accumulation.
            if let first = x.consecutiveTapsStart {
                let source = weights.baseAddress! + (tapOffset + first)
                (values.baseAddress! + start).update(from: source, count: n)
            } else {
                for e in 0..<n { values[start &+ e] = weights[tapOffset &+ localTaps[e]] }
            }
        case let (values?, weights?, nil):
            UnsafeMutableBufferPointer(rebasing: values[start..<(start + n)]).update(repeating: 0)
            forEachTap(inEntries: 0..<n, taps: localTaps, tapPointers: localPointers) { e, _, t in
                values[start + e] += weights[tapOffset + t]
            }
        case let (_, _, taps?):
            forEachTap(inEntries: 0..<n, taps: localTaps, tapPointers: localPointers) { _, k, t in
                taps[incidenceStart + k] = Index(truncatingIfNeeded: tapOffset + t)
            }
        default:
            break
        }
    }
}
