// ZIP writer (PKWARE APPNOTE 6.3): stored or deflated entries, CRC-32, ZIP64 when sizes need it.
import ConvMatrix

/// How the entries of a `.npz` archive are compressed.
public enum ZipCompression: Sendable, Equatable {
    /// Method 0, as `np.savez` and `scipy.sparse.save_npz(..., compressed=False)` write.
    case stored
    /// Method 8 (raw deflate through zlib) at zlib level 0…9, as `np.savez_compressed` and
    /// `save_npz(..., compressed=True)` write (they use level 6).
    case deflated(level: Int = 6)
}

/// When a ZIP archive uses the ZIP64 extensions.
public enum ZIP64Policy: Sendable, Equatable {
    /// Only for an entry of 4 GiB or more (or whose compressed size may reach it), an offset
    /// past 4 GiB, or more than 65535 entries: small archives stay plain ZIP.
    case whenNeeded
    /// On every entry and the end record, like Python's `zipfile` with `force_zip64=True`
    /// (which `np.savez` uses for local headers): exercises the ZIP64 path on small files.
    case always
}

/// Writes a ZIP archive into a ``FileSink``, one entry at a time, streaming each entry's bytes.
///
/// Layout per entry: local header (CRC and sizes patched in once the entry is written) + data;
/// then the central directory and the end record (with the ZIP64 end record and locator when
/// needed). Entry times are 1980-01-01 00:00, like NumPy's, so identical inputs give identical
/// archives.
final class ZipArchiveWriter {
    private struct Record {
        var name: [UInt8]
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    private let sink: FileSink
    private let zip64: ZIP64Policy
    private var records: [Record] = []
    private static let limit32 = Int(UInt32.max)
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1  // 1980-01-01
    private static let unixRegularFile644: UInt32 = 0o100644 << 16

    init(sink: FileSink, zip64: ZIP64Policy) {
        self.sink = sink
        self.zip64 = zip64
    }

    /// Adds the entry `name` of exactly `size` bytes, which `contents` hands to its `emit`
    /// argument in pieces.
    ///
    /// - Complexity: O(size); O(64 KiB) memory beyond the caller's pieces.
    func addEntry(name: String, size: Int, compression: ZipCompression,
                  contents: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        precondition(!records.contains { $0.name.elementsEqual(name.utf8) }, "duplicate ZIP entry \(name)")
        let method: UInt16
        let level: Int32
        switch compression {
        case .stored: (method, level) = (0, 0)
        case .deflated(let l): (method, level) = (8, Int32(min(max(l, 0), 9)))
        }
        // Deflate can expand incompressible data by 5 bytes per 16 KiB block plus a few.
        let worstCompressed = method == 0 ? size : size + size / 16_000 * 5 + 64
        let localZip64 = zip64 == .always || max(size, worstCompressed) >= Self.limit32
        let offset = sink.offset
        let nameBytes = Array(name.utf8)

        var header = [UInt8]()
        header.appendLittleEndian(UInt32(0x0403_4B50))
        header.appendLittleEndian(UInt16(localZip64 ? 45 : 20))   // version needed
        header.appendLittleEndian(Self.flags(name))
        header.appendLittleEndian(method)
        header.appendLittleEndian(UInt16(0))                      // time 00:00
        header.appendLittleEndian(Self.dosDate)
        header.appendLittleEndian(UInt32(0))                      // CRC, patched below
        header.appendLittleEndian(localZip64 ? UInt32.max : 0)    // compressed size
        header.appendLittleEndian(localZip64 ? UInt32.max : 0)    // size
        header.appendLittleEndian(UInt16(nameBytes.count))
        header.appendLittleEndian(UInt16(localZip64 ? 20 : 0))    // extra length
        header += nameBytes
        if localZip64 {
            header.appendLittleEndian(UInt16(0x0001))
            header.appendLittleEndian(UInt16(16))
            header.appendLittleEndian(UInt64(0))
            header.appendLittleEndian(UInt64(0))
        }
        try sink.write(header)

        var crc = CRC32()
        var written = 0
        let dataStart = sink.offset
        do {
            let deflater = method == 8 ? try RawDeflater(level: level) : nil
            try contents { piece in
                crc.update(piece)
                written += piece.count
                if let deflater {
                    try deflater.compress(piece, finish: false) { try sink.write($0) }
                } else {
                    try sink.write(piece)
                }
            }
            if let deflater { try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) { try sink.write($0) } }
        } catch let failure as ZlibFailure {
            throw ConvMatrixError(.io, parameter: "\(sink.path)[\(name)]", value: "zlib code \(failure.code)", rule: failure.message)
        }
        precondition(written == size, "ZIP entry \(name): \(written) bytes written, \(size) declared")
        let compressedSize = sink.offset - dataStart
        precondition(localZip64 || compressedSize < Self.limit32, "ZIP entry \(name) outgrew its 32-bit header")

        header.storeLittleEndian(crc.value, at: 14)
        if localZip64 {
            header.storeLittleEndian(UInt64(size), at: 30 + nameBytes.count + 4)
            header.storeLittleEndian(UInt64(compressedSize), at: 30 + nameBytes.count + 12)
        } else {
            header.storeLittleEndian(UInt32(compressedSize), at: 18)
            header.storeLittleEndian(UInt32(size), at: 22)
        }
        try sink.overwrite(header, at: offset)
        records.append(Record(name: nameBytes, method: method, crc: crc.value, compressedSize: compressedSize,
                              size: size, localHeaderOffset: offset))
    }

    /// Writes the central directory and the end-of-central-directory record(s).
    func finish() throws {
        let directoryOffset = sink.offset
        for record in records {
            let big = (size: zip64 == .always || record.size >= Self.limit32,
                       compressed: zip64 == .always || record.compressedSize >= Self.limit32,
                       offset: zip64 == .always || record.localHeaderOffset >= Self.limit32)
            var extra = [UInt8]()
            if big.size { extra.appendLittleEndian(UInt64(record.size)) }
            if big.compressed { extra.appendLittleEndian(UInt64(record.compressedSize)) }
            if big.offset { extra.appendLittleEndian(UInt64(record.localHeaderOffset)) }
            let zip64Entry = !extra.isEmpty
            var entry = [UInt8]()
            entry.appendLittleEndian(UInt32(0x0201_4B50))
            entry.appendLittleEndian(UInt16(3 << 8 | (zip64Entry ? 45 : 20)))  // made by: Unix
            entry.appendLittleEndian(UInt16(zip64Entry ? 45 : 20))
            entry.appendLittleEndian(Self.flags(String(decoding: record.name, as: UTF8.self)))
            entry.appendLittleEndian(record.method)
            entry.appendLittleEndian(UInt16(0))
            entry.appendLittleEndian(Self.dosDate)
            entry.appendLittleEndian(record.crc)
            entry.appendLittleEndian(big.compressed ? UInt32.max : UInt32(record.compressedSize))
            entry.appendLittleEndian(big.size ? UInt32.max : UInt32(record.size))
            entry.appendLittleEndian(UInt16(record.name.count))
            entry.appendLittleEndian(UInt16(zip64Entry ? extra.count + 4 : 0))
            entry.appendLittleEndian(UInt16(0))        // comment length
            entry.appendLittleEndian(UInt16(0))        // disk number
            entry.appendLittleEndian(UInt16(0))        // internal attributes
            entry.appendLittleEndian(Self.unixRegularFile644)
            entry.appendLittleEndian(big.offset ? UInt32.max : UInt32(record.localHeaderOffset))
            entry += record.name
            if zip64Entry {
                entry.appendLittleEndian(UInt16(0x0001))
                entry.appendLittleEndian(UInt16(extra.count))
                entry += extra
            }
            try sink.write(entry)
        }
        let directorySize = sink.offset - directoryOffset
        let needsZip64 = zip64 == .always || records.count > 0xFFFF
            || directoryOffset >= Self.limit32 || directorySize >= Self.limit32

        var end = [UInt8]()
        if needsZip64 {
            let zip64EndOffset = sink.offset
            end.appendLittleEndian(UInt32(0x0606_4B50))
            end.appendLittleEndian(UInt64(44))           // size of the rest of this record
            end.appendLittleEndian(UInt16(3 << 8 | 45))
            end.appendLittleEndian(UInt16(45))
            end.appendLittleEndian(UInt32(0))            // this disk
            end.appendLittleEndian(UInt32(0))            // disk of the central directory
            end.appendLittleEndian(UInt64(records.count))
            end.appendLittleEndian(UInt64(records.count))
            end.appendLittleEndian(UInt64(directorySize))
            end.appendLittleEndian(UInt64(directoryOffset))
            end.appendLittleEndian(UInt32(0x0706_4B50))  // locator
            end.appendLittleEndian(UInt32(0))
            end.appendLittleEndian(UInt64(zip64EndOffset))
            end.appendLittleEndian(UInt32(1))            // total disks
        }
        let count16 = needsZip64 ? UInt16.max : UInt16(records.count)
        end.appendLittleEndian(UInt32(0x0605_4B50))
        end.appendLittleEndian(UInt16(0))
        end.appendLittleEndian(UInt16(0))
        end.appendLittleEndian(count16)
        end.appendLittleEndian(count16)
        end.appendLittleEndian(needsZip64 ? UInt32.max : UInt32(directorySize))
        end.appendLittleEndian(needsZip64 ? UInt32.max : UInt32(directoryOffset))
        end.appendLittleEndian(UInt16(0))                // comment length
        try sink.write(end)
    }

    /// General-purpose flags: bit 11 marks a UTF-8 name.
    private static func flags(_ name: String) -> UInt16 {
        name.utf8.allSatisfy { $0 < 0x80 } ? 0 : 1 << 11
    }
}
