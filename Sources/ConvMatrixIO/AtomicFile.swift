// All-or-nothing file writes: a temporary file beside the destination, renamed into place.
import ConvMatrix
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files atomically: readers of the destination see either the old file or the complete
/// new one, never a partial file, and a failed write leaves nothing behind.
///
/// ``write(to:_:)`` creates `.<name>.XXXXXX` (`mkstemp`) in the destination's directory, lets the
/// body write it through a ``FileSink``, flushes and `fsync`s it, sets mode `0644`, and
/// `rename`s it over `path` (atomic within one file system, which is why the temporary file
/// lives in the same directory). If the body throws or any step fails, the temporary file is
/// closed and unlinked and the error is rethrown; an existing file at `path` is untouched.
///
/// Every writer of ConvMatrixIO (Matrix Market, `.npy`, `.npz`, SVG, PNG) goes through here.
public enum AtomicFile {
    /// Runs `body` against a sink whose bytes become the file at `path` only if everything
    /// succeeds.
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path` when the temporary file cannot be created,
    ///   written, synced or renamed (a missing or read-only directory, a directory at `path`, a
    ///   full disk); any error `body` throws, unchanged.
    /// - Complexity: O(bytes written) plus one `fsync`.
    public static func write<Result>(to path: String, _ body: (FileSink) throws -> Result) throws -> Result {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else {
            throw ConvMatrixError.io(path, path, "the destination path names a directory, not a file")
        }
        var template = Array("\(directory)/.\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw ConvMatrixError.system(path, "cannot create a temporary file in \(directory)", errno: errno)
        }
        let temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let sink = FileSink(descriptor: descriptor, path: path)
        var renamed = false
        defer {
            if !renamed {
                sink.close()
                unlink(temporaryPath)
            }
        }
        let result = try body(sink)
        try sink.flush()
        guard fchmod(descriptor, 0o644) == 0 else { throw ConvMatrixError.system(path, "cannot set the file mode", errno: errno) }
        guard fsync(descriptor) == 0 else { throw ConvMatrixError.system(path, "cannot sync the temporary file", errno: errno) }
        guard sink.close() else { throw ConvMatrixError.system(path, "cannot close the temporary file", errno: errno) }
        guard rename(temporaryPath, path) == 0 else {
            throw ConvMatrixError.system(path, "cannot rename the temporary file into place", errno: errno)
        }
        renamed = true
        return result
    }

    /// Writes `bytes` to `path` atomically.
    ///
    /// - Complexity: O(bytes).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { try $0.write(bytes) }
    }
}
