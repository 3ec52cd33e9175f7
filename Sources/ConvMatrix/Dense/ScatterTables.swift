/// Per-axis index tables for the cartesian scatter
/// `dst[c·dc + Σ_a dst_a[i_a]] (+)= src[c·sc + Σ_a src_a[i_a]]`, axis 0 outermost.
///
/// Every data movement of the dense path (padding, phase split, layout permutation,
/// cropping, and their adjoints) is separable over the axes, so one pair of tables per
/// axis describes it completely.
struct ScatterTables: Sendable {
    private(set) var counts: [Int] = []
    private(set) var starts: [Int] = []
    private(set) var source: [Int] = []
    private(set) var destination: [Int] = []

    /// Appends the next (inner) axis: entry `i` moves offset `pairs[i].source` to `pairs[i].destination`.
    mutating func appendAxis(_ pairs: [(source: Int, destination: Int)]) {
        starts.append(source.count)
        counts.append(pairs.count)
        source.append(contentsOf: pairs.map(\.source))
        destination.append(contentsOf: pairs.map(\.destination))
    }

    /// Bytes of the four tables.
    var byteCount: Int { (counts.count + starts.count + source.count + destination.count) * MemoryLayout<Int>.stride }

    /// Number of scatter entries per channel: `Π counts`.
    var entryCount: Int { counts.reduce(1, *) }

    func withUnsafeTables<R>(_ body: (UnsafeScatterTables) -> R) -> R {
        counts.withUnsafeBufferPointer { c in
            starts.withUnsafeBufferPointer { s in
                source.withUnsafeBufferPointer { src in
                    destination.withUnsafeBufferPointer { dst in
                        body(UnsafeScatterTables(rank: c.count, counts: c.baseAddress!, starts: s.baseAddress!,
                                                 source: src.baseAddress ?? s.baseAddress!,
                                                 destination: dst.baseAddress ?? s.baseAddress!))
                    }
                }
            }
        }
    }
}

/// The C view of ``ScatterTables``, valid inside `withUnsafeTables`.
struct UnsafeScatterTables {
    let rank: Int
    let counts: UnsafePointer<Int>
    let starts: UnsafePointer<Int>
    let source: UnsafePointer<Int>
    let destination: UnsafePointer<Int>
}
