// A strict JSON reader (RFC 8259) for small headers, reporting errors by byte offset.
import ConvMatrix

/// A JSON value as read from bytes. Numbers keep their text (a header wants exact integers, not
/// `Double`s); objects keep member order and the byte offset of each value, for errors.
indirect enum JSONValue {
    case object([(key: String, value: JSONValue, offset: Int)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The value as a non-negative integer that fits in `Int`, if it is one (`12`, not `12.0`).
    var nonNegativeInteger: Int? {
        guard case .number(let text) = self, !text.isEmpty, text.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }
}

/// Parses one JSON value filling `bytes[range]` (whitespace around it allowed).
///
/// - Throws: `.io` at `source byte N` (N counted from `base`) naming what was expected.
/// - Complexity: O(range.count); nesting limited to 64 levels.
struct JSONReader {
    let bytes: [UInt8]
    let source: String
    /// Added to positions in errors (the header's offset in its file).
    let base: Int
    private var position: Int
    private let end: Int

    init(bytes: [UInt8], range: Range<Int>, source: String, base: Int = 0) {
        self.bytes = bytes
        self.source = source
        self.base = base
        position = range.lowerBound
        end = range.upperBound
    }

    mutating func parseDocument() throws -> JSONValue {
        let value = try parseValue(depth: 0)
        skipSpace()
        guard position == end else { throw fail("after the JSON value", "the header holds one JSON object and spaces") }
        return value
    }

    var offset: Int { position }

    private func fail(_ value: String, _ rule: String) -> ConvMatrixError {
        .io(bytePlace(source, base + position), value, rule)
    }

    private mutating func skipSpace() {
        while position < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard position < end, bytes[position] == byte else {
            throw fail(position < end ? excerpt(bytes[position..<min(end, position + 16)]) : "end of header",
                       "expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < 64 else { throw fail("nesting", "JSON nests at most 64 levels here") }
        skipSpace()
        guard position < end else { throw fail("end of header", "expected a JSON value") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var members: [(key: String, value: JSONValue, offset: Int)] = []
            skipSpace()
            if position < end, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            repeat {
                skipSpace()
                let key = try parseString()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                let at = base + position
                members.append((key, try parseValue(depth: depth + 1), at))
                skipSpace()
            } while try more(closing: UInt8(ascii: "}"))
            return .object(members)
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSONValue] = []
            skipSpace()
            if position < end, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            repeat {
                elements.append(try parseValue(depth: depth + 1))
                skipSpace()
            } while try more(closing: UInt8(ascii: "]"))
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            return .number(try parseNumber())
        }
    }

    /// After an element: `,` means another follows, `closing` ends the container.
    private mutating func more(closing: UInt8) throws -> Bool {
        guard position < end else { throw fail("end of header", "expected ',' or '\(Character(Unicode.Scalar(closing)))'") }
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == closing { return false }
        position -= 1
        throw fail(excerpt(bytes[position..<min(end, position + 16)]), "expected ',' or '\(Character(Unicode.Scalar(closing)))'")
    }

    private mutating func literal(_ word: String) throws {
        let utf8 = Array(word.utf8)
        guard end - position >= utf8.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
            throw fail(excerpt(bytes[position..<min(end, position + 8)]), "expected a JSON value")
        }
        position += utf8.count
    }

    private mutating func parseNumber() throws -> String {
        let start = position
        while position < end, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !text.isEmpty, Double(text) != nil else {
            position = start
            throw fail(excerpt(bytes[start..<min(end, start + 16)]), "expected a JSON value")
        }
        return text
    }

    private mutating func parseString() throws -> String {
        guard position < end, bytes[position] == UInt8(ascii: "\"") else {
            throw fail(position < end ? excerpt(bytes[position..<min(end, position + 16)]) : "end of header", "expected a string")
        }
        position += 1
        var scalars: [UInt8] = []
        while true {
            guard position < end else { throw fail("end of header", "unterminated string") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20 else { position -= 1; throw fail(excerpt([byte]), "control characters must be escaped in a JSON string") }
            guard byte == UInt8(ascii: "\\") else { scalars.append(byte); continue }
            guard position < end else { throw fail("end of header", "unterminated escape") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                guard end - position >= 4, let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
                    throw fail("\\u", "expected 4 hexadecimal digits")
                }
                position += 4
                // A lone surrogate becomes U+FFFD; names in headers are plain text.
                scalars.append(contentsOf: Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
            default:
                position -= 1
                throw fail(excerpt([escape]), "not a JSON escape")
            }
        }
        guard let text = String(validating: scalars, as: UTF8.self) else {
            throw fail("string", "is not valid UTF-8")
        }
        return text
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
