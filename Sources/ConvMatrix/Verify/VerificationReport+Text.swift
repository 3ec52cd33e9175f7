/// The report for people: the verdict, the worst elements as "got … expected …", and where the
/// failures sit.
extension VerificationReport {
    /// A plain-text rendering, from the user's point of view.
    ///
    /// - Complexity: O(worst · receptive field + channels + samples + map).
    public var text: String {
        var lines = [passed
            ? "PASS: all \(elements) elements of \(name) are within the \(precision.rawValue) bound (worst error \(Self.number(maxErrorInBounds))× its bound)."
            : "FAIL: \(failing) of \(elements) elements of \(name) are outside the \(precision.rawValue) bound (worst error \(Self.number(maxErrorInBounds))× its bound, max |error| \(Self.number(maxAbsError)))."]
        lines.append("tolerance: \(tolerance)")
        lines.append(crossChecked
            ? "reference: float64 through W (CHOLMOD), cross-checked against the dense direct convolution."
            : "reference: float64 through W (CHOLMOD), not cross-checked.")
        for e in worst {
            let verdict = VerificationReport.within(e.got, e.expected, e.bound) ? "ok  " : "FAIL"
            lines.append("\(verdict) \(e.label): got \(Self.number(e.got)), expected \(Self.number(e.expected)), error \(Self.number(e.error)) = \(Self.number(e.errorInBounds))× the bound \(Self.number(e.bound))")
            for t in e.receptiveField {
                let taps = t.taps.map { "w[" + $0.map(String.init).joined(separator: ", ") + "]" }.joined(separator: " + ")
                lines.append("       \(Self.number(t.weight)) (\(taps)) · \(t.inputLabel) = \(Self.number(t.inputValue))")
            }
        }
        if failing > 0 {
            lines.append("failing per channel: \(byChannel.map(String.init).joined(separator: " "))"
                         + (byGroup.count > 1 ? "; per group: \(byGroup.map(String.init).joined(separator: " "))" : ""))
            if !bySample.isEmpty { lines.append("failing per sample: \(bySample.map(String.init).joined(separator: " "))") }
            for b in border {
                lines.append("spatial axis \(b.axis): \(b.first) failing on the first position, \(b.last) on the last, \(b.interior) inside")
            }
            if let map { lines.append(map) }
        }
        if !diagnosis.isEmpty { lines.append("matches the known mistake\(diagnosis.count == 1 ? "" : "s"): \(diagnosis.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }

    /// The shortest decimal that reads back as `x` (so got and expected show every digit that differs).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "inf" : "-inf") }
        return "\(x)"
    }
}
