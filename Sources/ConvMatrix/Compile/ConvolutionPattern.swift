/// The compiled structure of a convolution's matrix `W` — rows are output elements in the
/// output layout's memory order, columns are input elements in the input layout's memory
/// order. Its tap map (which weight elements feed each entry) is built on first use
/// (``PatternArrays/tapMap()``).
///
/// Compile once, then ``matrix(weights:)`` fills values for as many weight tensors as you
/// like without recomputing the structure.
public struct ConvolutionPattern: Sendable {
    /// The structure at the index width chosen at compile time.
    public enum Storage: Sendable {
        case int32(PatternArrays<Int32>)
        case int64(PatternArrays<Int64>)
    }

    public let geometry: ConvolutionGeometry
    public let storage: Storage

    /// Compiles the structure of `W` for `geometry`: count entries per row, prefix-sum, fill.
    ///
    /// Throws ``ConvMatrixError/Kind/overBudget`` when the exact size estimate exceeds
    /// `options.memoryBudget`, before allocating.
    ///
    /// - Complexity: O(rows + nnz) time (parallel over output positions), O(rows + nnz) memory.
    public init(_ geometry: ConvolutionGeometry, options: CompileOptions = CompileOptions()) throws {
        self = try PatternCompiler(geometry, options: options).compile(weights: nil).pattern
    }

    init(geometry: ConvolutionGeometry, storage: Storage) {
        self.geometry = geometry
        self.storage = storage
    }

    public var rowCount: Int { geometry.outputCount }
    public var columnCount: Int { geometry.inputCount }
    public var nonzeroCount: Int { open(Count()) }
    public var indexWidth: IndexWidth { open(Width()) }

    /// `W` with values filled from `weights` (PyTorch layout, `geometry.weightCount` elements):
    /// gathered through the tap map once it is built, else by the compiler's fill.
    ///
    /// - Complexity: O(nnz); the structure arrays are shared, not copied.
    public func matrix(weights: [Double]) throws -> ConvolutionMatrix {
        try ConvolutionMatrix(pattern: self, weights: weights)
    }
}

private struct Count: PatternArraysVisitor {
    func visit<Index: SparseIndex>(_ arrays: PatternArrays<Index>) -> Int { arrays.nonzeroCount }
}

private struct Width: PatternArraysVisitor {
    func visit<Index: SparseIndex>(_: PatternArrays<Index>) -> IndexWidth { Index.width }
}
