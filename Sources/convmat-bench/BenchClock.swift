#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// What a repetition's time is read from.
///
/// `wall` is elapsed time (what a user waits). `cpu` is the CPU time of the whole process, all
/// threads summed: on a shared machine a time-sliced run does not accumulate it while it waits,
/// so two builds of the kernels can be compared while other work runs. With 2 threads `cpu`
/// counts the work of both (it is not the elapsed time of a parallel run).
enum BenchClock: String {
    case wall
    case cpu

    /// Nanoseconds since an arbitrary origin fixed for the process.
    func now() -> UInt64 {
        switch self {
        case .wall:
            return DispatchTime.now().uptimeNanoseconds
        case .cpu:
            var t = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
            return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
        }
    }
}
