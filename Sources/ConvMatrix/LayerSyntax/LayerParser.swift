/// A small recursive-descent parser for `[torch.]nn.ConvXd(args…)` with positional and keyword
/// arguments, integers (optionally negative), tuples/lists of integers, quoted strings and
/// `True`/`False`; and ConvMatrix's extensions: exact fractions (`0.5`, `1/3`) and tuples of integer
/// tuples (`((0, 2), (1, 1))`). Errors are ``ConvMatrixError``s whose rule starts with `column N:`.
struct LayerParser {
    private let characters: [Character]
    private let text: String
    private var position = 0

    init(_ text: String) {
        self.text = text
        characters = Array(text)
    }

    mutating func parseLayer() throws -> (LayerExpression.Kind, [String: LayerValue]) {
        skipSpaces()
        var name = try identifier()
        while peek() == "." {
            position += 1
            let next = try identifier()
            guard name == "torch" || name == "nn" || name == "torch.nn" else {
                throw error(at: position - next.count - 1, "expected nn.Conv…/nn.ConvTranspose…, found '\(name).'")
            }
            name = name == "torch" && next == "nn" ? "torch.nn" : next
        }
        let nameStart = position - name.count
        guard let kind = LayerExpression.Kind(rawValue: name) else {
            let known = LayerExpression.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(at: nameStart, "unknown layer '\(name)'; expected one of \(known)")
        }
        skipSpaces()
        try expect("(")
        var arguments = [String: LayerValue]()
        var positional = 0, sawKeyword = false
        skipSpaces()
        while peek() != ")" {
            let start = position
            if let keyword = try keywordAhead() {
                sawKeyword = true
                guard kind.parameterOrder.contains(keyword) else {
                    throw error(at: start, "\(kind.rawValue) has no parameter '\(keyword)'")
                }
                guard arguments[keyword] == nil else { throw error(at: start, "'\(keyword)' is given twice") }
                arguments[keyword] = try value()
            } else {
                guard !sawKeyword else { throw error(at: start, "a positional argument cannot follow keyword arguments") }
                guard positional < kind.parameterOrder.count else {
                    throw error(at: start, "\(kind.rawValue) takes at most \(kind.parameterOrder.count) positional arguments")
                }
                arguments[kind.parameterOrder[positional]] = try value()
                positional += 1
            }
            skipSpaces()
            if peek() == "," { position += 1; skipSpaces(); continue }
            guard peek() == ")" else { throw error(at: position, "expected ',' or ')'") }
        }
        position += 1
        skipSpaces()
        guard position == characters.count else { throw error(at: position, "unexpected text after ')'") }
        return (kind, arguments)
    }

    /// `name=` ahead? Consumes it and returns the name; otherwise leaves the position alone.
    private mutating func keywordAhead() throws -> String? {
        let start = position
        guard let c = peek(), c.isLetter || c == "_" else { return nil }
        let name = try identifier()
        skipSpaces()
        if peek() == "=" {
            position += 1
            skipSpaces()
            return name
        }
        position = start
        return nil
    }

    private mutating func value() throws -> LayerValue {
        skipSpaces()
        let start = position
        switch peek() {
        case "(", "[":
            return try tuple()
        case "'", "\"":
            let quote = peek()!
            position += 1
            let begin = position
            while let c = peek(), c != quote { position += 1 }
            guard peek() == quote else { throw error(at: start, "unterminated string") }
            let s = String(characters[begin..<position])
            position += 1
            return .string(s)
        case .some(let c) where c.isNumber || c == "-" || c == "+" || c == ".":
            let n = try number()
            return n.isInteger ? .int(n.numerator) : .fraction(n)
        case .some(let c) where c.isLetter:
            let word = try identifier()
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            default: throw error(at: start, "expected a number, a tuple, a string, True or False, found '\(word)'")
            }
        default:
            throw error(at: start, peek() == nil ? "unexpected end of text" : "expected a value, found '\(peek()!)'")
        }
    }

    /// `(1, 2)`, `[1, 2]`, `(0.5, 2)` or `((0, 2), (1, 1))`: numbers, or tuples of integers.
    private mutating func tuple() throws -> LayerValue {
        let start = position
        let close: Character = peek() == "(" ? ")" : "]"
        position += 1
        var numbers = [LayerFraction](), tuples = [[Int]]()
        skipSpaces()
        while peek() != close {
            let itemStart = position
            if peek() == "(" || peek() == "[" {
                guard numbers.isEmpty else { throw error(at: itemStart, "a tuple cannot mix numbers and tuples") }
                guard case .ints(let inner) = try tuple() else {
                    throw error(at: itemStart, "an inner tuple holds integers only, e.g. padding=((0, 2), (1, 1))")
                }
                tuples.append(inner)
            } else {
                guard tuples.isEmpty else { throw error(at: itemStart, "a tuple cannot mix numbers and tuples") }
                numbers.append(try number())
            }
            skipSpaces()
            if peek() == "," { position += 1; skipSpaces(); continue }
            guard peek() == close else { throw error(at: position, "expected ',' or '\(close)'") }
        }
        position += 1
        if !tuples.isEmpty { return .intTuples(tuples) }
        guard !numbers.isEmpty else { throw error(at: start, "an empty tuple is not a valid size") }
        return numbers.allSatisfy(\.isInteger) ? .ints(numbers.map(\.numerator)) : .fractions(numbers)
    }

    /// An integer (`-3`), a decimal (`0.5`, `.25`, `2.`) or a ratio of integers (`1/2`), kept
    /// exact: the digits as one integer over a power of ten, or over the denominator.
    private mutating func number() throws -> LayerFraction {
        let start = position
        var sign = 1
        if peek() == "-" || peek() == "+" {
            sign = peek() == "-" ? -1 : 1
            position += 1
        }
        let whole = digits()
        var decimals = ""
        if peek() == "." {
            position += 1
            decimals = digits()
        }
        guard !whole.isEmpty || !decimals.isEmpty else {
            throw error(at: start, peek() == nil ? "unexpected end of text" : "expected a number, found '\(peek()!)'")
        }
        var denominator = 1
        for _ in decimals {
            let (scaled, overflow) = denominator.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw error(at: start, "too many digits after the decimal point") }
            denominator = scaled
        }
        guard let magnitude = Int(whole + decimals) else { throw error(at: start, "the number is too large") }
        if peek() == "/", characters[start..<position].allSatisfy({ $0 != "." }) {
            position += 1
            let denominatorStart = position
            guard let written = Int(digits()) else {
                throw error(at: denominatorStart, peek() == nil ? "unexpected end of text" : "expected a whole denominator, found '\(peek()!)'")
            }
            guard written != 0 else { throw error(at: denominatorStart, "division by zero") }
            denominator = written
        }
        // Never nil: the denominator is ≥ 1 and |numerator| ≤ Int.max.
        return LayerFraction(numerator: sign * magnitude, denominator: denominator, text: String(characters[start..<position]))!
    }

    /// The ASCII digits at the position (possibly none), consumed.
    private mutating func digits() -> String {
        let start = position
        while let c = peek(), c.isASCII, c.isNumber { position += 1 }
        return String(characters[start..<position])
    }

    private mutating func identifier() throws -> String {
        let start = position
        while let c = peek(), c.isLetter || c.isNumber || c == "_" { position += 1 }
        guard position > start else {
            throw error(at: start, peek() == nil ? "unexpected end of text" : "expected a name, found '\(peek()!)'")
        }
        return String(characters[start..<position])
    }

    private mutating func expect(_ c: Character) throws {
        guard peek() == c else {
            throw error(at: position, peek() == nil ? "expected '\(c)', found the end of the text" : "expected '\(c)', found '\(peek()!)'")
        }
        position += 1
    }

    private func peek() -> Character? { position < characters.count ? characters[position] : nil }

    private mutating func skipSpaces() { while let c = peek(), c.isWhitespace { position += 1 } }

    private func error(at column: Int, _ message: String) -> ConvMatrixError {
        ConvMatrixError(.invalidParameter, parameter: "layer", value: "\"\(text)\"", rule: "column \(column + 1): \(message)",
                        location: .column(column + 1, text: text))
    }
}
