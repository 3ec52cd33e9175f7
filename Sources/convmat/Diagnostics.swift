import ConvMatrix
import Foundation

/// Everything `convmat` writes to standard error: errors, notes, the progress line.
enum Diagnostics {
    /// Writes `text` to standard error as it is.
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `error: <description>`; for a layer syntax error (located at a column) the layer
    /// follows on its own line with a caret under column `N`:
    ///
    /// ```
    /// error: layer = "nn.Conv2d(3, 4, 3, strid=2)": column 20: Conv2d has no parameter 'strid'
    ///   nn.Conv2d(3, 4, 3, strid=2)
    ///                      ^
    /// ```
    static func report(_ error: ConvMatrixError) {
        write("error: \(error)\n")
        if let (text, column) = syntaxErrorPosition(error) {
            write("  \(text)\n  " + String(repeating: " ", count: column - 1) + "^\n")
        }
    }

    /// `body`, with a ``ConvMatrixError`` about one of `parameters` (any, when `nil`) renamed to
    /// `option` — the option or file the user wrote — keeping its kind, value and rule.
    static func naming<R>(_ option: String, _ parameters: Set<String>? = nil, _ body: () throws -> R) throws -> R {
        do { return try body() } catch let error as ConvMatrixError where parameters?.contains(error.parameter) ?? true {
            throw ConvMatrixError(error.kind, parameter: option, value: error.value, rule: error.rule)
        }
    }

    /// `body`, which reads the file the user gave with `option`: an error about opening or
    /// reading it (parameter `file`) is renamed to `option`, and an error located inside it
    /// (`x.npy byte 10`) is prefixed with `option`, so that every message names what was typed.
    static func reading<R>(_ option: String, _ body: () throws -> R) throws -> R {
        do { return try body() } catch let error as ConvMatrixError {
            if error.parameter == "file" {
                throw ConvMatrixError(error.kind, parameter: option, value: error.value, rule: error.rule, location: error.location)
            }
            if case .file = error.location {
                throw ConvMatrixError(error.kind, parameter: "\(option) \(error.parameter)", value: error.value, rule: error.rule,
                                      location: error.location)
            }
            throw error
        }
    }

    /// A note for the user that is not part of the command's output.
    static func note(_ text: String) {
        write("note: \(text)\n")
    }

    /// The layer text and the 1-based column of a ``LayerExpression`` syntax error, from the
    /// error's structured location.
    static func syntaxErrorPosition(_ error: ConvMatrixError) -> (String, Int)? {
        guard case .column(let column, let text) = error.location, column >= 1 else { return nil }
        // Tabs keep their width under the caret only if echoed; show them as spaces.
        return (text.replacingOccurrences(of: "\t", with: " "), min(column, text.count + 1))
    }
}
