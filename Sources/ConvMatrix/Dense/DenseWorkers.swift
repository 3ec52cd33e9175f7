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
/// taken once per worker from the scratch pool (`cvk_scratch_take`) and zero-filled.
func runWorkers<E: KernelElement>(items: Int, threads: Int, scratchCount: Int, _ element: E.Type,
                                  _ body: (_ scratch: UnsafeMutablePointer<E>, _ item: Int) -> Void) {
    let workers = max(1, min(threads, items))
    func work(_ worker: Int) {
        var capacity = 0
        guard let block = cvk_scratch_take(max(scratchCount, 1) * MemoryLayout<E>.stride, &capacity) else {
            fatalError("dense convolution: out of memory for \(scratchCount) scratch elements")
        }
        defer { cvk_scratch_give(block, capacity) }
        let scratch = block.bindMemory(to: E.self, capacity: max(scratchCount, 1))
        E.zero(scratch, count: max(scratchCount, 1))
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

/// Physical memory the dense path's scratch may take: three quarters of RAM.
var denseMemoryBudget: Int { defaultMemoryBudget() }

/// Throws ``ConvMatrixError/Kind/overBudget`` when `elements` of `size` bytes exceed the budget.
func checkScratch(elements: Int, size: Int, what: String) throws {
    let (bytes, overflow) = elements.multipliedReportingOverflow(by: size)
    let budget = denseMemoryBudget
    guard !overflow, bytes <= budget else {
        throw ConvMatrixError(.overBudget, parameter: "memory",
                              value: overflow ? "more than \(Int.max) bytes" : "\(bytes) bytes",
                              rule: "the dense path's \(what) must fit in the budget of \(budget) bytes (¾ of physical memory)")
    }
}
