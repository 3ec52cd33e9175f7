internal import CConvKernels

/// Calls `body(participant, item)` once for every `item` in `0 ..< items` on up to `threads`
/// threads: the calling thread is participant 0, helpers of the process-wide team
/// (`cvk_parallel_for`) are participants 1, 2, … (each below `threads`). Items are claimed one
/// at a time, so a helper that wakes late takes fewer items and the call never waits for it;
/// one participant never runs two items at once, so per-participant scratch needs no lock.
/// Returns when every item has run.
///
/// Idle helpers poll for the next call for about 2 ms before they sleep: back-to-back calls
/// (a layer in a loop, a benchmark) find them awake instead of paying a thread wake-up, which
/// on a virtual machine can take as long as a small layer's whole call. A call made while the
/// team is busy (from another thread, or from inside `body`) runs on the calling thread alone.
///
/// - Precondition: `body` may run on several threads at once; what it writes must be disjoint
///   per item or per participant.
/// - Complexity: `items` calls of `body`, plus O(threads) atomic operations per item claimed.
func parallelForEach(items: Int, threads: Int, _ body: (_ participant: Int, _ item: Int) -> Void) {
    guard items > 0 else { return }
    if threads <= 1 || items == 1 {
        for item in 0..<items { body(0, item) }
        return
    }
    withoutActuallyEscaping(body) { body in
        var call = body
        withUnsafeMutablePointer(to: &call) { pointer in
            cvk_parallel_for(items, Int32(clamping: threads), { context, participant, item in
                context!.assumingMemoryBound(to: ((Int, Int) -> Void).self).pointee(Int(participant), item)
            }, pointer)
        }
    }
}

/// The most threads ``parallelForEach(items:threads:_:)`` runs at once: the CPUs this process
/// may run on (its affinity mask), at least 1.
var parallelCapacity: Int { Int(cvk_team_capacity()) }
