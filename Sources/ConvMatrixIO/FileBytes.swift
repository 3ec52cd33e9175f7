// Whole-file reads: every reader of ConvMatrixIO parses from memory.
import ConvMatrix
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The contents of the regular file at `path`.
///
/// - Throws: `ConvMatrixError(.io)` naming `path` when it cannot be opened, is a directory, or a
///   read fails.
/// - Complexity: O(file size) time and memory.
func readFileBytes(_ path: String) throws -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw ConvMatrixError.system(path, "cannot open for reading", errno: errno) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw ConvMatrixError.system(path, "cannot stat", errno: errno) }
    guard (status.st_mode & S_IFMT) != S_IFDIR else { throw ConvMatrixError.system(path, "cannot read a directory", errno: EISDIR) }

    var size = Int(status.st_size)
    var bytes = [UInt8]()
    bytes.reserveCapacity(size + (1 << 16))  // room for the end-of-file probe without a copy
    var readError: Int32 = 0
    // Files whose size stat cannot tell (pipes, /proc) grow the buffer until end of file.
    repeat {
        let start = bytes.count
        let chunk = max(size - start, 1 << 16)
        bytes.append(contentsOf: repeatElement(0, count: chunk))
        var done = 0
        bytes.withUnsafeMutableBytes { buffer in
            while done < chunk {
                let n = read(descriptor, buffer.baseAddress! + start + done, chunk - done)
                if n > 0 { done += n; continue }
                if n < 0, errno == EINTR { continue }
                if n < 0 { readError = errno }
                break
            }
        }
        bytes.removeLast(chunk - done)
        if readError != 0 { throw ConvMatrixError.system(path, "read failed", errno: readError) }
        if done < chunk { break }
        size = bytes.count
    } while true
    return bytes
}
