/// A linear map from one sample's input tensor to its output tensor, held as an explicit
/// sparse matrix: the unit that ``LinearPipeline`` composes.
///
/// Shapes are memory shapes without the batch axis (what the tensor holds, in memory order);
/// `matrix` is `Π outputShape × Π inputShape`. Any stage — a convolution, a transposed
/// convolution, a permutation of axes, a reshape, zero injection, a crop, a pad — is one of these,
/// and a chain of them is again one.
public struct LinearMap: Sendable, CustomStringConvertible {
    public let name: String
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let matrix: CSRMatrix<Int64>

    /// Wraps a matrix, checking that its dimensions are the shapes' element counts.
    public init(name: String, inputShape: [Int], outputShape: [Int], matrix: CSRMatrix<Int64>) throws {
        let outputCount = try shapeElementCount(outputShape, parameter: "\(name): output shape")
        let inputCount = try shapeElementCount(inputShape, parameter: "\(name): input shape")
        guard matrix.rowCount == outputCount else {
            throw ConvMatrixError.mismatch("\(name): output shape", listDescription(outputShape),
                                           "holds \(outputCount) elements but the matrix has \(matrix.rowCount) rows")
        }
        guard matrix.columnCount == inputCount else {
            throw ConvMatrixError.mismatch("\(name): input shape", listDescription(inputShape),
                                           "holds \(inputCount) elements but the matrix has \(matrix.columnCount) columns")
        }
        self.name = name
        self.inputShape = inputShape
        self.outputShape = outputShape
        self.matrix = matrix
    }

    /// `Y = M·X` for `batch` samples.
    ///
    /// - Complexity: O(nnz · batch).
    public func apply(_ x: [Double], batch: Int, engine: SparseEngine = .cholmod) throws -> [Double] {
        try checkBatch(batch)
        try checkLength("x.count", x.count, "batch·columns", batch, matrix.columnCount)
        return try matrix.apply(x, columns: batch, engine: engine)
    }

    /// `X = Mᵀ·Y` for `batch` samples: the gradient of ``apply(_:batch:engine:)`` with respect to
    /// its input, with the same matrix.
    ///
    /// - Complexity: O(nnz · batch).
    public func applyTransposed(_ y: [Double], batch: Int, engine: SparseEngine = .cholmod) throws -> [Double] {
        try checkBatch(batch)
        try checkLength("y.count", y.count, "batch·rows", batch, matrix.rowCount)
        return try matrix.applyTransposed(y, columns: batch, engine: engine)
    }

    public var description: String {
        "\(name): \(listDescription(inputShape)) → \(listDescription(outputShape)), nnz \(matrix.nonzeroCount)"
    }
}
