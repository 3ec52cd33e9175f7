/// The layer's true inverse: least squares and Tikhonov, through ``LeastSquaresSolver``.
extension ConvolutionLayer {
    /// A solver for the linear part `M` of the layer on inputs of `inputShape` (batch ignored):
    /// `M = W` for a `Conv` (`y = W·x + b`), `M = Wᵀ` for a `ConvTranspose` (`x = Wᵀ·y + b`).
    /// Rows of `M` are the layer's output elements and columns its input elements, in memory order.
    ///
    /// - Throws: the errors of ``matrix(inputShape:)`` and of ``LeastSquaresSolver``'s initialiser.
    /// - Complexity: compiling `W` (first use of a shape), `Wᵀ` for a `ConvTranspose`
    ///   (O(rows + columns + nnz)), then the solver's analysis.
    public func leastSquaresSolver(inputShape: [Int]? = nil, method: LeastSquaresMethod = .cholmod) throws -> LeastSquaresSolver {
        let w = try matrix(inputShape: inputShape).csr64
        return try LeastSquaresSolver(isTransposed ? try w.transposed() : w, method: method)
    }

    /// The input that best explains the observed output `y`:
    ///
    ///     x = argmin ‖M·x + b − y‖₂² + λ‖x‖₂²,
    ///
    /// per sample, `M` as in ``leastSquaresSolver(inputShape:method:)``, `b` the bias. With
    /// `λ = 0` it is the minimum-norm least-squares solution `M⁺·(y − b)`: the exact inverse when
    /// `M` is invertible, unlike the transposed convolution ``adjoint(_:inputShape:engine:threads:)``,
    /// which computes `Mᵀ·y`. Inputs the layer never reads come back as 0.
    ///
    /// `y.shape` is a layer output shape (batch first, the layer's output layout). The result has
    /// the layer's input shape: `inputShape` when given, else the shape the layer was built for if
    /// its output is `y`'s, else the one input shape whose output is `y`'s.
    ///
    /// - Throws: `.shapeMismatch` naming `y.layout` or `y.shape`; `.invalidParameter` naming
    ///   `lambda` (negative, or `λ = 0` with `M` rank-deficient on the inputs it reads); the
    ///   solver's `.overBudget` and `.engine` errors.
    /// - Complexity: as ``LeastSquaresSolver/solve(_:batch:lambda:)`` after building the solver.
    public func leastSquares(_ y: Tensor<Double>, inputShape: [Int]? = nil, lambda: Double = 0,
                             method: LeastSquaresMethod = .cholmod) throws -> Tensor<Double> {
        try checkLayout(y, expected: outputLayout, parameter: "y", side: "output")
        let shape: [Int]
        if let inputShape {
            shape = inputShape
        } else if let bound = self.inputShape,
                  (try? outputShape(inputShape: [y.batch] + bound.dropFirst()))?.dropFirst().elementsEqual(y.sampleShape) == true {
            shape = bound
        } else {
            shape = try self.inputShape(producingOutput: y.shape)
        }
        let batched = [y.batch] + shape.dropFirst()
        let convolution = try self.convolution(inputShape: batched)
        guard convolution.outputMemoryShape == y.sampleShape else {
            throw ConvMatrixError.mismatch("y.shape", listDescription(y.shape),
                                           "the layer on input \(listDescription(batched)) gives \(listDescription([y.batch] + convolution.outputMemoryShape))")
        }
        let solver = try leastSquaresSolver(inputShape: batched, method: method)
        let solution = try solver.solve(try withoutBias(y), batch: y.batch, lambda: lambda)
        return Tensor(unchecked: batched, layout: inputLayout, scalars: solution.x)
    }

    /// `y − b` in memory order (a copy of `y.scalars` when the layer has no bias).
    ///
    /// - Complexity: O(y.count).
    public func withoutBias(_ y: Tensor<Double>) throws -> [Double] {
        try checkLayout(y, expected: outputLayout, parameter: "y", side: "output")
        guard let bias else { return y.scalars }
        var values = y.scalars
        for n in 0..<y.batch {
            for c in 0..<outChannels {
                forEachPosition(of: y, channel: c, sample: n) { values[$0] -= bias[c] }
            }
        }
        return values
    }

    /// Calls `body` with the memory offset of every element of `channel` in sample `sample`.
    private func forEachPosition(of y: Tensor<Double>, channel: Int, sample: Int, _ body: (Int) -> Void) {
        let logical = y.logicalShape
        let spatial = Array(logical.dropFirst(2))
        let count = spatial.reduce(1, *)
        var index = [Int](repeating: 0, count: spatial.count)
        for _ in 0..<count {
            body(y.offset([sample, channel] + index))
            advanceRowMajor(&index, in: spatial)
        }
    }
}
