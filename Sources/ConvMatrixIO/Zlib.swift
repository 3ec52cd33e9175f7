// The one door to zlib: CRC-32, raw deflate/inflate (ZIP entries) and zlib-format compress2 (PNG).
// No other file of ConvMatrixIO imports CZlib; zlib failures leave this file as `ZlibFailure`.
internal import CZlib

/// A zlib call that did not succeed; callers turn it into a `ConvMatrixError` naming their file.
struct ZlibFailure: Error {
    /// The zlib return code (`Z_DATA_ERROR`, `Z_MEM_ERROR`, …) or 0 for a size mismatch.
    let code: Int32
    /// zlib's own message when it gave one, else a description of what went wrong.
    let message: String
}

/// Running CRC-32 (the ZIP/PNG polynomial, reflected 0xEDB88320) through zlib's `crc32_z`.
///
/// - Complexity: O(bytes) per `update`.
struct CRC32 {
    private(set) var value: UInt32 = 0

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        value = UInt32(truncatingIfNeeded: crc32_z(uLong(value), base.assumingMemoryBound(to: Bytef.self), bytes.count))
    }

    mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}

/// zlib's `avail_in`/`avail_out` are 32-bit: larger buffers go through in slices of this size.
private let zlibSliceLimit = 1 << 30

/// A raw (RFC 1951, headerless) deflate stream, as ZIP's method 8 stores it.
///
/// The `z_stream` lives at a fixed heap address (zlib keeps a pointer back to it) and is released
/// in `deinit`.
final class RawDeflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output = [UInt8](repeating: 0, count: 1 << 16)

    /// - Parameter level: zlib level 0…9 (6 is zlib's and Python's `zipfile` default).
    init(level: Int32) throws(ZlibFailure) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let code = czlib_deflate_init_raw(stream, level)
        guard code == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ZlibFailure(code: code, message: "deflateInit2 failed")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses `input` (ending the stream when `finish`), handing each produced piece to `emit`.
    func compress(_ input: UnsafeRawBufferPointer, finish: Bool,
                  emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        var consumed = 0
        repeat {
            let slice = min(input.count - consumed, zlibSliceLimit)
            let lastSlice = consumed + slice == input.count
            let flush = finish && lastSlice ? Z_FINISH : Z_NO_FLUSH
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map {
                ($0 + consumed).assumingMemoryBound(to: Bytef.self)
            })
            stream.pointee.avail_in = uInt(slice)
            var code: Int32
            repeat {
                code = output.withUnsafeMutableBytes { out -> Int32 in
                    stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(out.count)
                    return deflate(stream, flush)
                }
                guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                    throw ZlibFailure(code: code, message: "deflate failed")
                }
                let produced = output.count - Int(stream.pointee.avail_out)
                if produced > 0 { try output.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[..<produced])) } }
            } while stream.pointee.avail_out == 0 || (flush == Z_FINISH && code != Z_STREAM_END)
            consumed += slice
        } while consumed < input.count
    }
}

/// Inflates a raw deflate stream that must expand to exactly `expectedSize` bytes.
///
/// - Complexity: O(input + expectedSize) time, `expectedSize` bytes of memory.
func inflateRaw(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws(ZlibFailure) -> [UInt8] {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer { stream.deinitialize(count: 1); stream.deallocate() }
    let initCode = czlib_inflate_init_raw(stream)
    guard initCode == Z_OK else { throw ZlibFailure(code: initCode, message: "inflateInit2 failed") }
    defer { inflateEnd(stream) }

    var failure: ZlibFailure?
    // One spare byte detects a stream that expands past the declared size.
    let result = [UInt8](unsafeUninitializedCapacity: expectedSize + 1) { out, count in
        var inDone = 0, outDone = 0
        var code: Int32
        repeat {
            let inSlice = min(input.count - inDone, zlibSliceLimit)
            let outSlice = min(out.count - outDone, zlibSliceLimit)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map {
                ($0 + inDone).assumingMemoryBound(to: Bytef.self)
            })
            stream.pointee.avail_in = uInt(inSlice)
            stream.pointee.next_out = out.baseAddress! + outDone
            stream.pointee.avail_out = uInt(outSlice)
            code = inflate(stream, Z_NO_FLUSH)
            inDone += inSlice - Int(stream.pointee.avail_in)
            outDone += outSlice - Int(stream.pointee.avail_out)
            // Z_BUF_ERROR means "no progress possible": stop once input or output space is used up.
            if code == Z_BUF_ERROR, inDone < input.count, outDone < out.count { code = Z_OK }
        } while code == Z_OK
        count = outDone
        if code != Z_STREAM_END {
            let message = stream.pointee.msg.map { String(cString: $0) }
            failure = code == Z_OK || code == Z_BUF_ERROR
                ? ZlibFailure(code: code, message: outDone > expectedSize
                    ? "the deflate stream expands past the declared \(expectedSize) bytes"
                    : "the deflate stream ends early, after \(outDone) of \(expectedSize) bytes")
                : ZlibFailure(code: code, message: message ?? "inflate failed with code \(code)")
        } else if outDone != expectedSize {
            failure = ZlibFailure(code: 0, message: "the deflate stream expands to \(outDone) bytes, not the declared \(expectedSize)")
        }
    }
    if let failure { throw failure }
    return result
}

/// The zlib format (RFC 1950: header, deflate, Adler-32) of `bytes`, via `compress2` — what a PNG
/// IDAT stream holds.
///
/// - Complexity: O(bytes); output at most `compressBound(bytes)`.
func zlibCompress(_ bytes: [UInt8], level: Int32 = 9) throws(ZlibFailure) -> [UInt8] {
    var capacity = compressBound(uLong(bytes.count))
    var code = Z_OK
    let compressed = [UInt8](unsafeUninitializedCapacity: Int(capacity)) { out, count in
        code = bytes.withUnsafeBufferPointer { input in
            compress2(out.baseAddress, &capacity, input.baseAddress, uLong(input.count), level)
        }
        count = code == Z_OK ? Int(capacity) : 0
    }
    guard code == Z_OK else { throw ZlibFailure(code: code, message: "compress2 failed with code \(code)") }
    return compressed
}
