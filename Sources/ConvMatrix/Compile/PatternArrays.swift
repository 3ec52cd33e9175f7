/// The structure of a convolution matrix without its values: CSR row pointers and column
/// indices, plus the *tap map* that says which weight elements feed each stored entry.
///
/// Entry `e` (in CSR order) holds `Σ weights[t]` over its taps: `taps[e]` when `tapPointers`
/// is `nil` (one tap per entry — always so for zeros padding), otherwise
/// `taps[tapPointers[e] ..< tapPointers[e+1]]` (reflect, replicate and circular padding can land
/// several taps on one input element). Tap indices are flat indices into the weight tensor in
/// PyTorch's layout `(C_out, C_in/groups, k₁, …, k_D)`.
public struct PatternArrays<Index: SparseIndex>: Sendable, Equatable {
    public let rowCount: Int
    public let columnCount: Int
    public let rowPointers: [Index]
    public let columnIndices: [Index]
    public let taps: [Index]
    public let tapPointers: [Index]?

    /// Number of stored entries.
    public var nonzeroCount: Int { columnIndices.count }

    /// Values `v[e] = Σ_{t ∈ taps(e)} weights[t]`, through the one tap walk.
    ///
    /// - Complexity: O(nnz) (O(incidences) with multi-tap entries).
    func gatherValues(_ weights: UnsafeBufferPointer<Double>) -> [Double] {
        let nnz = nonzeroCount
        return [Double](unsafeUninitializedCapacity: nnz) { out, initialized in
            out.initialize(repeating: 0)
            forEachTap(inEntries: 0..<nnz) { e, _, t in out[e] += weights[t] }
            initialized = nnz
        }
    }
}
