import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A spinner with the elapsed time on standard error, for work that takes more than a second:
///
///     ⠹ compiling W (8192 × 3072) … 2.4 s
///
/// Shown only when standard error is a terminal (`isatty(2)`), so pipes, files and tests never
/// see it; the line is erased when the work ends. The library reports no fractions of its
/// work, so this is an honest "still working", not a percentage.
final class Progress: @unchecked Sendable {
    private let label: String
    private let stop = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    private init(label: String) { self.label = label }

    /// Runs `body`, with the progress line after one second if standard error is a terminal.
    static func run<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        guard isatty(2) == 1 else { return try body() }
        let progress = Progress(label: label)
        progress.start()
        defer { progress.finish() }
        return try body()
    }

    private func start() {
        Thread.detachNewThread { [self] in
            defer { stopped.signal() }
            guard stop.wait(timeout: .now() + 1) == .timedOut else { return }
            let frames = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"), begin = Date()
            var frame = 0
            repeat {
                let seconds = Date().timeIntervalSince(begin) + 1
                Diagnostics.write("\r\(frames[frame % frames.count]) \(label) … \(String(format: "%.1f", seconds)) s\u{1B}[K")
                frame += 1
            } while stop.wait(timeout: .now() + 0.1) == .timedOut
            Diagnostics.write("\r\u{1B}[K")
        }
    }

    private func finish() {
        stop.signal()
        stopped.wait()
    }
}
