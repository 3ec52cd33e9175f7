// Bounded file reads: regular files only, sizes checked before anything is allocated or read.
import ConvMatrix
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open regular file whose size is known before its body is read.
///
/// Every reader of ConvMatrixIO opens its file through here, so that hostile paths fail fast and
/// typed: the file is opened with `O_NONBLOCK` (a FIFO without a writer cannot block the open),
/// then anything but a regular file — a FIFO, a character device such as `/dev/zero`, a socket,
/// a directory — is refused, because its size cannot be known before reading. Reads go through
/// `pread` in chunks of at most ``chunkSize`` bytes and must return exactly what `fstat`
/// promised (a file that shrinks or grows while being read is an error, not a partial result).
package final class InputFile {
    /// The path as the user gave it, for errors.
    package let path: String
    /// The size `fstat` reported when the file was opened.
    package let size: Int
    private let descriptor: Int32
    static let chunkSize = 1 << 24

    /// Opens `path` for reading.
    ///
    /// - Throws: `ConvMatrixError(.io)` with parameter `file`, value `path`: when it cannot be
    ///   opened (the system's reason) or is not a regular file.
    /// - Complexity: O(1).
    package init(_ path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { throw ConvMatrixError.system(path, "cannot open for reading", errno: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw ConvMatrixError.system(path, "cannot stat", errno: code)
        }
        let kind = status.st_mode & S_IFMT
        guard kind == S_IFREG else {
            close(descriptor)
            throw ConvMatrixError(.io, parameter: "file", value: path,
                                  rule: "is \(Self.describe(kind)), not a regular file: only regular files are read, because their size must be known before reading",
                                  location: .file(path: path, line: nil, byteOffset: nil))
        }
        // Regular files never block; clear O_NONBLOCK so that reads behave conventionally.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        self.descriptor = descriptor
        self.size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// Throws `.overBudget` when holding `count` bytes of this file in memory would exceed the
    /// default memory budget (``CompileOptions/defaultMemoryBudget``), before anything is read.
    package func checkBudget(_ count: Int, what: String) throws {
        let budget = CompileOptions.defaultMemoryBudget
        guard count <= budget else {
            throw ConvMatrixError(.overBudget, parameter: "file", value: path,
                                  rule: "\(what) is \(count) bytes, over the memory budget of \(budget) bytes (¾ of physical memory)",
                                  location: .file(path: path, line: nil, byteOffset: nil))
        }
    }

    /// Bytes `[offset, offset + count)`, which must lie inside the file as opened.
    ///
    /// - Throws: `.io` naming the file when the range lies beyond its end (a caller that
    ///   computed `count` from a header must check it against ``size`` first and say so in its
    ///   own words), a read fails, or the file changed size meanwhile.
    /// - Complexity: O(count) time and memory, in chunks of at most ``chunkSize``.
    package func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ConvMatrixError.io(bytePlace(path, offset), "\(count) bytes", "lies beyond the end of the \(size)-byte file")
        }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let want = min(Self.chunkSize, count - done)
                let n = pread(descriptor, buffer.baseAddress! + done, want, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                if n < 0 { throw ConvMatrixError.system(path, "read failed", errno: errno) }
                if n == 0 {
                    throw ConvMatrixError.io(bytePlace(path, offset + done), "end of file",
                                             "the file shrank while it was read (\(size) bytes when opened)")
                }
                done += n
                initialized = done
            }
        }
    }

    /// The whole file, after checking its size against the memory budget.
    ///
    /// - Complexity: O(file size).
    package func readAll(what: String = "the file") throws -> [UInt8] {
        try checkBudget(size, what: what)
        return try read(at: 0, count: size)
    }

    private static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }
}

/// The contents of the regular file at `path`, its size checked against the memory budget
/// before it is read.
///
/// - Throws: `ConvMatrixError(.io)` naming `path` when it cannot be opened, is not a regular
///   file, or a read fails; `.overBudget` for a file larger than the budget.
/// - Complexity: O(file size) time and memory.
package func readFileBytes(_ path: String) throws -> [UInt8] {
    try InputFile(path).readAll()
}
