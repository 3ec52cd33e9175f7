// How ConvMatrixIO reports a bad file: one `ConvMatrixError(.io, …)` that names the place.
import ConvMatrix
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ConvMatrixError {
    /// A malformed or unreadable file: `parameter` is the place (`path:line` for text formats,
    /// `path byte offset` for binary ones), `value` the offending text, `rule` what is wrong.
    static func io(_ place: String, _ value: String, _ rule: String) -> ConvMatrixError {
        ConvMatrixError(.io, parameter: place, value: value, rule: rule)
    }

    /// A failed system call on `path`: `file = <path>: <what failed>: <the system's message>`.
    /// The parameter is `file` so that a caller can name its option instead (`--weights`).
    static func system(_ path: String, _ rule: String, errno code: Int32) -> ConvMatrixError {
        ConvMatrixError(.io, parameter: "file", value: path, rule: "\(rule): \(String(cString: strerror(code)).lowercased())",
                        location: .file(path: path, line: nil, byteOffset: nil))
    }
}

/// A place inside a file, as errors print it (`a.npy byte 8`, `W.mtx:3`) and locate it.
struct FilePlace: CustomStringConvertible {
    let path: String
    var line: Int? = nil
    var byteOffset: Int? = nil

    var description: String {
        if let line { return "\(path):\(line)" }
        if let byteOffset { return "\(path) byte \(byteOffset)" }
        return path
    }
}

/// The place of byte `offset` inside a binary file: `a.npy byte 8`.
func bytePlace(_ source: String, _ offset: Int) -> FilePlace { FilePlace(path: source, byteOffset: offset) }

/// The place of 1-based line `line` of a text file: `W.mtx:3`.
func linePlace(_ source: String, _ line: Int) -> FilePlace { FilePlace(path: source, line: line) }

extension ConvMatrixError {
    /// A fault of `kind` at `place` in a file.
    init(_ kind: Kind, at place: FilePlace, value: String, rule: String) {
        self.init(kind, parameter: place.description, value: value, rule: rule,
                  location: .file(path: place.path, line: place.line, byteOffset: place.byteOffset))
    }

    /// A malformed file, located at `place`.
    static func io(_ place: FilePlace, _ value: String, _ rule: String) -> ConvMatrixError {
        ConvMatrixError(.io, parameter: place.description, value: value, rule: rule,
                        location: .file(path: place.path, line: place.line, byteOffset: place.byteOffset))
    }
}

/// At most `limit` characters of `bytes` as text, non-printable bytes escaped, for error values.
func excerpt(_ bytes: some Collection<UInt8>, limit: Int = 80) -> String {
    var text = ""
    for byte in bytes.prefix(limit) {
        switch byte {
        case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
        case 0x0A: text += "\\n"
        case 0x0D: text += "\\r"
        case 0x09: text += "\\t"
        default: text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }
    }
    return bytes.count > limit ? text + "…" : text
}
