// Approximate comparison of computed arrays.

/// ⟨a, b⟩ = Σ aᵢ·bᵢ over the shorter of the two.
///
/// - Complexity: O(min(a.count, b.count)).
public func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

/// ‖a‖₂ = √⟨a, a⟩.
///
/// - Complexity: O(a.count).
public func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

/// `max|a − b| / max|b|`: 0 when equal, about 1e-16 for rounding. When `b` is all zeros, the
/// absolute error `max|a|`; when the counts differ or a difference is NaN (an element left
/// unwritten in a NaN-filled buffer, say), infinity (never a pass). `Swift.max` keeps its
/// first argument when the second is NaN, so NaN is checked, not folded.
///
/// - Complexity: O(a.count).
public func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    let scale = b.reduce(0) { max($0, abs($1)) }
    var worst = 0.0
    for (x, y) in zip(a, b) {
        let difference = abs(x - y)
        if difference.isNaN { return .infinity }
        worst = max(worst, difference)
    }
    return scale > 0 ? worst / scale : worst
}
