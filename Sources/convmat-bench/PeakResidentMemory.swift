import Foundation

/// The process's peak resident memory over a stretch of work, from Linux's `/proc/self`:
/// writing `5` to `clear_refs` resets the high-water mark `VmHWM` to the current `VmRSS`, so
/// after the work `VmHWM − VmRSS(before)` is the most the work held at once (arrays it freed
/// included). `nil` where `/proc` lacks these (not Linux, or the reset is refused).
enum PeakResidentMemory {
    /// Bytes above the starting resident size at the peak of `work`, or `nil`.
    static func measure(_ work: () throws -> Void) rethrows -> Int? {
        let reset = (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
        let before = field("VmRSS")
        try work()
        guard reset, let before, let peak = field("VmHWM") else { return nil }
        return max(0, peak - before)
    }

    /// A `kB` line of `/proc/self/status`, in bytes.
    private static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let number = line.dropFirst(name.count + 1).split(separator: " ").first
            return number.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}
