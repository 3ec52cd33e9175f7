// Integers and doubles handed to a byte sink at a chosen width and byte order, in bounded chunks.
import ConvMatrix

/// The byte order of a binary format: `.npy` is little-endian, PETSc's binary format big-endian.
enum ByteOrder { case little, big }

/// Emits `values`, each converted to `Target` (which must hold it) in `order`, through a scratch
/// of at most 64 Ki elements.
///
/// - Complexity: O(values.count) time, O(1) memory beyond the 64 Ki-element scratch.
func emitIntegers<Source: BinaryInteger, Target: FixedWidthInteger>(
    _ values: some Collection<Source>, as _: Target.Type, order: ByteOrder,
    _ emit: (UnsafeRawBufferPointer) throws -> Void
) rethrows {
    var scratch = [Target]()
    scratch.reserveCapacity(min(values.count, 1 << 16))
    for value in values {
        let target = Target(truncatingIfNeeded: value)
        scratch.append(order == .little ? target.littleEndian : target.bigEndian)
        if scratch.count == 1 << 16 {
            try scratch.withUnsafeBytes(emit)
            scratch.removeAll(keepingCapacity: true)
        }
    }
    if !scratch.isEmpty { try scratch.withUnsafeBytes(emit) }
}

/// Emits IEEE-754 binary64 `values` in `order`: the values' own memory when that is already the
/// order, else through a 64 Ki-element scratch.
///
/// - Complexity: O(values.count).
func emitDoubles(_ values: UnsafeBufferPointer<Double>, order: ByteOrder, _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    let native: ByteOrder = 1.littleEndian == 1 ? .little : .big
    if order == native {
        try emit(UnsafeRawBufferPointer(values))
    } else {
        try emitIntegers(values.lazy.map(\.bitPattern), as: UInt64.self, order: order, emit)
    }
}

/// Emits index `values` as `width` integers in `order`: the buffer's own memory when it already
/// has that width and order, else converted in chunks.
func emitIndices<Index: SparseIndex>(_ values: UnsafeBufferPointer<Index>, width: IndexWidth, order: ByteOrder,
                                     _ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    let native: ByteOrder = 1.littleEndian == 1 ? .little : .big
    if order == native, Index.width == width {
        try emit(UnsafeRawBufferPointer(values))
    } else if width == .int32 {
        try emitIntegers(values, as: Int32.self, order: order, emit)
    } else {
        try emitIntegers(values, as: Int64.self, order: order, emit)
    }
}
