#if canImport(Glibc)
import Glibc
#endif

/// Knobs of the compiler.
public struct CompileOptions: Sendable, Hashable {
    /// Force an index width; `nil` picks `Int32` when nnz and both dimensions fit, else `Int64`.
    public var indexWidth: IndexWidth?
    /// Largest number of bytes the compiled structure and values may take; checked against an
    /// exact estimate before anything large is allocated.
    public var memoryBudget: Int
    /// Threads used to fill the structure (rows are independent).
    public var threads: Int

    public init(indexWidth: IndexWidth? = nil, memoryBudget: Int = CompileOptions.defaultMemoryBudget,
                threads: Int = CompileOptions.defaultThreadCount) {
        self.indexWidth = indexWidth
        self.memoryBudget = memoryBudget
        self.threads = max(1, threads)
    }

    /// Three quarters of the physical memory.
    public static var defaultMemoryBudget: Int { ConvMatrix.defaultMemoryBudget() }

    /// The number of online processors.
    public static var defaultThreadCount: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

/// Formats a byte count for messages: `1.84 GB`.
func byteDescription(_ bytes: Int) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"]
    var value = Double(bytes), unit = 0
    while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
    return unit == 0 ? "\(bytes) B" : "\((value * 100).rounded() / 100) \(units[unit])"
}
