#if canImport(Glibc)
import Glibc
#endif

/// The default memory budget of large allocations (compiled matrices, dense scratch): three
/// quarters of the physical memory, or 8 GiB where it cannot be read.
func defaultMemoryBudget() -> Int {
    let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0, pageSize > 0 else { return 8 << 30 }
    return pages / 4 * 3 * pageSize
}
