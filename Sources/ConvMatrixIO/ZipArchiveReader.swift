// ZIP reader: end record (and ZIP64 end record) → central directory → stored/deflated entries.
import ConvMatrix

/// A ZIP archive held in memory, as `.npz` files are: the central directory parsed up front,
/// entries extracted on demand (stored, or deflated through zlib), each checked against its
/// CRC-32. ZIP64 sizes and offsets are honoured; encryption and other methods are refused.
struct ZipArchiveReader {
    struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    /// The largest expansion a deflate stream can achieve (RFC 1951: 258 bytes per 2-bit code).
    static let maximumDeflateRatio = 1032

    let source: String
    let bytes: [UInt8]
    private(set) var entries: [Entry] = []

    /// Reads and indexes the archive at `path`.
    ///
    /// - Complexity: O(file size) to read, O(entries) to index.
    init(contentsOf path: String) throws {
        try self.init(bytes: try readFileBytes(path), source: path)
    }

    init(bytes: [UInt8], source: String) throws {
        self.bytes = bytes
        self.source = source
        entries = try bytes.withUnsafeBytes { raw in try Self.centralDirectory(raw, source: source) }
    }

    /// The uncompressed bytes of `entry`, CRC-checked.
    ///
    /// - Complexity: O(compressed + uncompressed size).
    func contents(of entry: Entry) throws -> [UInt8] {
        let place = FilePlace(path: "\(source)[\(entry.name)]")
        return try bytes.withUnsafeBytes { raw -> [UInt8] in
            let at = entry.localHeaderOffset
            guard at >= 0, at <= raw.count - 30, raw.littleEndian(UInt32.self, at: at) == 0x0403_4B50,
                  let nameLength = raw.littleEndian(UInt16.self, at: at + 26),
                  let extraLength = raw.littleEndian(UInt16.self, at: at + 28) else {
                throw ConvMatrixError.io(bytePlace(source, at), entry.name, "no local file header where the central directory points")
            }
            let start = at + 30 + Int(nameLength) + Int(extraLength)
            guard start <= raw.count, entry.compressedSize <= raw.count - start else {
                throw ConvMatrixError.io(bytePlace(source, start), "\(entry.compressedSize) bytes",
                          "the data of \(entry.name) runs past the end of the file")
            }
            // The declared size comes from the file: it must fit the memory budget (and leave
            // room for the inflater's spare byte) before anything is allocated for it.
            let budget = CompileOptions.defaultMemoryBudget
            guard entry.size >= 0, entry.size < budget else {
                throw ConvMatrixError(.overBudget, at: place, value: "\(entry.size) bytes",
                                      rule: "the uncompressed entry must fit the memory budget of \(budget) bytes (¾ of physical memory)")
            }
            // Deflate expands at most 1032:1 (a 258-byte match per 2 bits, RFC 1951): a larger
            // declared size cannot be honest, and must not size an allocation.
            if entry.method == 8 {
                let (limit, overflow) = entry.compressedSize.multipliedReportingOverflow(by: Self.maximumDeflateRatio)
                guard overflow || entry.size <= limit + 64 else {
                    throw ConvMatrixError.io(bytePlace(source, at), "\(entry.size) bytes from \(entry.compressedSize)",
                                             "\(entry.name) declares more than deflate can expand to (\(Self.maximumDeflateRatio):1)")
                }
            }
            let data = UnsafeRawBufferPointer(rebasing: raw[start..<(start + entry.compressedSize)])
            let output: [UInt8]
            switch entry.method {
            case 0:
                guard entry.compressedSize == entry.size else {
                    throw ConvMatrixError.io(bytePlace(source, at), "\(entry.compressedSize) ≠ \(entry.size)",
                              "a stored entry's compressed and uncompressed sizes must agree")
                }
                output = Array(data)
            case 8:
                do {
                    output = try inflateRaw(data, expectedSize: entry.size)
                } catch let error as ZlibFailure {
                    throw ConvMatrixError.io(bytePlace(source, start), "zlib code \(error.code)", "cannot inflate \(entry.name): \(error.message)")
                }
            default:
                throw ConvMatrixError(.unsupported, at: place, value: "method \(entry.method)",
                                      rule: "only stored (0) and deflated (8) entries are supported")
            }
            let crc = CRC32.checksum(output)
            guard crc == entry.crc else {
                throw ConvMatrixError.io(bytePlace(source, start), hex(crc), "CRC-32 of \(entry.name) does not match the recorded \(hex(entry.crc))")
            }
            return output
        }
    }

    /// Locates the end record and parses every central directory header.
    private static func centralDirectory(_ raw: UnsafeRawBufferPointer, source: String) throws -> [Entry] {
        // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
        var end = raw.count - 22
        let lowest = max(0, raw.count - 22 - 0xFFFF)
        while end >= lowest {
            if raw.littleEndian(UInt32.self, at: end) == 0x0605_4B50,
               let commentLength = raw.littleEndian(UInt16.self, at: end + 20), end + 22 + Int(commentLength) == raw.count {
                break
            }
            end -= 1
        }
        guard end >= lowest, end >= 0 else {
            throw ConvMatrixError.io(bytePlace(source, max(raw.count - 22, 0)), excerpt(raw.suffix(22)),
                      "not a ZIP archive: no end-of-central-directory record")
        }
        var count = Int(raw.littleEndian(UInt16.self, at: end + 10)!)
        var directorySize = Int(raw.littleEndian(UInt32.self, at: end + 12)!)
        var directoryOffset = Int(raw.littleEndian(UInt32.self, at: end + 16)!)

        // A ZIP64 locator, if any, sits right before the end record.
        if end >= 20, raw.littleEndian(UInt32.self, at: end - 20) == 0x0706_4B50 {
            let recordOffset = Int(truncatingIfNeeded: raw.littleEndian(UInt64.self, at: end - 12)!)
            guard raw.littleEndian(UInt32.self, at: recordOffset) == 0x0606_4B50,
                  let count64 = raw.littleEndian(UInt64.self, at: recordOffset + 32),
                  let size64 = raw.littleEndian(UInt64.self, at: recordOffset + 40),
                  let offset64 = raw.littleEndian(UInt64.self, at: recordOffset + 48) else {
                throw ConvMatrixError.io(bytePlace(source, end - 20), "offset \(recordOffset)", "the ZIP64 locator points to no ZIP64 end record")
            }
            count = Int(truncatingIfNeeded: count64)
            directorySize = Int(truncatingIfNeeded: size64)
            directoryOffset = Int(truncatingIfNeeded: offset64)
        }
        guard directoryOffset >= 0, directorySize >= 0, count >= 0,
              directoryOffset <= raw.count, directorySize <= raw.count - directoryOffset,
              count <= directorySize / 46 else {
            throw ConvMatrixError.io(bytePlace(source, end), "\(count) entries at \(directoryOffset), \(directorySize) bytes",
                      "the central directory lies outside the file")
        }

        var entries = [Entry]()
        var at = directoryOffset
        for _ in 0..<count {
            guard raw.littleEndian(UInt32.self, at: at) == 0x0201_4B50,
                  let flags = raw.littleEndian(UInt16.self, at: at + 8),
                  let method = raw.littleEndian(UInt16.self, at: at + 10),
                  let crc = raw.littleEndian(UInt32.self, at: at + 16),
                  let compressed32 = raw.littleEndian(UInt32.self, at: at + 20),
                  let size32 = raw.littleEndian(UInt32.self, at: at + 24),
                  let nameLength = raw.littleEndian(UInt16.self, at: at + 28).map(Int.init),
                  let extraLength = raw.littleEndian(UInt16.self, at: at + 30).map(Int.init),
                  let commentLength = raw.littleEndian(UInt16.self, at: at + 32).map(Int.init),
                  let offset32 = raw.littleEndian(UInt32.self, at: at + 42),
                  at + 46 + nameLength + extraLength + commentLength <= raw.count else {
                throw ConvMatrixError.io(bytePlace(source, at), excerpt(raw[at..<min(at + 4, raw.count)]), "a central directory header is malformed")
            }
            let name = String(decoding: raw[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard flags & 1 == 0 else {
                throw ConvMatrixError(.unsupported, parameter: "\(source)[\(name)]", value: "flags \(flags)",
                                      rule: "encrypted entries are not supported")
            }
            var entry = Entry(name: name, method: method, flags: flags, crc: crc, compressedSize: Int(compressed32),
                              size: Int(size32), localHeaderOffset: Int(offset32))
            try readZip64Extra(raw, from: at + 46 + nameLength, length: extraLength, into: &entry,
                               sizes: (size32, compressed32, offset32), source: source)
            entries.append(entry)
            at += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// Replaces the 32-bit fields that read 0xFFFFFFFF by the ZIP64 extra field's 64-bit values,
    /// which appear in the order size, compressed size, local header offset.
    private static func readZip64Extra(_ raw: UnsafeRawBufferPointer, from start: Int, length: Int, into entry: inout Entry,
                                       sizes: (UInt32, UInt32, UInt32), source: String) throws {
        var at = start
        while at + 4 <= start + length {
            let id = raw.littleEndian(UInt16.self, at: at)!
            let size = Int(raw.littleEndian(UInt16.self, at: at + 2)!)
            if id == 0x0001 {
                var field = at + 4
                func next() throws -> Int {
                    guard field + 8 <= at + 4 + size, let value = raw.littleEndian(UInt64.self, at: field),
                          value <= UInt64(Int.max) else {
                        throw ConvMatrixError.io(bytePlace(source, field), entry.name, "the ZIP64 extra field is too short")
                    }
                    field += 8
                    return Int(value)
                }
                if sizes.0 == UInt32.max { entry.size = try next() }
                if sizes.1 == UInt32.max { entry.compressedSize = try next() }
                if sizes.2 == UInt32.max { entry.localHeaderOffset = try next() }
                return
            }
            at += 4 + size
        }
    }
}

/// `0x1234abcd`.
func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
