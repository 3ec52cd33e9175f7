internal import CConvKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `items` independent work items on up to `threads` threads (``parallelForEach(items:threads:_:)``:
/// items claimed one at a time, so a thread that starts late takes fewer) and gives each thread
/// its own scratch.
///
/// `body(scratch, item, previous)` is called once per item; `scratch` holds `scratchCount`
/// elements, taken once per participant from the scratch pool (`cvk_scratch_take`) and
/// zero-filled before its first item; `previous` is the item the same participant ran last
/// in this call (`nil` for its first), so a body can tell what its scratch still holds. Every participant's scratch is taken before any work starts, so running out
/// of memory is a typed error (`.overBudget`) and nothing has been written.
func runWorkers<E: KernelElement>(items: Int, threads: Int, scratchCount: Int, _ element: E.Type,
                                  _ body: (_ scratch: UnsafeMutablePointer<E>, _ item: Int, _ previous: Int?) -> Void) throws {
    // One thread never starts the team (parallelCapacity does, on first use).
    let workers = threads <= 1 ? 1 : max(1, min(threads, items, parallelCapacity))
    let elements = max(scratchCount, 1)
    var blocks = [(block: UnsafeMutableRawPointer, capacity: Int)]()
    defer { for taken in blocks { cvk_scratch_give(taken.block, taken.capacity) } }
    for _ in 0..<workers {
        var capacity = 0
        guard let block = cvk_scratch_take(elements * MemoryLayout<E>.stride, &capacity) else {
            throw ConvMatrixError(.overBudget, parameter: "memory", value: "\(elements * MemoryLayout<E>.stride) bytes of scratch",
                                  rule: "the dense path's scratch for worker \(blocks.count + 1) of \(workers) could not be allocated (out of memory)")
        }
        blocks.append((block, capacity))
    }
    let scratches = blocks.map { $0.block.bindMemory(to: E.self, capacity: elements) }
    // The last item of each participant (-1 before its first): written only by its own
    // participant, read by nobody else.
    var last = [Int](repeating: -1, count: workers)
    last.withUnsafeMutableBufferPointer { last in
        parallelForEach(items: items, threads: workers) { participant, item in
            let scratch = scratches[participant]
            let previous = last[participant]
            if previous < 0 { E.zero(scratch, count: elements) }
            body(scratch, item, previous < 0 ? nil : previous)
            last[participant] = item
        }
    }
}
