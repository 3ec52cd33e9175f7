import Foundation
import Synchronization
import Testing
@testable import ConvMatrix

/// `parallelForEach`, the one door to threads: every item runs exactly once, participants
/// stay below the thread count and never run two items at once, and calls made while the
/// team is busy (nested, or from another thread) still run every item.
@Suite struct ParallelForTests {
    /// Per item: how often it ran and which participant ran it; per participant: whether it
    /// was inside an item when another item of the same participant started.
    final class Record: @unchecked Sendable {
        let runs: UnsafeMutableBufferPointer<Int>
        let participants: UnsafeMutableBufferPointer<Int>
        let busy = Mutex<[Int: Bool]>([:])
        let overlaps = Atomic<Int>(0)
        let counted = Atomic<Int>(0)

        init(items: Int) {
            runs = .allocate(capacity: items)
            runs.initialize(repeating: 0)
            participants = .allocate(capacity: items)
            participants.initialize(repeating: -1)
        }
        deinit {
            runs.deallocate()
            participants.deallocate()
        }

        func enter(_ participant: Int, _ item: Int) {
            busy.withLock { state in
                if state[participant] == true { overlaps.add(1, ordering: .relaxed) }
                state[participant] = true
            }
            runs[item] += 1
            participants[item] = participant
            counted.add(1, ordering: .relaxed)
        }

        func leave(_ participant: Int) { busy.withLock { $0[participant] = false } }
    }

    @Test(arguments: [(1, 1), (1, 2), (7, 2), (100, 2), (100, 8), (1000, 3)])
    func everyItemRunsOnceOnAParticipantBelowTheThreadCount(items: Int, threads: Int) {
        let record = Record(items: items)
        parallelForEach(items: items, threads: threads) { participant, item in
            record.enter(participant, item)
            // Some work, so that helpers get a chance to join.
            var s = 0.0
            for k in 0..<2_000 { s += Double(k ^ item).squareRoot() }
            if s < 0 { Issue.record("impossible") }
            record.leave(participant)
        }
        #expect(record.runs.allSatisfy { $0 == 1 }, "each of \(items) items runs exactly once")
        #expect(record.participants.allSatisfy { $0 >= 0 && $0 < max(1, min(threads, items)) })
        #expect(record.overlaps.load(ordering: .relaxed) == 0)
        #expect(record.counted.load(ordering: .relaxed) == items)
    }

    @Test func zeroItemsRunNothing() {
        let ran = Atomic<Int>(0)
        parallelForEach(items: 0, threads: 2) { _, _ in ran.add(1, ordering: .relaxed) }
        #expect(ran.load(ordering: .relaxed) == 0)
    }

    /// A call inside an item runs every item of its own: when the outer call holds the team
    /// it finds it busy and runs them on the calling thread, and when the outer call ran alone
    /// (another test's call held the team) it may take the team itself. Either way it is a
    /// call of at most 2 participants that ends (no deadlock) with every item run once.
    @Test func nestedCallsRunEveryItem() {
        let outer = 6, inner = 50
        let sums = Mutex<[Int]>(Array(repeating: 0, count: outer))
        parallelForEach(items: outer, threads: 2) { _, item in
            let local = Atomic<Int>(0)
            parallelForEach(items: inner, threads: 2) { participant, k in
                #expect(participant < 2)
                local.add(k, ordering: .relaxed)
            }
            let total = local.load(ordering: .relaxed)
            sums.withLock { $0[item] = total }
        }
        // 0 + 1 + … + 49 = 1225 for every outer item.
        #expect(sums.withLock { $0 } == Array(repeating: 1225, count: outer))
    }

    /// Calls from several threads at once: one owns the team, the others run alone; every
    /// call's items all run.
    @Test func concurrentCallersAllFinish() async {
        let totals = await withTaskGroup(of: Int.self, returning: [Int].self) { group in
            for caller in 0..<4 {
                group.addTask {
                    let sum = Atomic<Int>(0)
                    for _ in 0..<25 {
                        parallelForEach(items: 40, threads: 2) { _, item in sum.add(item + caller, ordering: .relaxed) }
                    }
                    return sum.load(ordering: .relaxed)
                }
            }
            var all = [Int]()
            for await total in group { all.append(total) }
            return all.sorted()
        }
        // 25 calls × (0 + … + 39 + 40·caller) = 25 × (780 + 40·caller).
        #expect(totals == (0..<4).map { 25 * (780 + 40 * $0) })
    }

    @Test func theCapacityIsTheCPUsThisProcessMayUse() {
        #expect(parallelCapacity >= 1)
        #expect(parallelCapacity <= max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// CHOLMOD's `W·X` with many threads: 30 threads on 30 rows take row blocks (8 per thread,
    /// capped at one per row), `Int.max` threads split the batch instead; both give the
    /// one-thread result to the bit (each row's sum is the same call).
    @Test func manyThreadsGiveTheOneThreadResult() throws {
        let w = SparseReference.matrix(rows: 30, columns: 40, density: 0.3, seed: 91)
        let x = SparseReference.vector(40 * 2, seed: 92)
        let one = try w.apply(x, columns: 2, engine: .cholmod, threads: 1)
        #expect(try w.apply(x, columns: 2, engine: .cholmod, threads: 30) == one)
        #expect(try w.apply(x, columns: 2, engine: .cholmod, threads: .max) == one)
    }
}
