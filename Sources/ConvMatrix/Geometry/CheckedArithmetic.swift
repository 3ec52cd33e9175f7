/// Overflow-checked integer arithmetic for sizes computed from user input: a result that does
/// not fit in `Int` throws the caller's ``ConvMatrixError`` instead of trapping or wrapping.
///
/// Every size derived from user input (a length, an element count, nnz, a byte count) goes
/// through these, so that a huge parameter is reported before anything is allocated.

/// `a + b`, or `error` when the sum does not fit in `Int`.
@inline(__always)
public func checkedSum(_ a: Int, _ b: Int, _ error: @autoclosure () -> ConvMatrixError) throws -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    if overflow { throw error() }
    return sum
}

/// `a − b`, or `error` when the difference does not fit in `Int`.
@inline(__always)
public func checkedDifference(_ a: Int, _ b: Int, _ error: @autoclosure () -> ConvMatrixError) throws -> Int {
    let (difference, overflow) = a.subtractingReportingOverflow(b)
    if overflow { throw error() }
    return difference
}

/// `a · b`, or `error` when the product does not fit in `Int`.
@inline(__always)
public func checkedProduct(_ a: Int, _ b: Int, _ error: @autoclosure () -> ConvMatrixError) throws -> Int {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    if overflow { throw error() }
    return product
}

/// `Π factors` (1 for none), or `error` when a partial product does not fit in `Int`.
///
/// - Complexity: O(factors.count).
public func checkedProduct(_ factors: [Int], _ error: @autoclosure () -> ConvMatrixError) throws -> Int {
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
    public static func tooLarge(_ parameter: String, _ value: some CustomStringConvertible, _ what: String) -> ConvMatrixError {
        ConvMatrixError(.overBudget, parameter: parameter, value: value.description, rule: "\(what) would exceed 2⁶³ − 1")
    }
}

/// The element count `Π shape` of a shape read from input: every extent must be ≥ 0 and the
/// product must fit in `Int`.
///
/// - Throws: `.invalidParameter` naming `parameter` for a negative extent; `.overBudget`
///   (``ConvMatrixError/tooLarge(_:_:_:)``) when the product overflows. `value` is what the error
///   prints (the shape as written, by default `[a, b, …]`).
/// - Complexity: O(shape.count).
public func shapeElementCount(_ shape: [Int], parameter: String, value: String? = nil) throws -> Int {
    let text = value ?? "[" + shape.map(String.init).joined(separator: ", ") + "]"
    if let negative = shape.first(where: { $0 < 0 }) {
        throw ConvMatrixError(.invalidParameter, parameter: parameter, value: text,
                              rule: "extents must be non-negative, got \(negative)")
    }
    return try checkedProduct(shape, .tooLarge(parameter, text, "the element count"))
}
