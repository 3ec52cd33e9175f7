import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A progress line with a percentage and an estimate of the time left, on standard error, for
/// work that reports its fraction done (streamed exports, blocked products):
///
///     writing W.npz  [#########...........]  45%  ETA 1 min 12 s
///
/// Shown only when standard error is a terminal; redrawn at most ten times a second from the
/// thread that reports; erased when the work ends.
final class ProgressBar: Sendable {
    private let label: String
    private let state = Mutex<(start: Date, drawn: Date?)>((Date(), nil))

    private init(label: String) { self.label = label }

    /// Runs `body` with a `report(fraction)` callback.
    static func run<T>(_ label: String, _ body: (_ report: @escaping @Sendable (Double) -> Void) throws -> T) rethrows -> T {
        guard isatty(2) == 1 else { return try body { _ in } }
        let bar = ProgressBar(label: label)
        defer { Diagnostics.write("\r\u{1B}[K") }
        return try body { bar.report($0) }
    }

    private func report(_ fraction: Double) {
        let now = Date()
        let line: String? = state.withLock { state in
            if let drawn = state.drawn, now.timeIntervalSince(drawn) < 0.1 { return nil }
            state.drawn = now
            let f = min(max(fraction, 0), 1), elapsed = now.timeIntervalSince(state.start)
            let filled = Int(f * 20)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
            let eta = f > 0.01 ? "ETA \(Self.duration(elapsed * (1 - f) / f))" : "ETA …"
            return "\r\(label)  [\(bar)]  \(Int(f * 100))%  \(eta)\u{1B}[K"
        }
        if let line { Diagnostics.write(line) }
    }

    /// `42 s`, `3 min 05 s`, `1 h 02 min`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(String(format: "%02d", s % 60)) s" }
        return "\(s / 3600) h \(String(format: "%02d", s % 3600 / 60)) min"
    }
}
