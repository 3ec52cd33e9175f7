#if canImport(Glibc)
import Glibc
#endif

/// The default memory budget of large allocations (compiled matrices, dense scratch): three
/// quarters of the physical memory, or 8 GiB where it cannot be read.
package func defaultMemoryBudget() -> Int {
    let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0, pageSize > 0 else { return 8 << 30 }
    return pages / 4 * 3 * pageSize
}

/// Throws ``ConvMatrixError/Kind/overBudget`` when `elements` of `size` bytes exceed the default
/// budget (or overflow), before anything is allocated: `parameter = value: <what> must fit in
/// the budget of B bytes (¾ of physical memory)`. `value` defaults to the byte count.
package func checkMemory(elements: Int, size: Int, parameter: String = "memory", value: String? = nil, what: String) throws {
    let (bytes, overflow) = elements.multipliedReportingOverflow(by: size)
    let budget = defaultMemoryBudget()
    guard !overflow, bytes <= budget else {
        throw ConvMatrixError(.overBudget, parameter: parameter,
                              value: value ?? (overflow ? "more than \(Int.max) bytes" : "\(bytes) bytes"),
                              rule: "\(what) must fit in the budget of \(budget) bytes (¾ of physical memory)")
    }
}
