// ONNX external data: a tensor's bytes in a file next to the model.
import ConvMatrix
import ConvMatrixIO
import Foundation

/// Reads the bytes an ONNX `external_data` list points at: `location` (a path relative to the
/// model's folder), `offset` (default 0) and `length` (default: to the end of the file).
///
/// The file must stay inside the model's folder: `location` may not be absolute or contain
/// `..`, and after resolving symbolic links the file's real path must lie under the folder's
/// real path — a model cannot make ConvMatrix read `/etc/passwd`.
struct ONNXExternalData {
    let source: String
    let directory: String?

    /// - Parameter fail: builds the error for `(value, rule)`.
    /// - Complexity: O(length) time and memory.
    func read(_ entries: [Onnx_StringStringEntryProto], fail: (String, String) -> ConvMatrixError) throws -> [UInt8] {
        var values: [String: String] = [:]
        for entry in entries { values[entry.key] = entry.value }
        guard let location = values["location"], !location.isEmpty else {
            throw fail("\(values.keys.sorted())", "external data needs a 'location'")
        }
        guard let directory else {
            throw fail(location, "external data is read only from a model loaded from a file (its folder holds the data)")
        }
        let parts = location.split(separator: "/", omittingEmptySubsequences: false)
        guard !location.hasPrefix("/"), !parts.contains(".."), !location.contains("\0") else {
            throw fail(location, "must be a relative path inside the model's folder (no leading /, no ..)")
        }
        func number(_ key: String) throws -> Int? {
            guard let text = values[key] else { return nil }
            guard let n = Int(text), n >= 0 else { throw fail("\(key) \(text)", "must be a non-negative integer") }
            return n
        }
        let offset = try number("offset") ?? 0
        let length = try number("length")
        let folder = URL(fileURLWithPath: directory.isEmpty ? "." : directory).standardizedFileURL.resolvingSymlinksInPath().path
        let file = URL(fileURLWithPath: folder).appendingPathComponent(location).resolvingSymlinksInPath().path
        guard file.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") else {
            throw fail(location, "resolves to \(file), outside the model's folder \(folder)")
        }
        // A regular file only (a FIFO or device is refused before reading), its range checked
        // against its size and the memory budget before anything is read.
        let input: InputFile
        do { input = try InputFile(file) } catch let error as ConvMatrixError { throw fail(location, error.rule) }
        let size = input.size
        let count = length ?? max(0, size - offset)
        guard offset <= size, count <= size - offset else {
            throw fail("offset \(offset), length \(count)", "runs past the end of \(location) (\(size) bytes)")
        }
        try input.checkBudget(count, what: "the external data of \(location)")
        return try input.read(at: offset, count: count)
    }
}
