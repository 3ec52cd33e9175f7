#if canImport(Glibc)
import Glibc
#endif

/// An uninitialised array of `count` elements whose pages the kernel is asked to back with
/// transparent huge pages before they are first touched: filling a 1 GB structure then takes
/// a few hundred page faults instead of a quarter of a million.
///
/// The caller must initialise every element before reading it.
func uninitializedLargeArray<T>(_: T.Type, count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        if let base = buffer.baseAddress, count * MemoryLayout<T>.stride >= 4 << 20 {
            adviseHugePages(UnsafeMutableRawPointer(base), byteCount: count * MemoryLayout<T>.stride)
        }
        initialized = count
    }
}

/// `madvise(MADV_HUGEPAGE)` on the whole pages inside the range; a hint, failures are ignored.
private func adviseHugePages(_ start: UnsafeMutableRawPointer, byteCount: Int) {
    #if os(Linux)
    let page = 2 << 20
    let begin = (Int(bitPattern: start) + page - 1) / page * page
    let end = (Int(bitPattern: start) + byteCount) / page * page
    guard end > begin, let pointer = UnsafeMutableRawPointer(bitPattern: begin) else { return }
    _ = madvise(pointer, end - begin, MADV_HUGEPAGE)
    #endif
}
