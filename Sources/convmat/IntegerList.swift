import ConvMatrix

/// Integer lists typed on the command line: shapes `2x3x4x5`, coordinates `0,1,2,3`, per-axis
/// values `2,1`. Separators `x`, `×`, `,` and spaces are all accepted, as are surrounding
/// parentheses or brackets, so `(2, 3, 4, 5)` pasted from Python works too.
enum IntegerList {
    /// Parses `text`; errors name the option (`--input = 2x3xq: …`).
    static func parse(_ text: String, option: String, minimum: Int = 0, example: String) throws -> [Int] {
        var body = Substring(text.trimmingCharacters(in: " "))
        if let first = body.first, let last = body.last, "([".contains(first), ")]".contains(last) {
            body = body.dropFirst().dropLast()
        }
        let parts = body.split(whereSeparator: { "x×X, ".contains($0) })
        var values = [Int]()
        for part in parts {
            guard let value = Int(part) else {
                throw ConvMatrixError(.invalidParameter, parameter: option, value: text,
                                      rule: "'\(part)' is not an integer; write e.g. \(example)")
            }
            guard value >= minimum else {
                throw ConvMatrixError(.invalidParameter, parameter: option, value: text,
                                      rule: "every value must be ≥ \(minimum); write e.g. \(example)")
            }
            values.append(value)
        }
        guard !values.isEmpty else {
            throw ConvMatrixError(.invalidParameter, parameter: option, value: "'\(text)'", rule: "is empty; write e.g. \(example)")
        }
        return values
    }

    /// `(1, 1, 2, 2)`, as NumPy prints shapes.
    static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
