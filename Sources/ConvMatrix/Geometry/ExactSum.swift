/// `Σ terms` computed so that it overflows only when the true sum does not fit in `Int`.
///
/// A term whose sign is opposite to the running total never overflows when added, so such a
/// term is taken while one remains; once only one sign is left, the running total moves
/// monotonically towards the true sum, and a partial overflow means the sum itself overflows.
///
/// - Returns: the sum, or the direction of the overflow: `+1` above `Int.max`, `−1` below `Int.min`.
/// - Complexity: O(terms.count).
func exactSum(_ terms: [Int]) -> Result<Int, SumOverflow> {
    var positives = terms.filter { $0 > 0 }, negatives = terms.filter { $0 < 0 }
    var total = 0
    while true {
        let next: Int
        if total >= 0, let n = negatives.popLast() { next = n }
        else if total < 0, let p = positives.popLast() { next = p }
        else if let p = positives.popLast() { next = p }
        else if let n = negatives.popLast() { next = n }
        else { return .success(total) }
        let (sum, overflow) = total.addingReportingOverflow(next)
        if overflow { return .failure(next > 0 ? .above : .below) }
        total = sum
    }
}

/// The direction in which an exact sum left the range of `Int`.
enum SumOverflow: Error {
    case above
    case below
}

/// `Σ terms` exactly, or `error` when it does not fit in `Int`.
func checkedSum(_ terms: [Int], _ error: @autoclosure () -> ConvMatrixError) throws -> Int {
    guard case .success(let sum) = exactSum(terms) else { throw error() }
    return sum
}

/// The terms of `−x` (two terms for `Int.min`, whose negation does not fit).
func negatedTerms(_ x: Int) -> [Int] { x == .min ? [.max, 1] : [-x] }
