/// Calling a layer: in its own direction (`layer(x)`), or its adjoint.
extension ConvolutionLayer {
    /// The layer applied to `x`: `y = W·x + b` for a `Conv`, `x = Wᵀ·y + b` for a `ConvTranspose`.
    ///
    /// `x.shape` is `(N, C_in, spatial…)` in the layer's input layout; the result is
    /// `(N, C_out, spatial…)` in its output layout. The sparse engines compute in `Double` (a
    /// `Float` tensor is widened and the result rounded once); `.dense` in `Scalar`.
    ///
    /// - Parameters:
    ///   - threads: workers for the batch columns (sparse) or the direct convolution (dense).
    /// - Throws: `.shapeMismatch` naming `x.layout` or the input shape; `.overBudget` before
    ///   compiling a `W` or allocating an output that would not fit.
    /// - Complexity: O(nnz · N) through `W` (plus O(rows + nnz) to compile it on first use for this
    ///   input shape); O(N · C_out · ΠO · C_in/groups · Πk) dense.
    public func callAsFunction<Scalar: DenseScalar>(_ x: Tensor<Scalar>, engine: Engine = .cholmod,
                                                    threads: Int = 1) throws -> Tensor<Scalar> {
        try forward(x, engine: engine, threads: threads)
    }

    /// The same as calling the layer: ``callAsFunction(_:engine:threads:)``.
    public func forward<Scalar: DenseScalar>(_ x: Tensor<Scalar>, engine: Engine = .cholmod,
                                             threads: Int = 1) throws -> Tensor<Scalar> {
        try checkLayout(x, expected: inputLayout, parameter: "x", side: "input")
        let convolution = try self.convolution(inputShape: x.shape)
        return try run(convolution, on: x, direction: direction, bias: bias, engine: engine, threads: threads)
    }

    /// The adjoint (transposed map) of the layer applied to `y`, without bias: `Wᵀ·y` for a
    /// `Conv`, `W·y` for a `ConvTranspose` — the input gradient of the layer, and for a `Conv`
    /// the `ConvTranspose` with the same parameters.
    ///
    /// `y.shape` is a layer output shape. The result has the layer's input shape: `inputShape` when
    /// given (batch first); else the shape the layer was built for, if its output is `y`'s; else
    /// the one input shape whose output is `y`'s (see ``inputShape(producingOutput:)``).
    ///
    /// - Throws: `.shapeMismatch` naming `inputShape` when several input shapes give `y`'s shape
    ///   (a strided `Conv`) and none is named.
    /// - Complexity: as ``callAsFunction(_:engine:threads:)``.
    public func adjoint<Scalar: DenseScalar>(_ y: Tensor<Scalar>, inputShape: [Int]? = nil, engine: Engine = .cholmod,
                                             threads: Int = 1) throws -> Tensor<Scalar> {
        try checkLayout(y, expected: outputLayout, parameter: "y", side: "output")
        let shape: [Int]
        if let inputShape {
            shape = inputShape
        } else if let bound = self.inputShape,
                  (try? convolution(inputShape: [y.batch] + bound.dropFirst()))?.outputMemoryShape == y.sampleShape {
            shape = bound
        } else {
            shape = try self.inputShape(producingOutput: y.shape)
        }
        let convolution = try self.convolution(inputShape: [y.batch] + shape.dropFirst())
        guard convolution.outputMemoryShape == y.sampleShape else {
            throw ConvMatrixError.mismatch("y.shape", listDescription(y.shape),
                                           "the layer on input \(listDescription([y.batch] + shape.dropFirst())) gives \(listDescription([y.batch] + convolution.outputMemoryShape))")
        }
        let reversed: Convolution.Direction = direction == .forward ? .transposed : .forward
        return try run(convolution, on: y, direction: reversed, bias: nil, engine: engine, threads: threads)
    }

    /// `W·t` or `Wᵀ·t` (+ bias) of `convolution` through `engine`.
    private func run<Scalar: DenseScalar>(_ convolution: Convolution, on t: Tensor<Scalar>, direction: Convolution.Direction,
                                          bias: [Double]?, engine: Engine, threads: Int) throws -> Tensor<Scalar> {
        let g = convolution.geometry, forward = direction == .forward
        let shape = [t.batch] + (forward ? g.outputMemoryShape : g.inputMemoryShape)
        let layout = forward ? g.outputLayout : g.inputLayout
        let scalars: [Scalar]
        switch engine {
        case .dense:
            let w = weights.map { Scalar($0) }, b = bias?.map { Scalar($0) }
            scalars = forward
                ? try DenseConvolution.apply(g, input: t.scalars, weights: w, bias: b, batch: t.batch,
                                             threads: max(1, threads))
                : try DenseConvolution.applyTransposed(g, input: t.scalars, weights: w, bias: b, batch: t.batch,
                                                       threads: max(1, threads))
        case .cholmod, .cxsparse:
            let sparse: SparseEngine = engine == .cholmod ? .cholmod : .cxsparse
            let w = try product(for: convolution)
            let input = Scalar.self == Double.self ? t.scalars as! [Double] : t.scalars.map { Double($0) }
            let out = forward
                ? try w.apply(input, batch: t.batch, bias: bias, engine: sparse, threads: threads)
                : try w.applyTransposed(input, batch: t.batch, bias: bias, engine: sparse, threads: threads)
            scalars = Scalar.self == Double.self ? out as! [Scalar] : out.map { Scalar($0) }
        }
        return Tensor(unchecked: shape, layout: layout, scalars: scalars)
    }

    /// Throws `.shapeMismatch` naming `parameter.layout` unless `t` is in the layer's `side`
    /// (`input` or `output`) layout `expected`.
    func checkLayout<Scalar>(_ t: Tensor<Scalar>, expected: TensorLayout, parameter: String, side: String) throws {
        guard t.layout.order(spatialRank: t.spatialRank) == expected.order(spatialRank: t.spatialRank) else {
            throw ConvMatrixError.mismatch("\(parameter).layout", t.layout, "the layer's \(side) layout is \(expected)")
        }
    }
}
