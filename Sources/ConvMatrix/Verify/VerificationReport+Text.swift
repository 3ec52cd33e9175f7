/// The report for people: the verdict, the worst elements as "got … expected …", and where the
/// failures sit.
extension VerificationReport {
    /// A plain-text rendering, from the user's point of view.
    ///
    /// - Complexity: O(worst · receptive field + channels + samples + map).
    public var text: String {
        var lines = [passed
            ? "PASS: all \(elements) elements of \(name) are within the \(precision.rawValue) bound (worst error \(Self.short(maxErrorInBounds))× its bound)."
            : "FAIL: \(failing) of \(elements) elements of \(name) are outside the \(precision.rawValue) bound (worst error \(Self.short(maxErrorInBounds))× its bound, max |error| \(Self.short(maxAbsError)))."]
        lines.append("tolerance: \(tolerance)")
        lines.append(crossChecked
            ? "reference: float64 through W (CHOLMOD), cross-checked against the dense direct convolution."
            : "reference: float64 through W (CHOLMOD), not cross-checked.")
        for e in worst {
            let verdict = VerificationReport.within(e.got, e.expected, e.bound) ? "ok  " : "FAIL"
            lines.append("\(verdict) \(e.label): got \(Self.number(e.got)), expected \(Self.number(e.expected)), error \(Self.short(e.error)) = \(Self.short(e.errorInBounds))× the bound \(Self.short(e.bound))")
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
        if !passed {
            if diagnosis.isEmpty {
                lines.append("diagnosis: no known mistake explains this; see the map and the worst elements above.")
            } else {
                lines.append("diagnosis: the output matches the layer computed with " + (diagnosis.count == 1 ? "this mistake:" : "any of these mistakes:"))
                lines += diagnosis.map { "  \($0): " + (KernelMistake(rawValue: $0)?.summary ?? "") }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Three significant digits for errors, bounds and ratios: `0.1541`, `2.5e6`, `6.35e-7`.
    public static func short(_ x: Double) -> String {
        guard x != 0 else { return "0" }
        guard x.isFinite else { return number(x) }
        let m = abs(x)
        if m >= 0.01, m < 10_000 { return compactNumber(x) }
        var exponent = 0, mantissa = m
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        mantissa = (mantissa * 100).rounded() / 100
        if mantissa >= 10 { mantissa /= 10; exponent += 1 }
        return (x < 0 ? "-" : "") + compactNumber(mantissa) + "e\(exponent)"
    }

    /// The shortest decimal that reads back as `x` (so got and expected show every digit that differs).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "inf" : "-inf") }
        return "\(x)"
    }
}
