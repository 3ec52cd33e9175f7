import ConvMatrix

/// `--rows a:b` and `--cols c:d`: a range of grid lines or cells in Python's slice notation —
/// `a:b` (a ≤ i < b), `:b`, `a:`, `:`, a single index `a`, negative values counting from the
/// end (`-3:` is the last three) — checked against the grid's size instead of clamped.
enum GridSlice {
    /// The range `text` selects among `count` items.
    ///
    /// - Throws: `.invalidParameter` naming `option` for bad syntax, a step, a bound outside
    ///   `-count…count`, or an empty selection.
    static func parse(_ text: String, option: String, count: Int, what: String) throws -> Range<Int> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).filter { $0 != " " } }
        func fail(_ rule: String) -> ConvMatrixError {
            ConvMatrixError(.invalidParameter, parameter: option, value: text, rule: rule)
        }
        guard parts.count <= 2 else { throw fail("a step is not supported; write a:b, e.g. \(option) 0:21") }
        func bound(_ part: String, default value: Int) throws -> Int {
            guard !part.isEmpty else { return value }
            guard let v = Int(part) else { throw fail("'\(part)' is not an integer; write a:b, e.g. \(option) 0:21") }
            guard v >= -count, v <= count else {
                throw fail("\(v) is outside the \(count) \(what) (valid bounds -\(count)…\(count))")
            }
            return v < 0 ? v + count : v
        }
        if parts.count == 1 {
            let index = try bound(parts[0], default: 0)
            guard index < count else { throw fail("index \(index) is outside the \(count) \(what) (0..<\(count))") }
            return index..<(index + 1)
        }
        let lower = try bound(parts[0], default: 0), upper = try bound(parts[1], default: count)
        guard lower < upper else { throw fail("selects no \(what): \(lower) ≥ \(upper)") }
        return lower..<upper
    }
}
