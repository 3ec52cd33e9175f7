/// The structure of a convolution matrix without its values: CSR row pointers and column
/// indices. The ``TapMap`` (which weight elements feed each stored entry) is built the first
/// time something asks for it with ``tapMap()``, not by the compile: products never read it.
public struct PatternArrays<Index: SparseIndex>: Sendable {
    public let rowCount: Int
    public let columnCount: Int
    public let rowPointers: [Index]
    public let columnIndices: [Index]
    /// Every entry has exactly one tap (always so for zeros padding): the tap map has no tap
    /// pointers.
    public let isSingleTap: Bool
    let tapMapCache: TapMapCache<Index>

    init(rowCount: Int, columnCount: Int, rowPointers: [Index], columnIndices: [Index], isSingleTap: Bool,
         tapMapCache: TapMapCache<Index>) {
        (self.rowCount, self.columnCount) = (rowCount, columnCount)
        (self.rowPointers, self.columnIndices) = (rowPointers, columnIndices)
        self.isSingleTap = isSingleTap
        self.tapMapCache = tapMapCache
    }

    /// Number of stored entries.
    public var nonzeroCount: Int { columnIndices.count }

    /// The tap map, built on the first call (one more parallel pass of the compiler, writing
    /// only taps) and kept for later calls and for every matrix sharing this structure.
    ///
    /// - Throws: `.overBudget` naming `memory` when `W` and the map together exceed the
    ///   compile's memory budget.
    /// - Complexity: O(rows + nnz + incidences) the first time, O(1) after.
    public func tapMap() throws -> TapMap<Index> {
        // Concrete index types: generic code reached from another module is not specialised,
        // and the fill is then several times slower.
        if let p = self as? PatternArrays<Int32> { return try p.tapMapCache.tapMap(rowPointers: p.rowPointers) as! TapMap<Index> }
        if let p = self as? PatternArrays<Int64> { return try p.tapMapCache.tapMap(rowPointers: p.rowPointers) as! TapMap<Index> }
        return try tapMapCache.tapMap(rowPointers: rowPointers)
    }

    /// Whether the tap map has been built (and takes memory).
    public var hasTapMap: Bool { tapMapCache.ifBuilt != nil }

    /// Values `v[e] = Σ_{t ∈ taps(e)} weights[t]`: gathered through the tap map when it is
    /// built, otherwise recomputed by the compiler's fill without building it.
    ///
    /// - Complexity: O(nnz) (O(incidences) with multi-tap entries).
    func values(_ weights: UnsafeBufferPointer<Double>) throws -> [Double] {
        // Small pages: a refill runs late in a process, when fresh huge pages are slow to back
        // (see uninitializedLargeArray).
        var values = try uninitializedLargeArray(Double.self, count: nonzeroCount, hugePages: false)
        values.withUnsafeMutableBufferPointer { fillValues(weights, into: $0) }
        return values
    }

    /// ``values(_:)`` written into `out` (`nonzeroCount` elements).
    ///
    /// - Complexity: O(nnz) (O(incidences) with multi-tap entries).
    func fillValues(_ weights: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(out.count == nonzeroCount, "fillValues: one value per stored entry")
        if let map = tapMapCache.ifBuilt {
            map.gatherValues(weights, into: out)
        } else {
            tapMapCache.compiler.fillValues(rowPointers: rowPointers, weights: weights, into: out)
        }
    }
}
