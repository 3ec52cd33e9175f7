// Line and token scanning over the bytes of a text file, with 1-based line numbers for errors.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The "C" numeric locale, so that a host program's `setlocale` cannot change `strtod`'s
/// decimal point.
private struct CNumericLocale: @unchecked Sendable {
    let value: locale_t?
}
private let cNumericLocale = CNumericLocale(value: newlocale(LC_NUMERIC_MASK, "C", nil))

/// Runs `body` with this thread's locale set to "C" for numbers (`uselocale`), then restores it.
func withCNumericLocale<T>(_ body: () throws -> T) rethrows -> T {
    guard let locale = cNumericLocale.value else { return try body() }
    let previous = uselocale(locale)
    defer { uselocale(previous) }
    return try body()
}

/// Walks the lines of a text buffer (`\n` or `\r\n` endings) and the whitespace-separated
/// tokens of each line, without copying.
struct TextLines {
    let bytes: UnsafeRawBufferPointer
    private(set) var position = 0
    /// The 1-based number of the line last returned by ``next()``.
    private(set) var lineNumber = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The byte range of the next line without its line ending, or `nil` at end of input.
    mutating func next() -> Range<Int>? {
        guard position < bytes.count else { return nil }
        let start = position
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        position = end + 1
        lineNumber += 1
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// Whether a line holds only spaces and tabs.
    func isBlank(_ line: Range<Int>) -> Bool {
        line.allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 }
    }

    /// The next token of `line` at or after `cursor` (advanced past it), or `nil` if none is left.
    func token(in line: Range<Int>, after cursor: inout Int) -> Range<Int>? {
        var start = cursor
        while start < line.upperBound, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        guard start < line.upperBound else { cursor = start; return nil }
        var end = start
        while end < line.upperBound, bytes[end] != 0x20, bytes[end] != 0x09 { end += 1 }
        cursor = end
        return start..<end
    }

    /// The text of a byte range.
    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A non-negative decimal integer token, or `nil` when it has other characters or overflows.
    func unsignedInteger(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var value = 0
        for i in range {
            let digit = Int(bytes[i]) - 0x30
            guard digit >= 0, digit <= 9 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = sum
        }
        return value
    }

    /// A signed decimal integer token (`-3`, `+7`), or `nil`.
    func signedInteger(_ range: Range<Int>) -> Int? {
        guard let first = range.first else { return nil }
        switch bytes[first] {
        case 0x2D: return unsignedInteger(range.dropFirst()).map { -$0 }
        case 0x2B: return unsignedInteger(range.dropFirst())
        default: return unsignedInteger(range)
        }
    }

    /// A floating-point token as C's `strtod` reads it: `1.5`, `-2E-300`, `inf`, `nan`. Tokens
    /// up to 63 bytes are copied to a stack buffer and parsed by `strtod` (no allocation per
    /// entry); longer ones go through `Double(String)`. Call inside ``withCNumericLocale(_:)``.
    func real(_ range: Range<Int>) -> Double? {
        guard !range.isEmpty else { return nil }
        guard range.count < 64 else { return Double(text(range)) }
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { scratch -> Double? in
            scratch.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[range]))
            scratch[range.count] = 0
            let start = scratch.baseAddress!.assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &end)
            return end == start + range.count ? value : nil
        }
    }
}
