/// Code generic over the index width, run on a pattern's arrays at the width they are stored
/// in (Swift has no generic closures, so the generic body is a protocol requirement).
///
/// ``ConvolutionPattern/open(_:)`` is the one place that turns the run-time ``IndexWidth``
/// into the type `Index`.
public protocol PatternArraysVisitor {
    associatedtype Result
    associatedtype Failure: Error = Never
    func visit<Index: SparseIndex>(_ arrays: PatternArrays<Index>) throws(Failure) -> Result
}

/// Code generic over the index width, run on `W` as ``CSRMatrix`` at its stored width by
/// ``ConvolutionMatrix/withCSR(_:)``.
public protocol CSRVisitor {
    associatedtype Result
    associatedtype Failure: Error = Never
    func visit<Index: SparseIndex>(_ matrix: CSRMatrix<Index>) throws(Failure) -> Result
}

extension ConvolutionPattern {
    /// Runs `visitor` on the arrays at their stored index width.
    ///
    /// - Complexity: O(1) plus the visitor's work.
    public func open<V: PatternArraysVisitor>(_ visitor: V) throws(V.Failure) -> V.Result {
        switch storage {
        case .int32(let arrays): return try visitor.visit(arrays)
        case .int64(let arrays): return try visitor.visit(arrays)
        }
    }
}

extension ConvolutionMatrix {
    /// Runs `visitor` on `W` at its stored index width; the structure arrays are the pattern's
    /// (shared, not copied).
    ///
    /// - Complexity: O(1) plus the visitor's work.
    public func withCSR<V: CSRVisitor>(_ visitor: V) throws(V.Failure) -> V.Result {
        try pattern.open(MatrixOpener(visitor: visitor, values: values))
    }
}

/// Hands a pattern's arrays with `values` to a ``CSRVisitor``.
private struct MatrixOpener<V: CSRVisitor>: PatternArraysVisitor {
    let visitor: V
    let values: [Double]

    func visit<Index: SparseIndex>(_ p: PatternArrays<Index>) throws(V.Failure) -> V.Result {
        try visitor.visit(CSRMatrix(unchecked: p.rowCount, columnCount: p.columnCount, rowPointers: p.rowPointers,
                                    columnIndices: p.columnIndices, values: values, verified: true))
    }
}
