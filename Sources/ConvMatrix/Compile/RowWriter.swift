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
    /// `tapOffset`; values `Σ weights[tap]`.
    ///
    /// - Complexity: O(entries + incidences of the row).
    @inline(__always)
    func write(row: Int, from x: ColumnExpansion, columnOffset: Int, tapOffset: Int) {
        let start = Int(rowPointers[row])
        let n = x.count, cols = x.columns, tps = x.taps
        if let tapPointers {
            let incidenceStart = rowIncidences[row], tp = x.tapPointers
            for e in 0..<n {
                columns[start + e] = Index(truncatingIfNeeded: columnOffset + cols[e])
                tapPointers[start + e] = Index(truncatingIfNeeded: incidenceStart + tp[e])
                var sum = 0.0
                for k in tp[e]..<tp[e + 1] {
                    let t = tapOffset + tps[k]
                    taps[incidenceStart + k] = Index(truncatingIfNeeded: t)
                    if let weights { sum += weights[t] }
                }
                values?[start + e] = sum
            }
        } else if let values, let weights {
            for e in 0..<n {
                let t = tapOffset + tps[e]
                columns[start + e] = Index(truncatingIfNeeded: columnOffset + cols[e])
                taps[start + e] = Index(truncatingIfNeeded: t)
                values[start + e] = weights[t]
            }
        } else {
            for e in 0..<n {
                columns[start + e] = Index(truncatingIfNeeded: columnOffset + cols[e])
                taps[start + e] = Index(truncatingIfNeeded: tapOffset + tps[e])
            }
        }
    }
}
