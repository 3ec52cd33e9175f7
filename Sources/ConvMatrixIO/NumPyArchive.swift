// .npz of named arrays: a ZIP archive with one `<name>.npy` entry per array (np.savez / np.load).
import ConvMatrix

/// NumPy's `.npz` format: a ZIP archive whose entry `<name>.npy` holds the array `name`, as
/// `np.savez` and `np.savez_compressed` write and `np.load` reads.
public enum NumPyArchive {
    /// Writes `arrays` as `<name>.npy` entries in the given order. Atomic (``AtomicFile``).
    ///
    /// - Parameters:
    ///   - arrays: (name, array) pairs; entry `name.npy` holds `array`.
    ///   - path: the destination file.
    ///   - compression: `.stored` like `np.savez`, `.deflated()` like `np.savez_compressed`.
    ///   - zip64: ``ZIP64Policy/whenNeeded`` (default) or ``ZIP64Policy/always``.
    /// - Throws: `.invalidParameter` for a repeated or empty name (checked before anything is
    ///   written); `.io` naming `path` when it cannot be written.
    /// - Complexity: O(total elements); numeric data streams from the arrays without a copy.
    public static func write(_ arrays: [(name: String, array: NumPyArray)], to path: String,
                             compression: ZipCompression = .stored, zip64: ZIP64Policy = .whenNeeded) throws {
        var seen = Set<String>()
        for (name, _) in arrays {
            guard !name.isEmpty, seen.insert(name).inserted else {
                throw ConvMatrixError(.invalidParameter, parameter: "arrays", value: name.isEmpty ? "''" : name,
                                      rule: "array names must be non-empty and distinct")
            }
        }
        try AtomicFile.write(to: path) { sink in
            let zip = ZipArchiveWriter(sink: sink, zip64: zip64)
            for (name, array) in arrays {
                try zip.addEntry(name: name + ".npy", size: array.npyByteCount, compression: compression) { emit in
                    try array.writeNPY(emit)
                }
            }
            try zip.finish()
        }
    }

    /// Reads every `.npy` entry of an `.npz` file, keyed by name without `.npy` (as `np.load`).
    ///
    /// - Throws: `ConvMatrixError` naming `<path>[<entry>] byte <offset>` for a malformed archive
    ///   or entry (see ``NumPyArray/init(contentsOf:)`` for the entry rules).
    /// - Complexity: O(file size + total elements).
    public static func read(_ path: String) throws -> [String: NumPyArray] {
        try read(try ZipArchiveReader(contentsOf: path))
    }

    /// Reads every `.npy` entry of `.npz` bytes held in memory; `source` names them in errors.
    ///
    /// - Complexity: as ``read(_:)``.
    public static func read(bytes: [UInt8], source: String = "<bytes>") throws -> [String: NumPyArray] {
        try read(try ZipArchiveReader(bytes: bytes, source: source))
    }

    static func read(_ archive: ZipArchiveReader) throws -> [String: NumPyArray] {
        var arrays = [String: NumPyArray]()
        for entry in archive.entries {
            let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            arrays[name] = try array(entry, in: archive)
        }
        return arrays
    }

    /// The array in one entry, errors naming `<archive>[<entry>]`.
    static func array(_ entry: ZipArchiveReader.Entry, in archive: ZipArchiveReader) throws -> NumPyArray {
        let bytes = try archive.contents(of: entry)
        return try bytes.withUnsafeBytes { try NumPyArray(npy: $0, source: "\(archive.source)[\(entry.name)]") }
    }
}
