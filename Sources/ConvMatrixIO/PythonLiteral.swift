// The Python literal subset of a .npy header: dicts, tuples/lists, strings, ints, True/False/None.
import ConvMatrix

/// A Python literal as `ast.literal_eval` would see it, restricted to what `.npy` headers hold:
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`.
enum PythonLiteral {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case sequence([PythonLiteral])
    case dictionary([(key: String, value: PythonLiteral)])

    /// Parses `bytes` as one literal followed only by whitespace. Errors name
    /// `source byte (baseOffset + position)`.
    ///
    /// - Complexity: O(bytes).
    static func parse(_ bytes: [UInt8], source: String, baseOffset: Int) throws -> PythonLiteral {
        var parser = Parser(bytes: bytes, source: source, baseOffset: baseOffset)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.failure("text after the literal") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        let source: String
        let baseOffset: Int
        var position = 0

        func failure(_ rule: String) -> ConvMatrixError {
            let rest = bytes[min(position, bytes.count)...]
            return .io(bytePlace(source, baseOffset + position), rest.isEmpty ? "end of header" : excerpt(rest, limit: 20),
                       "the header is not a valid Python literal: \(rule)")
        }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func value(depth: Int) throws -> PythonLiteral {
            guard depth < 32 else { throw failure("nested too deeply") }
            skipWhitespace()
            guard position < bytes.count else { throw failure("a value is missing") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try dictionary(depth: depth)
            case UInt8(ascii: "("): return .sequence(try sequence(closing: UInt8(ascii: ")"), depth: depth))
            case UInt8(ascii: "["): return .sequence(try sequence(closing: UInt8(ascii: "]"), depth: depth))
            case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try integer())
            default:
                for (word, literal) in [("True", PythonLiteral.boolean(true)), ("False", .boolean(false)), ("None", .none)]
                where bytes[position...].starts(with: word.utf8) {
                    position += word.utf8.count
                    return literal
                }
                throw failure("unexpected character")
            }
        }

        mutating func dictionary(depth: Int) throws -> PythonLiteral {
            position += 1
            var items = [(key: String, value: PythonLiteral)]()
            while true {
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .dictionary(items) }
                guard case .string(let key) = try value(depth: depth + 1) else { throw failure("dictionary keys must be strings") }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("':' expected") }
                position += 1
                items.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                guard position < bytes.count else { throw failure("'}' expected") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                guard bytes[position] == UInt8(ascii: "}") else { throw failure("',' or '}' expected") }
            }
        }

        mutating func sequence(closing: UInt8, depth: Int) throws -> [PythonLiteral] {
            position += 1
            var items = [PythonLiteral]()
            while true {
                skipWhitespace()
                if position < bytes.count, bytes[position] == closing { position += 1; return items }
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard position < bytes.count else { throw failure("'\(Character(Unicode.Scalar(closing)))' expected") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                guard bytes[position] == closing else { throw failure("',' or '\(Character(Unicode.Scalar(closing)))' expected") }
            }
        }

        mutating func string() throws -> String {
            let quote = bytes[position]
            position += 1
            var text = [UInt8]()
            while position < bytes.count, bytes[position] != quote {
                if bytes[position] == UInt8(ascii: "\\") {
                    position += 1
                    guard position < bytes.count else { break }
                }
                text.append(bytes[position])
                position += 1
            }
            guard position < bytes.count else { throw failure("unterminated string") }
            position += 1
            return String(decoding: text, as: UTF8.self)
        }

        mutating func integer() throws -> Int {
            let start = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            let digits = String(decoding: bytes[start..<position], as: UTF8.self)
            // Python 2 wrote long integers with an `L` suffix.
            if position < bytes.count, bytes[position] == UInt8(ascii: "L") || bytes[position] == UInt8(ascii: "l") { position += 1 }
            guard let value = Int(digits) else {
                position = start
                throw failure("not an integer that fits 64 bits")
            }
            return value
        }
    }
}
