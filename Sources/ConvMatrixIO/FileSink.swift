// The buffered byte stream that AtomicFile hands to a writer.
import ConvMatrix
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A write-only, buffered byte stream into the temporary file of an ``AtomicFile`` write.
///
/// Small writes collect in a 1 MiB buffer; large ones go straight to the file. ``offset`` counts
/// every byte handed over, so it is the file offset of the next byte (ZIP needs it). A sink is
/// valid only inside the ``AtomicFile/write(to:_:)`` body that received it.
public final class FileSink {
    /// The destination path (not the temporary file), for error messages.
    public let path: String
    private let descriptor: Int32
    private var isOpen = true
    private var flushedCount = 0
    private var buffer: [UInt8] = []
    static let bufferCapacity = 1 << 20

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
        buffer.reserveCapacity(Self.bufferCapacity)
    }

    /// Bytes written so far: the file offset of the next byte.
    public var offset: Int { flushedCount + buffer.count }

    /// Appends raw bytes.
    ///
    /// - Complexity: O(bytes).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count <= Self.bufferCapacity {
            buffer.append(contentsOf: bytes)
            return
        }
        try flush()
        if bytes.count < Self.bufferCapacity {
            buffer.append(contentsOf: bytes)
        } else {
            try writeFully(bytes)
            flushedCount += bytes.count
        }
    }

    /// Appends raw bytes.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends the UTF-8 encoding of `text`.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Hands the buffered bytes to the file.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeFully($0) }
        flushedCount += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Replaces already-written bytes at `position` (ZIP local headers get their CRC and sizes
    /// this way once an entry is complete). `position + bytes.count` must not exceed ``offset``.
    func overwrite(_ bytes: [UInt8], at position: Int) throws {
        precondition(position >= 0 && position + bytes.count <= offset, "overwrite outside the written range")
        try flush()
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + done, bytes.count - done, off_t(position + done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw ConvMatrixError.system(path, "cannot write the temporary file", errno: errno) }
            done += n
        }
    }

    /// Closes the descriptor once; returns whether `close` succeeded.
    @discardableResult
    func close() -> Bool {
        guard isOpen else { return true }
        isOpen = false
        return systemClose(descriptor) == 0
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(isOpen, "FileSink used after its AtomicFile.write body returned")
        var done = 0
        while done < bytes.count {
            let n = systemWrite(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw ConvMatrixError.system(path, "cannot write the temporary file", errno: errno) }
            done += n
        }
    }
}
