/// A chain of linear stages applied one after the other, and its composition into a single
/// sparse matrix `M = S_k ··· S₂·S₁` (CHOLMOD `ssmult` or CXSparse `cs_multiply`).
///
/// Adjacent stages must agree exactly: stage `i+1`'s input shape is stage `i`'s output shape
/// (a reshape is a stage of its own, so every reinterpretation is explicit).
public struct LinearPipeline: Sendable {
    public let stages: [LinearMap]

    public init(_ stages: [LinearMap]) throws {
        guard !stages.isEmpty else { throw ConvMatrixError.invalid("stages", 0, "a pipeline needs at least one stage") }
        for i in 1..<stages.count where stages[i].inputShape != stages[i - 1].outputShape {
            throw ConvMatrixError.mismatch("stage \(i + 1) (\(stages[i].name)) input shape", listDescription(stages[i].inputShape),
                                           "must equal the output shape \(listDescription(stages[i - 1].outputShape)) of stage \(i) (\(stages[i - 1].name))")
        }
        self.stages = stages
    }

    public var inputShape: [Int] { stages[0].inputShape }
    public var outputShape: [Int] { stages[stages.count - 1].outputShape }

    /// The stages multiplied into one map.
    ///
    /// - Complexity: the sum of the sparse products' flops.
    public func composed(engine: SparseEngine = .cholmod) throws -> LinearMap {
        var matrix = stages[0].matrix
        for stage in stages.dropFirst() { matrix = try stage.matrix.multiplied(by: matrix, engine: engine) }
        return try LinearMap(name: stages.map(\.name).joined(separator: " ∘ "), inputShape: inputShape,
                             outputShape: outputShape, matrix: matrix)
    }

    /// The stages applied one by one (the reference the composition must equal).
    public func apply(_ x: [Double], batch: Int, engine: SparseEngine = .cholmod) throws -> [Double] {
        try stages.reduce(x) { try $1.apply($0, batch: batch, engine: engine) }
    }

    /// The gradient with respect to the input: every stage's transpose, in reverse order.
    public func applyTransposed(_ y: [Double], batch: Int, engine: SparseEngine = .cholmod) throws -> [Double] {
        try stages.reversed().reduce(y) { try $1.applyTransposed($0, batch: batch, engine: engine) }
    }
}
