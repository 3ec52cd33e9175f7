/// Overflow-checked integer arithmetic for sizes computed from user input: a result that does
/// not fit in `Int` throws the caller's ``ConvMatrixError`` instead of trapping or wrapping.
///
/// Every size derived from user input (a length, an element count, nnz, a byte count) goes
/// through these, so that a huge parameter is reported before anything is allocated.

/// `a + b`, or `error` when the sum does not fit in `Int`.
@inline(__always)
func checkedSum(_ a: Int, _ b: Int, _ error: @autoclosure () -> ConvMatrixError) throws -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    if overflow { throw error() }
    return sum
}

/// `a − b`, or `error` when the difference does not fit in `Int`.
@inline(__always)
func checkedDifference(_ a: Int, _ b: Int, _ error: @autoclosure () -> ConvMatrixError) throws -> Int {
    let (difference, overflow) = a.subtractingReportingOverflow(b)
    if overflow { throw error() }
    return difference
}

/// `a · b`, or `error` when the product does not fit in `Int`.
@inline(__always)
package func checkedProduct(_ a: Int, _ b: Int, _ error: @autoclosure () -> ConvMatrixError) throws -> Int {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    if overflow { throw error() }
    return product
}

/// `Π factors` (1 for none), or `error` when a partial product does not fit in `Int`.
///
/// - Complexity: O(factors.count).
package func checkedProduct(_ factors: [Int], _ error: @autoclosure () -> ConvMatrixError) throws -> Int {
    var product = 1
    for factor in factors { product = try checkedProduct(product, factor, error()) }
    return product
}

extension ConvMatrixError {
    /// The error of a size that does not fit in a signed 64-bit integer: kind ``Kind/overBudget``
    /// (no allocation could hold it), the rule saying what would exceed `2⁶³ − 1`.
    ///
    /// ```
    /// input shape = [4096, 100000, 100000, 100000]: W would have more than 2⁶³ − 1 stored entries
    /// ```
    package static func tooLarge(_ parameter: String, _ value: some CustomStringConvertible, _ what: String) -> ConvMatrixError {
        ConvMatrixError(.overBudget, parameter: parameter, value: value.description, rule: "\(what) would exceed 2⁶³ − 1")
    }
}
