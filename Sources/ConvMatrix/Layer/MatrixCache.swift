import Synchronization

/// The compiled matrices of one layer, keyed by geometry (one per input shape), shared by the
/// copies of the layer value. Holds the last ``capacity`` geometries used, and one numbering
/// of each: `W` in the caller's layouts (export, inspection) and in the products' channels-
/// innermost layouts (``ConvolutionProduct``) differ only in layouts, and compiling one drops
/// the other, so a layer never holds two copies of its largest object.
///
/// A hit whose weights differ from the caller's is taken out of the cache and refilled
/// (O(nnz), reusing the structure): in place when nobody else still holds that matrix, so a
/// training loop's refills allocate nothing. Compilation and refills run outside the lock: two
/// threads asking for the same new shape at once may both compile it, and either result is kept.
final class MatrixCache: Sendable {
    static let capacity = 4
    private let entries = Mutex<[(geometry: ConvolutionGeometry, matrix: ConvolutionMatrix)]>([])

    /// How many matrices are held.
    var count: Int { entries.withLock { $0.count } }

    /// `W` of `geometry` with `weights`.
    ///
    /// - Complexity: O(rows + nnz) on a miss, O(nnz) on a hit with other weights, O(weights) else
    ///   (the weight comparison).
    func matrix(for geometry: ConvolutionGeometry, weights: [Double]) throws -> ConvolutionMatrix {
        // A stale entry leaves the list, so that the refill below can reuse its values.
        let cached: ConvolutionMatrix? = entries.withLock { list in
            guard let i = list.firstIndex(where: { $0.geometry == geometry }) else { return nil }
            return list[i].matrix.weights == weights ? list[i].matrix : list.remove(at: i).matrix
        }
        var matrix: ConvolutionMatrix
        if let cached {
            if cached.weights == weights { return cached }
            matrix = consume cached
            try matrix.refill(weights: weights)
        } else {
            matrix = try ConvolutionMatrix(geometry, weights: weights)
        }
        entries.withLock { list in
            list.removeAll { $0.geometry.differsAtMostInLayouts(from: geometry) }
            list.insert((geometry, matrix), at: 0)
            if list.count > Self.capacity { list.removeLast() }
        }
        return matrix
    }
}

extension ConvolutionGeometry {
    /// The same convolution, perhaps with other input and output layouts (another numbering of
    /// the same `W`).
    func differsAtMostInLayouts(from other: ConvolutionGeometry) -> Bool {
        inChannels == other.inChannels && outChannels == other.outChannels && groups == other.groups
            && axes == other.axes && paddingMode == other.paddingMode
    }
}
