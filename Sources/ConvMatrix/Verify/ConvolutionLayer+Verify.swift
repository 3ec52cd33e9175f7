/// Verifying a user's own kernel: its output of this layer against ConvMatrix's float64 reference.
extension ConvolutionLayer {
    /// Checks `output`, the user's result of this layer on `input` computed in `precision`,
    /// element by element against the float64 reference, and says where and by how much it is off.
    ///
    /// The reference is `layer(input)` through `W` (`.cholmod`), cross-checked against the dense
    /// direct convolution in `Double`. Element `i` passes when `got` is finite and
    /// `|got − ref| ≤ boundᵢ`, with `boundᵢ` from `tolerance` (default
    /// ``VerificationTolerance/accumulation(_:)`` of `precision`: `γ_{nᵢ+1}·(Σ|w·x| + |b|) + u·|ref|`
    /// plus the reference's own error; Higham, *Accuracy and Stability of Numerical Algorithms*,
    /// 2nd ed., §3.1). `Σ|w·x| + |b|` is the layer with `|w|`, `|b|` applied to `|x|`, and `nᵢ`
    /// (the taps meeting a stored input) the layer with unit weights applied to ones.
    ///
    /// - Parameters:
    ///   - output: the user's output, the layer's output shape and layout (any precision, widened).
    ///   - input: the input the user's kernel read, exactly (widened from its precision).
    ///   - worst: how many of the largest errors (in units of their bound) to list and trace.
    /// - Throws: `.shapeMismatch` naming `output.shape` or `output.layout`; `.invalidParameter`
    ///   naming `worst`, `input` (not finite) or `tolerance.rtol`/`atol`; `.engine` when the sparse
    ///   and dense references disagree, which is a bug of ConvMatrix.
    /// - Returns: the report; when the output fails, its `diagnosis` names the catalogue mistakes
    ///   (``KernelMistake``) whose outputs match it (``diagnose(output:input:precision:tolerance:)``).
    /// - Complexity: four passes of the layer through `W` (reference, terms, counts), one dense
    ///   pass, O(elements · log worst), and O(nnz) per traced element of a `ConvTranspose`.
    public func verify(output: Tensor<Double>, input: Tensor<Double>, precision: VerifiedPrecision,
                       tolerance: VerificationTolerance? = nil, worst: Int = 5) throws -> VerificationReport {
        let tolerance = tolerance ?? .accumulation(precision)
        try checkVerification(worst: worst, tolerance: tolerance, finite: input.scalars, name: "input")
        let expectedShape = try outputShape(inputShape: input.shape)
        guard output.shape == expectedShape else {
            throw ConvMatrixError.mismatch("output.shape", listDescription(output.shape),
                                           "must be the layer's output shape \(listDescription(expectedShape)) for input \(listDescription(input.shape))")
        }
        try checkLayout(output, expected: outputLayout, parameter: "output", side: "output")
        let magnitudes = try magnitudeLayer()
        let terms = try magnitudes(input.absolute()).scalars
        let counts = try tapCounts(inputShape: input.shape, batch: input.batch)
        let reference = try self(input, engine: .cholmod).scalars
        let space = VerifiedSpace.tensor("y", shape: output.logicalShape, layout: output.layout, groups: groups)
        try crossCheck(reference, try self(input, engine: .dense).scalars, terms: terms, counts: counts, space: space)
        var report = try VerificationReport.build(got: output.scalars, reference: reference, terms: terms, counts: counts,
                                                  space: space, tolerance: tolerance, precision: precision, worst: worst,
                                                  crossChecked: true) { try receptiveField(of: $0, input: input) }
        if !report.passed {
            var named = Set<String>()
            report.diagnosis = try diagnosis(output: output, input: input, tolerance: tolerance, magnitudes: magnitudes,
                                             terms: terms, counts: counts)
                .map(\.mistake.rawValue).filter { named.insert($0).inserted }
        }
        return report
    }

    /// The layer with `|w|` and `|b|`: applied to `|x|` it gives every output's `Σ|w·x| + |b|`.
    func magnitudeLayer() throws -> ConvolutionLayer {
        var magnitudes = self
        try magnitudes.setWeights(weights.map(abs))
        try magnitudes.setBias(bias?.map(abs))
        return magnitudes
    }

    /// The channel groups of the layer.
    var groups: Int {
        switch definition {
        case .parameters(let p): return p.groups
        case .onnx(_, let a, _): return a.group
        case .fixed(let c): return c.geometry.groups
        }
    }

    /// `nᵢ` for every output element: the layer with unit weights, no bias, on ones, tiled over the batch.
    func tapCounts(inputShape: [Int], batch: Int) throws -> [Double] {
        var ones = self
        try ones.setWeights([Double](repeating: 1, count: weights.count))
        try ones.setBias(nil)
        let sample = try Tensor<Double>(repeating: 1, shape: [1] + inputShape.dropFirst(), layout: inputLayout)
        let perSample = try ones(sample).scalars
        return Array([[Double]](repeating: perSample, count: batch).joined())
    }

    /// Throws `.engine` when the sparse and dense references differ beyond the float64 bound.
    func crossCheck(_ sparse: [Double], _ dense: [Double], terms: [Double], counts: [Double], space s: VerifiedSpace) throws {
        let tight = VerificationTolerance.accumulation(.float64)
        for i in sparse.indices {
            let bound = tight.bound(terms: terms[i], count: counts[i], reference: sparse[i])
            guard abs(sparse[i] - dense[i]) <= bound else {
                throw ConvMatrixError(.engine, parameter: "reference", value: s.label(s.index(of: i)),
                                      rule: "CONVMATRIX BUG, not yours: its sparse (\(sparse[i])) and dense (\(dense[i])) float64 references differ by more than the float64 bound \(bound); please report this layer and input")
            }
        }
    }

    /// Checks the arguments shared by the verifications.
    func checkVerification(worst: Int, tolerance: VerificationTolerance, finite values: [Double], name: String) throws {
        guard worst >= 0 else { throw ConvMatrixError.invalid("worst", worst, "must be ≥ 0") }
        try tolerance.validate()
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ConvMatrixError.invalid(name, values[bad], "element at memory offset \(bad) is not finite; the reference needs a finite \(name)")
        }
    }

    /// The stored products making output element `index` (`[n, c, i…]`): a row of `W` for a
    /// `Conv`, a column for a `ConvTranspose`.
    ///
    /// - Complexity: O(entries of the row), O(nnz) for a column.
    func receptiveField(of index: [Int], input: Tensor<Double>) throws -> [VerificationReport.ReceptiveFieldTerm] {
        let (isRow, line) = try matrixLine(of: index, isOutput: true, inputShape: input.shape)
        let w = try matrix(inputShape: input.shape), g = w.geometry
        let entries = isRow ? try w.entries(inRow: line) : try w.entries(inColumn: line)
        let inputSpace = VerifiedSpace.tensor("x", shape: input.logicalShape, layout: input.layout, groups: groups)
        return entries.map { e in
            let at = [index[0]] + (isRow ? g.inputCoordinates(column: e.column) : g.outputCoordinates(row: e.row))
            let taps = e.taps.map { ConvolutionGeometry.coordinates(of: $0, shape: weightShape, layout: .channelsFirst) }
            return .init(input: at, inputLabel: inputSpace.label(at), inputValue: input.scalars[input.offset(at)],
                         taps: taps, weight: e.value)
        }
    }
}

extension Tensor where Scalar == Double {
    /// `|t|` element-wise.
    func absolute() -> Tensor<Double> { Tensor(unchecked: shape, layout: layout, scalars: scalars.map(abs)) }
}
