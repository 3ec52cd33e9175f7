/// A matrix restricted to the columns that hold at least one stored entry.
///
/// A column `j` of `M` with no stored entry is an input `M` never reads (`M·eⱼ = 0`): a strided
/// convolution whose stride exceeds its (dilated) kernel skips inputs. Such an `xⱼ` changes
/// neither `M·x` nor the data term of any least-squares objective, so the minimum-norm and every
/// Tikhonov (`λ > 0`) solution set it to 0, and the problem is solved on the other columns.
struct VisibleColumns {
    /// `M` restricted to its visible columns, renumbered `0 ..< visible.count` in order.
    let restricted: CSRMatrix<Int64>
    /// The columns of `M` with at least one stored entry, ascending.
    let visible: [Int]
    /// The columns of `M` with no stored entry, ascending: the invisible inputs.
    let invisible: [Int]
    /// The columns of `M`.
    let columnCount: Int

    /// Counts each column's entries, then renumbers (count → prefix sum → map).
    ///
    /// - Complexity: O(rows + columns + nnz).
    init(_ m: CSRMatrix<Int64>) {
        var stored = [Bool](repeating: false, count: m.columnCount)
        for c in m.columnIndices { stored[Int(c)] = true }
        var newIndex = [Int64](repeating: -1, count: m.columnCount)
        var visible = [Int](), invisible = [Int]()
        for j in 0..<m.columnCount {
            if stored[j] {
                newIndex[j] = Int64(visible.count)
                visible.append(j)
            } else {
                invisible.append(j)
            }
        }
        self.visible = visible
        self.invisible = invisible
        columnCount = m.columnCount
        restricted = invisible.isEmpty ? m : CSRMatrix(
            unchecked: m.rowCount, columnCount: visible.count, rowPointers: m.rowPointers,
            columnIndices: m.columnIndices.map { newIndex[Int($0)] }, values: m.values)
    }

    /// `x` of `M` (`columnCount × k`, column-major) from `x'` of the restriction
    /// (`visible.count × k`): the visible entries copied, the invisible ones 0.
    ///
    /// - Complexity: O(columnCount · k).
    func expand(_ restrictedX: [Double], columns k: Int) -> [Double] {
        let n = visible.count
        precondition(restrictedX.count == n * k)
        if invisible.isEmpty { return restrictedX }
        var x = [Double](repeating: 0, count: columnCount * k)
        for s in 0..<k {
            for (i, j) in visible.enumerated() { x[s * columnCount + j] = restrictedX[s * n + i] }
        }
        return x
    }
}
