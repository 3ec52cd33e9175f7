extension CSRMatrix {
    /// The first row `r` in `rows` whose entries begin at or after entry `entry`
    /// (`rowPointers[r] ≥ entry`), or `rows.upperBound` when there is none: where a block of
    /// rows holding the entries before `entry` ends. Used to cut `W` into blocks of about equal
    /// entries (threads' shares, cache-sized blocks).
    ///
    /// - Precondition: `rows` lies within `0 ... rowCount`.
    /// - Complexity: O(log rows.count), a binary search of the row pointers.
    func firstRow(beginningAtOrAfter entry: Int, in rows: Range<Int>) -> Int {
        var low = rows.lowerBound, high = rows.upperBound
        while low < high {
            let mid = (low + high) / 2
            if Int(rowPointers[mid]) < entry { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
