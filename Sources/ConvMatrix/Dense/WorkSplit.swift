/// How one sample's work is cut into items: blocks of whole groups, and pieces of one
/// group's extent (slabs of the first output axis, or chunks of channels).
///
/// Items should fit the L2 share `budget` (so P, C and the crop of an item run in cache),
/// amortise the per-item overhead (depthwise layers have one channel per group, so groups
/// are batched), and number at least `4 · threads` over the whole batch when several threads
/// share them: threads claim items one at a time, and a thread slowed for a while (a busy
/// host, a late start) then leaves at most a quarter of its share for the others to wait on.
/// (8 · threads measured slower on the transposed 2-D shape: its items are channel chunks that
/// each add into the output, 2.9–3.8 ms against 2.5–2.8 with 2 threads.)
struct WorkSplit {
    /// Groups per item, and the number of group blocks.
    let groupBlock: Int
    let groupBlocks: Int
    /// Extent (slab rows or channels) per item, and the number of pieces per group.
    let piece: Int
    let pieces: Int

    /// - Parameters:
    ///   - extent: the divisible extent of one group (first-axis outputs or channels).
    ///   - quantum: pieces are multiples of this (except the last).
    ///   - bytes: scratch bytes of an item of `groups` groups and `extent` (monotone in both).
    ///   - wholeGroups: keep every group in one block and cut the extent instead (to fit the
    ///     budget and to feed the threads) for as long as pieces of `quantum` allow: for
    ///     buffers that interleave the groups' channels, where a block of all of them copies
    ///     whole positions.
    /// - Complexity: O(log(groups) + log(extent)) evaluations of `bytes`.
    init(groups: Int, extent: Int, quantum: Int, batch: Int, threads: Int, budget: Int, wholeGroups: Bool = false,
         bytes: (_ groups: Int, _ extent: Int) -> Int) {
        // The largest v in 1...upper that `fits` (monotone), or 1 when none does: a bisection.
        func largest(upTo upper: Int, _ fits: (Int) -> Bool) -> Int {
            var low = 1, high = upper
            while low < high {
                let mid = (low + high + 1) / 2
                if fits(mid) { low = mid } else { high = mid - 1 }
            }
            return low
        }
        var groupBlock = 1, piece = extent
        if wholeGroups {
            groupBlock = groups
            piece = largest(upTo: extent) { bytes(groups, $0) <= budget }
        } else if bytes(1, extent) <= budget {
            groupBlock = largest(upTo: groups) { bytes($0, extent) <= budget }
        } else {
            piece = largest(upTo: extent) { bytes(1, $0) <= budget }
        }
        func round(_ p: Int) -> Int { min(extent, (p + quantum - 1) / quantum * quantum) }
        piece = round(piece)
        // Enough items for every thread to balance: split groups first, then the extent.
        func items() -> Int { batch * ((groups + groupBlock - 1) / groupBlock) * ((extent + piece - 1) / piece) }
        let wanted = threads > 1 ? 4 * min(threads, Int.max / 4) : 1
        while items() < wanted {
            if wholeGroups, piece > quantum {
                piece = round((piece + 1) / 2)
            } else if groupBlock > 1 {
                groupBlock = (groupBlock + 1) / 2
            } else if piece > quantum {
                piece = round((piece + 1) / 2)
            } else {
                break
            }
        }
        // Even out the blocks and pieces.
        let blocks = (groups + groupBlock - 1) / groupBlock
        groupBlock = (groups + blocks - 1) / blocks
        let count = (extent + piece - 1) / piece
        piece = round((extent + count - 1) / count)
        self.groupBlock = groupBlock
        self.groupBlocks = (groups + groupBlock - 1) / groupBlock
        self.piece = piece
        self.pieces = (extent + piece - 1) / piece
    }

    /// Work items over the batch: `batch · groupBlocks · pieces`.
    func itemCount(batch: Int) -> Int { batch * groupBlocks * pieces }

    /// Item `index` as (sample, first group, group count, piece range).
    func item(_ index: Int, groups: Int, extent: Int) -> (sample: Int, groups: Range<Int>, piece: Range<Int>) {
        let p = index % pieces, block = index / pieces % groupBlocks, sample = index / pieces / groupBlocks
        return (sample, block * groupBlock..<min(groups, (block + 1) * groupBlock),
                p * piece..<min(extent, (p + 1) * piece))
    }
}

/// The smallest stride ≥ `count` elements that is a whole, odd number of 64-byte cache lines.
///
/// The kernel reads the same window of many channels (or writes many rows) at once; with a
/// channel stride that is a multiple of 4 KiB those windows all fall into the same few L1
/// sets and evict each other. An odd number of lines walks through every set instead.
func cacheFriendlyStride(_ count: Int, elementSize: Int) -> Int {
    let perLine = max(1, 64 / elementSize)
    var lines = (count + perLine - 1) / perLine
    if lines % 2 == 0 { lines += 1 }
    return lines * perLine
}
