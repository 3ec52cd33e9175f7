/// Moves a batch of samples from one memory order of their logical axes (`0 = channel,
/// 1…D = spatial`) to another: `destination[n, π_to(c, p)] = source[n, π_from(c, p)]`.
///
/// The orders that matter in practice, channels first and channels last with the spatial axes
/// in the same order, are a transpose of a `C × S` matrix per sample (`S` = the spatial
/// positions), done in square tiles so that both sides are read and written a cache line at a
/// time; any other pair walks the destination in order with the source's strides.
///
/// - Complexity: O(batch · C · S) time, no allocation beyond O(rank).
struct SampleRelayout {
    /// Logical extents `[C, d₁, …, d_D]` of one sample.
    let extents: [Int]
    let from: TensorLayout
    let to: TensorLayout

    /// Elements of one sample.
    var sampleCount: Int { extents.reduce(1, *) }

    /// Whether the two orders are the same memory order (a copy).
    var isIdentity: Bool {
        let rank = extents.count - 1
        let a = from.order(spatialRank: rank).filter { extents[$0] > 1 }, b = to.order(spatialRank: rank).filter { extents[$0] > 1 }
        return a == b
    }

    /// `destination ← source` relaid out, for `batch` samples stored one after another, the
    /// samples shared among up to `threads` threads.
    ///
    /// - Precondition: both buffers hold `batch · sampleCount` elements and do not overlap.
    func apply<T>(_ source: UnsafePointer<T>, into destination: UnsafeMutablePointer<T>, batch: Int,
                  threads: Int = 1) {
        let count = sampleCount
        if isIdentity {
            destination.update(from: source, count: batch * count)
            return
        }
        let rank = extents.count - 1
        let spatial = count / max(extents[0], 1)
        let firstOrder = TensorLayout.channelsFirst.order(spatialRank: rank)
        let lastOrder = TensorLayout.channelsLast.order(spatialRank: rank)
        let fromOrder = from.order(spatialRank: rank), toOrder = to.order(spatialRank: rank)
        parallelForEach(items: batch, threads: threads) { _, n in
            let s = source + n * count, d = destination + n * count
            if fromOrder == firstOrder, toOrder == lastOrder {
                transposeTiles(s, rows: extents[0], columns: spatial, into: d)
            } else if fromOrder == lastOrder, toOrder == firstOrder {
                transposeTiles(s, rows: spatial, columns: extents[0], into: d)
            } else {
                walk(s, into: d, toOrder: toOrder)
            }
        }
    }

    /// `d[j·rows + i] = s[i·columns + j]`: a row-major `rows × columns` matrix transposed.
    private func transposeTiles<T>(_ s: UnsafePointer<T>, rows: Int, columns: Int, into d: UnsafeMutablePointer<T>) {
        let tile = 16
        for i0 in stride(from: 0, to: rows, by: tile) {
            let i1 = min(i0 + tile, rows)
            for j0 in stride(from: 0, to: columns, by: tile) {
                let j1 = min(j0 + tile, columns)
                for i in i0..<i1 {
                    for j in j0..<j1 { d[j * rows + i] = s[i * columns + j] }
                }
            }
        }
    }

    /// Any pair of orders: the destination in memory order, the source by its strides.
    private func walk<T>(_ s: UnsafePointer<T>, into d: UnsafeMutablePointer<T>, toOrder: [Int]) {
        let sourceStrides = from.strides(extents: extents)
        let shape = toOrder.map { extents[$0] }, strides = toOrder.map { sourceStrides[$0] }
        var index = [Int](repeating: 0, count: shape.count)
        for k in 0..<sampleCount {
            var offset = 0
            for a in 0..<shape.count { offset += index[a] * strides[a] }
            d[k] = s[offset]
            advanceRowMajor(&index, in: shape)
        }
    }
}
