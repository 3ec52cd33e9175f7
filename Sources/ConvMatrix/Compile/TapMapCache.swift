import Synchronization

/// A pattern's ``TapMap``, built by its compiler the first time it is asked for and then kept,
/// shared by every copy of the pattern (and every ``ConvolutionMatrix`` refilled from it).
///
/// Building runs the compiler's parallel fill once more, writing only the taps: O(rows + nnz)
/// time, the bytes of `W` and the map together checked against the compile's memory budget
/// first. Concurrent first requests build it once; the others wait for it.
final class TapMapCache<Index: SparseIndex>: Sendable {
    let compiler: PatternCompiler
    private let built: Mutex<TapMap<Index>?>

    init(compiler: PatternCompiler) {
        self.compiler = compiler
        self.built = Mutex(nil)
    }

    /// The map if it has been built, without building it.
    var ifBuilt: TapMap<Index>? { built.withLock { $0 } }

    /// The map, built for `rowPointers` (the pattern's) on first use.
    ///
    /// - Throws: `.overBudget` naming `memory` when `W` and the map together exceed the budget,
    ///   or the map cannot be allocated.
    func tapMap(rowPointers: [Index]) throws -> TapMap<Index> {
        try built.withLock { map in
            if let map { return map }
            let fresh = try compiler.tapMap(rowPointers: rowPointers)
            map = fresh
            return fresh
        }
    }
}
