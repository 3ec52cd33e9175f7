// All-or-nothing file writes: a temporary file beside the destination, renamed into place.
import CTemporaryFiles
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
/// ``write(to:_:)`` creates `.<name>.convmat-<host>-<pid>.XXXXXX` (`mkstemp`) in the
/// destination's directory, lets the body write it through a ``FileSink``, flushes and `fsync`s
/// it, sets mode `0644`, and `rename`s it over `path` (atomic within one file system, which is
/// why the temporary file lives in the same directory). If the body throws or any step fails, the
/// temporary file is closed and unlinked and the error is rethrown; an existing file at `path` is
/// untouched.
///
/// Interruptions: while the temporary file exists it is registered with a signal handler, so
/// SIGINT, SIGTERM and SIGHUP unlink it and the process then dies of the same signal (exit status
/// 128 + signal, as the shell expects). SIGKILL cannot be caught: the temporary file stays, and
/// its name says which host and process wrote it. The next write to the same `path` from the
/// same host removes every such file whose process no longer exists.
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
        let prefix = ".\(name).convmat-\(hostTag())-"
        removeStaleTemporaries(in: directory, prefix: prefix)
        let (descriptor, slot, temporaryPath) = try createTemporary(base: "\(directory)/\(prefix)\(getpid()).", for: path,
                                                                     directory: directory)
        let sink = FileSink(descriptor: descriptor, path: path)
        var renamed = false
        defer {
            if !renamed {
                sink.close()
                unlink(temporaryPath)
            }
            cm_temporary_unregister(slot)
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

    /// Makes SIGINT, SIGTERM and SIGHUP reach this process's handlers: unblocks them in the
    /// calling thread (a process inherits its parent's signal mask, and some launchers block
    /// them). A command-line program calls this once at start, before spawning threads, so that
    /// an interrupted write removes its temporary file at once.
    public static func acceptTerminationSignals() {
        cm_unblock_termination_signals()
    }

    /// Creates `<base>XXXXXX` (six random letters and digits) exclusively, its path registered
    /// with the signal handler *before* the file exists: a SIGINT/SIGTERM/SIGHUP at any moment
    /// finds the file either not yet created or registered. The name holds this host and process,
    /// so no other live process creates it, and unlinking a registered name that lost the race
    /// to an existing file can only remove this process's own debris.
    ///
    /// - Returns: the descriptor, the handler's slot (−1 when the table is full: the file is then
    ///   not removed on a signal) and the path.
    static func createTemporary(base: String, for path: String, directory: String) throws -> (Int32, Int32, String) {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let candidate = base + String((0..<6).map { _ in letters[Int(generator.next() % UInt64(letters.count))] })
            let slot = cm_temporary_register(candidate)
            let descriptor = open(candidate, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 { return (descriptor, slot, candidate) }
            let code = errno
            cm_temporary_unregister(slot)
            guard code == EEXIST else {
                throw ConvMatrixError.system(path, "cannot create a temporary file in \(directory)", errno: code)
            }
        }
        throw ConvMatrixError.system(path, "cannot create a temporary file in \(directory)", errno: EEXIST)
    }

    /// This host's name as it appears in temporary file names: letters, digits and `-` only,
    /// at most 32 characters.
    static func hostTag() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "host" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let tag = String(name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
                          .map(Character.init).prefix(32))
        return tag.isEmpty ? "host" : tag
    }

    /// Unlinks the temporary files `<prefix><pid>.XXXXXX` in `directory` left by processes of this
    /// host that no longer exist (killed by SIGKILL, or a power cut). Best effort: a file that
    /// cannot be removed stays, and a process that still runs keeps its file.
    ///
    /// - Complexity: O(entries in `directory`).
    static func removeStaleTemporaries(in directory: String, prefix: String) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        let own = getpid()
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix(prefix) else { continue }
            let rest = name.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: "."), let pid = Int32(rest[..<dot]), pid > 0, pid != own,
                  rest.distance(from: dot, to: rest.endIndex) == 7 else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { unlink("\(directory)/\(name)") }
        }
    }
}
