import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process's peak resident memory over a stretch of work, from Linux's `/proc/self`:
/// writing `5` to `clear_refs` resets the high-water mark `VmHWM` to the current `VmRSS`, so
/// after the work `VmHWM − VmRSS(before)` is the most the work held at once (arrays it freed
/// included). Free memory the allocator still holds is first returned to the system
/// (`malloc_trim`), so arrays that reuse it are counted too. `nil` where `/proc` lacks these
/// (not Linux, or the reset is refused).
enum PeakResidentMemory {
    /// Bytes above the starting resident size at the peak of `work`, or `nil`.
    static func measure(_ work: () throws -> Void) rethrows -> Int? {
        returnFreeMemory()
        let reset = (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
        let before = field("VmRSS")
        try work()
        guard reset, let before, let peak = field("VmHWM") else { return nil }
        return max(0, peak - before)
    }

    /// glibc's `malloc_trim(0)` (declared in `malloc.h`, which the Glibc module leaves out, so
    /// looked up by name); nothing elsewhere.
    private static func returnFreeMemory() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
        #endif
    }

    /// A `kB` line of `/proc/self/status`, in bytes.
    private static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let number = line.dropFirst(name.count + 1).split(whereSeparator: \.isWhitespace).first
            return number.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}
