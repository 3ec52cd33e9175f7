import Testing
@testable import ConvMatrix

/// How the dense path cuts a call into work items (`WorkSplit`), derived by hand: whole
/// samples when one thread runs them, at least 4 items per thread when several share them
/// (halving the slab until there are), groups batched while they fit the budget.
@Suite struct WorkSplitTests {
    /// 56 rows of output, one group, a budget everything fits in.
    static func rows(batch: Int, threads: Int) -> WorkSplit {
        WorkSplit(groups: 1, extent: 56, quantum: 1, batch: batch, threads: threads, budget: .max) { _, _ in 1 }
    }

    @Test func oneThreadKeepsWholeSamples() {
        let split = Self.rows(batch: 8, threads: 1)
        #expect(split.piece == 56 && split.pieces == 1 && split.itemCount(batch: 8) == 8)
    }

    /// Batch 8, 2 threads: 8 whole samples are already 4 items per thread.
    @Test func twoThreadsGetFourItemsEach() {
        let split = Self.rows(batch: 8, threads: 2)
        #expect(split.piece == 56 && split.pieces == 1 && split.itemCount(batch: 8) == 8)
        // Batch 3: 3 items < 8, so the slab halves: 28 rows (6 items), then 14 (12 items).
        let three = Self.rows(batch: 3, threads: 2)
        #expect(three.piece == 14 && three.pieces == 4 && three.itemCount(batch: 3) == 12)
    }

    /// Batch 1, 2 threads: 56 → 28 → 14 → 7 rows (1, 2, 4, 8 items), the first count ≥ 8;
    /// evened out, ⌈56 / 8⌉ = 7 rows in each of 8 pieces.
    @Test func aSingleSampleIsCutIntoSlabs() {
        let split = Self.rows(batch: 1, threads: 2)
        #expect(split.piece == 7 && split.pieces == 8 && split.itemCount(batch: 1) == 8)
        // Every row in exactly one item.
        let covered = (0..<split.itemCount(batch: 1)).flatMap { Array(split.item($0, groups: 1, extent: 56).piece) }
        #expect(covered == Array(0..<56))
    }

    /// 64 depthwise groups that all fit, batch 2: one block per sample with 1 thread (2 items);
    /// with 2 threads the block halves to 32 groups (4 items), then 16 (8 items): 4 blocks per
    /// sample, the slab whole.
    @Test func groupsSplitBeforeSlabs() {
        let one = WorkSplit(groups: 64, extent: 56, quantum: 1, batch: 2, threads: 1, budget: .max) { _, _ in 1 }
        #expect(one.groupBlock == 64 && one.piece == 56 && one.itemCount(batch: 2) == 2)
        let two = WorkSplit(groups: 64, extent: 56, quantum: 1, batch: 2, threads: 2, budget: .max) { _, _ in 1 }
        #expect(two.groupBlock == 16 && two.groupBlocks == 4 && two.piece == 56 && two.itemCount(batch: 2) == 8)
    }

    /// Any thread count, however large, splits down to single rows without overflowing.
    @Test func aHugeThreadCountStopsAtSingleRows() {
        let split = Self.rows(batch: 8, threads: .max)
        #expect(split.piece == 1 && split.pieces == 56 && split.itemCount(batch: 8) == 448)
    }
}
