// .npy writer: the header np.save writes, then the elements little-endian in C order.
import ConvMatrix

extension NumPyArray {
    /// Writes the array as a `.npy` file, format 1.0, byte for byte what `np.save` writes for
    /// the same array (header padded to 64 bytes, `fortran_order: False`, little-endian data).
    /// Atomic (``AtomicFile``): on failure nothing is left at `path`.
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path` when it cannot be written.
    /// - Complexity: O(count) time; no copy of numeric data on little-endian hosts.
    public func write(to path: String) throws {
        try AtomicFile.write(to: path) { sink in try writeNPY { try sink.write($0) } }
    }

    /// The bytes of the `.npy` file ``write(to:)`` writes.
    ///
    /// - Complexity: O(count).
    public func npyBytes() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(npyByteCount)
        writeNPY { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Size of the `.npy` encoding: header plus `count × itemsize`.
    var npyByteCount: Int { NPYHeader.encode(descr: dtype, shape: shape).count + count * itemSize }

    /// Bytes per element of ``dtype``.
    var itemSize: Int {
        switch storage {
        case .float16, .uint16: 2
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .bool: 1
        case .bytes: Int(dtype.dropFirst(2))!
        case .unicode: 4 * Int(dtype.dropFirst(2))!
        }
    }

    /// Hands the `.npy` encoding to `emit` in pieces: the header, then the data.
    func writeNPY(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try NPYHeader.encode(descr: dtype, shape: shape).withUnsafeBytes(emit)
        switch storage {
        case .float16(let v): try withLittleEndianBytes(v.lazy.map(\.bitPattern), contiguous: v, emit)
        case .uint16(let v): try withLittleEndianBytes(v, contiguous: v, emit)
        case .float32(let v): try withLittleEndianBytes(v.lazy.map(\.bitPattern), contiguous: v, emit)
        case .float64(let v): try withLittleEndianBytes(v.lazy.map(\.bitPattern), contiguous: v, emit)
        case .int32(let v): try withLittleEndianBytes(v, contiguous: v, emit)
        case .int64(let v): try withLittleEndianBytes(v, contiguous: v, emit)
        case .bool(let v): try v.map { $0 ? 1 : 0 as UInt8 }.withUnsafeBytes(emit)
        case .bytes(let strings):
            let n = itemSize
            var data = [UInt8]()
            data.reserveCapacity(strings.count * n)
            for s in strings {
                data.append(contentsOf: s.utf8)
                data.append(contentsOf: repeatElement(0, count: n - s.utf8.count))
            }
            try data.withUnsafeBytes(emit)
        case .unicode(let strings):
            let n = itemSize / 4
            var data = [UInt8]()
            data.reserveCapacity(strings.count * itemSize)
            for s in strings {
                for scalar in s.unicodeScalars { data.appendLittleEndian(scalar.value) }
                data.append(contentsOf: repeatElement(0, count: 4 * (n - s.unicodeScalars.count)))
            }
            try data.withUnsafeBytes(emit)
        }
    }
}

/// Emits the little-endian bytes of `values`: the array's own memory on little-endian hosts,
/// a byte-swapped copy of the bit patterns elsewhere.
private func withLittleEndianBytes<Bits: FixedWidthInteger, Element>(
    _ bits: some Collection<Bits>, contiguous: [Element], _ emit: (UnsafeRawBufferPointer) throws -> Void
) rethrows {
    #if _endian(little)
    try contiguous.withUnsafeBytes(emit)
    #else
    try bits.map(\.littleEndian).withUnsafeBytes(emit)
    #endif
}
