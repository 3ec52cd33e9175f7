/// One expanded column list, as ``RowWriter`` reads it: `count` entries, entry `e` at
/// `columns[e]` with taps `taps[tapPointers[e] ..< tapPointers[e+1]]` (`tapPointers[0] = 0`).
///
/// A view: the pointers belong to the ``ColumnExpansion`` or ``ExpandedPositions`` that made it
/// and stay valid until that object expands again.
struct ExpandedRow {
    let count: Int
    let columns: UnsafePointer<Int>
    let tapPointers: UnsafePointer<Int>
    let taps: UnsafePointer<Int>
    /// `taps[0]` when every entry has exactly one tap and they run `taps[0], taps[0] + 1, …`
    /// (an interior position of a dense kernel), else `nil`: rows then copy their values from
    /// the kernel instead of gathering them.
    let consecutiveTapsStart: Int?
}

/// The expansions of a block of consecutive output positions, kept so that each output
/// channel's rows of the whole block can be written one after another.
///
/// With the output channels outermost (channels-first rows), the rows of one position lie
/// `positions` rows apart, one per channel: writing them position by position keeps
/// `C_out` write streams open, each advancing one short row at a time. With the block, each
/// channel's rows of the block are written as one run: conv2d_c3to64_224_k7s2 (147-entry rows,
/// 64 channels) refilled its values in 120–126 ms position by position.
final class ExpandedPositions {
    /// Positions the block holds at most.
    let capacity: Int
    private let entryCapacity: Int
    private let incidenceCapacity: Int
    private let columns: UnsafeMutablePointer<Int>
    private let tapPointers: UnsafeMutablePointer<Int>
    private let taps: UnsafeMutablePointer<Int>
    private var counts: [Int]
    private var firstTaps: [Int?]
    /// Row offset (channel excluded) of each held position.
    private(set) var offsets: [Int]

    /// A block for up to `capacity` positions of at most `entries` entries and `incidences`
    /// taps each.
    init(capacity: Int, entries: Int, incidences: Int) {
        self.capacity = max(capacity, 1)
        entryCapacity = max(entries, 1)
        incidenceCapacity = max(incidences, 1)
        columns = .allocate(capacity: self.capacity * entryCapacity)
        tapPointers = .allocate(capacity: self.capacity * (entryCapacity + 1))
        taps = .allocate(capacity: self.capacity * incidenceCapacity)
        counts = []
        firstTaps = []
        offsets = []
        counts.reserveCapacity(self.capacity)
        firstTaps.reserveCapacity(self.capacity)
        offsets.reserveCapacity(self.capacity)
    }

    deinit {
        columns.deallocate()
        tapPointers.deallocate()
        taps.deallocate()
    }

    var count: Int { offsets.count }

    /// Forgets every held position.
    func removeAll() {
        counts.removeAll(keepingCapacity: true)
        firstTaps.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
    }

    /// Keeps a copy of `row`, the expansion of the position at row offset `offset`.
    ///
    /// - Precondition: `count < capacity`; `row` within the block's entry and tap capacity.
    /// - Complexity: O(entries + incidences) of the row.
    func append(_ row: ExpandedRow, offset: Int) {
        let i = count, n = row.count, incidences = row.tapPointers[n]
        precondition(i < capacity && n <= entryCapacity && incidences <= incidenceCapacity, "expanded block overflow")
        (columns + i * entryCapacity).update(from: row.columns, count: n)
        (tapPointers + i * (entryCapacity + 1)).update(from: row.tapPointers, count: n + 1)
        (taps + i * incidenceCapacity).update(from: row.taps, count: incidences)
        counts.append(n)
        firstTaps.append(row.consecutiveTapsStart)
        offsets.append(offset)
    }

    /// The held expansion `i`.
    func row(_ i: Int) -> ExpandedRow {
        ExpandedRow(count: counts[i], columns: columns + i * entryCapacity,
                    tapPointers: tapPointers + i * (entryCapacity + 1), taps: taps + i * incidenceCapacity,
                    consecutiveTapsStart: firstTaps[i])
    }
}
