extension PatternArrays {
    /// `gw[t] = Σ_{e fed by t} Σ_n a[n·rows + row(e)] · b[n·columns + col(e)]`, rows split across
    /// threads, each accumulating its own `gw` that are summed at the end. Builds the tap map on
    /// first use (``tapMap()``).
    ///
    /// - Complexity: O(nnz · batch + incidences + threads · weightCount).
    func weightGradient(rowSide a: [Double], columnSide b: [Double], batch: Int, weightCount: Int,
                        threads: Int = CompileOptions.defaultThreadCount) throws -> [Double] {
        let map = try tapMap()
        let chunks = max(1, min(threads, rowCount / 256))
        var partial = [[Double]](repeating: [], count: chunks)
        let shared = UncheckedSendable(value: (a, b))
        let results = UncheckedSendable(value: UnsafeMutableBufferPointer<[Double]>.allocate(capacity: chunks))
        defer { results.value.deallocate() }
        parallelForEach(items: chunks, threads: chunks) { _, chunk in
            let lo = rowCount * chunk / chunks, hi = rowCount * (chunk + 1) / chunks
            var gw = [Double](repeating: 0, count: weightCount)
            let (a, b) = shared.value
            for r in lo..<hi {
                // s = Σ_n a[n, r]·b[n, col(e)], computed when the walk reaches a new entry e.
                var entry = -1, s = 0.0
                map.forEachTap(inEntries: Int(rowPointers[r])..<Int(rowPointers[r + 1])) { e, _, t in
                    if e != entry {
                        entry = e
                        let c = Int(columnIndices[e])
                        s = 0
                        for n in 0..<batch { s += a[n * rowCount + r] * b[n * columnCount + c] }
                    }
                    gw[t] += s
                }
            }
            (results.value.baseAddress! + chunk).initialize(to: gw)
        }
        for chunk in 0..<chunks { partial[chunk] = (results.value.baseAddress! + chunk).move() }
        var total = partial[0]
        for chunk in partial.dropFirst() { for t in 0..<weightCount { total[t] += chunk[t] } }
        return total
    }
}
