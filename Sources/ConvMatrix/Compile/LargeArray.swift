#if canImport(Glibc)
import Glibc
#endif

/// An uninitialised array of `count` elements whose pages the kernel is asked to back with
/// transparent huge pages before they are first touched (`hugePages`): filling a 1 GB
/// structure then takes a few hundred page faults instead of a quarter of a million.
///
/// Pass `hugePages: false` for arrays built late in a process's life (the tap map): after a
/// run of products, a tap map on huge pages took 850–1400 ms against 180–320 ms on small ones
/// (conv2d_c64_56_k3 and conv1d_c128_L4096_k3, two runs each, on the KVM guest of the README's
/// tables). The kernel's compaction counters stayed at 0: the time goes to backing fresh 2 MB
/// pages, while small pages are taken from the ones the process just freed.
///
/// The caller must initialise every element before reading it.
///
/// - Throws: `.overBudget` when the byte count overflows or the system refuses the memory
///   (a probe allocation of that size fails), instead of trapping in the array's allocator.
/// - Complexity: O(1) besides the allocation.
func uninitializedLargeArray<T>(_: T.Type, count: Int, hugePages: Bool = true) throws -> [T] {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
    if overflow || bytes >= 4 << 20 {
        guard !overflow, let probe = malloc(bytes) else {
            throw ConvMatrixError(.overBudget, parameter: "memory", value: overflow ? "\(count) × \(MemoryLayout<T>.stride) B" : byteDescription(bytes),
                                  rule: "the system cannot allocate an array of \(count) \(T.self) elements")
        }
        free(probe)
    }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        if hugePages, let base = buffer.baseAddress, bytes >= 4 << 20 {
            adviseHugePages(UnsafeMutableRawPointer(base), byteCount: bytes)
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
