/// The one check of a batch of flat samples, shared by the sparse products, the dense path and
/// the backward pass: `batch ≥ 1` and `count = batch · perSample`, else `.shapeMismatch`:
///
///     batch = 0: must be ≥ 1
///     input.count = 10: must be batch·inputCount = 12
///
/// The product is checked for overflow.
func checkBatch(_ batch: Int) throws {
    guard batch >= 1 else { throw ConvMatrixError.mismatch("batch", batch, "must be ≥ 1") }
}

/// `count == factor · unit`, else `.shapeMismatch` naming `parameter` and the rule `rule = factor·unit`.
func checkLength(_ parameter: String, _ count: Int, _ rule: String, _ factor: Int, _ unit: Int) throws {
    let (expected, overflow) = factor.multipliedReportingOverflow(by: unit)
    guard !overflow, count == expected else {
        throw ConvMatrixError.mismatch(parameter, count, "must be \(rule) = \(overflow ? "more than \(Int.max)" : "\(expected)")")
    }
}
