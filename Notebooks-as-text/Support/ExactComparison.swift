// Exact comparison for the notebooks: integer test data, and differences between computations.
//
// The notebooks fill every tensor with small integers, so every path (W through CHOLMOD or
// CXSparse, the direct convolution, a product of matrices) computes exactly, and every difference
// they print is exactly 0 on any machine — the renderings stay byte-identical across CPUs.
import ConvMatrix

/// `count` integers drawn uniformly from `range` by SplitMix64 (`next() mod range.count`), as `Double`.
///
/// - Complexity: O(count).
public func integers(_ count: Int, in range: ClosedRange<Int>, seed: UInt64) -> [Double] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in Double(range.lowerBound + Int(generator.next() % UInt64(range.count))) }
}

/// `max |aᵢ − bᵢ|`.
///
/// - Precondition: `a.count == b.count`.
public func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "comparing \(a.count) values with \(b.count)")
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// `max |aᵢ − bᵢ|` as the notebooks print it: `0` when two computations agree exactly, else the
/// difference in full.
public func difference(_ a: [Double], _ b: [Double]) -> String {
    let d = maxDifference(a, b)
    return d == 0 ? "0" : "\(d)"
}

/// A sparse matrix written out densely, row-major (`rows · columns` values, 0 where nothing is
/// stored), so that two matrices compare entry by entry whatever their stored patterns.
///
/// - Complexity: O(rows · columns + nnz).
public func dense(_ m: CSRMatrix<Int64>) -> [Double] {
    var d = [Double](repeating: 0, count: m.rowCount * m.columnCount)
    for r in 0..<m.rowCount {
        for e in Int(m.rowPointers[r])..<Int(m.rowPointers[r + 1]) { d[r * m.columnCount + Int(m.columnIndices[e])] += m.values[e] }
    }
    return d
}
