internal import CConvKernels
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `items` independent work items on up to `threads` workers and gives each worker its
/// own scratch. Worker `w` takes items `w, w + workers, …` (items are near-equal in cost);
/// with one worker everything runs on the calling thread.
///
/// `body(scratch, item)` is called once per item; `scratch` holds `scratchCount` elements,
/// taken once per worker from the scratch pool (`cvk_scratch_take`) and zero-filled. Every
/// worker's scratch is taken before any work starts, so running out of memory is a typed error
/// (`.overBudget`) and nothing has been written.
func runWorkers<E: KernelElement>(items: Int, threads: Int, scratchCount: Int, _ element: E.Type,
                                  _ body: (_ scratch: UnsafeMutablePointer<E>, _ item: Int) -> Void) throws {
    let workers = max(1, min(threads, items))
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
    func work(_ worker: Int) {
        let scratch = scratches[worker]
        E.zero(scratch, count: elements)
        for item in stride(from: worker, to: items, by: workers) { body(scratch, item) }
    }
    if workers == 1 {
        work(0)
    } else {
        // The workers touch disjoint outputs and their own scratch; the closure only has to
        // outlive `concurrentPerform`, which returns when every worker has finished.
        withoutActuallyEscaping(work) { work in
            let shared = UncheckedSendable(work)
            DispatchQueue.concurrentPerform(iterations: workers) { shared.value($0) }
        }
    }
}
