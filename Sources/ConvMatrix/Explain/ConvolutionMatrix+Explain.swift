/// Explanations in words and numbers: which input elements and kernel taps produce an output
/// element (a row of `W`), and which outputs an input element feeds (a column of `W`, the
/// transposed convolution's view).
extension ConvolutionMatrix {
    /// `y[c=…] = Σ W[r, j]·x[…]`, one line per entry, naming the weight elements of each.
    public func explain(row: Int) throws -> String {
        let entries = try self.entries(inRow: row)
        var lines = ["row \(row) of W is output \(geometry.rowLabel(row)); it reads \(entries.count) input element\(entries.count == 1 ? "" : "s"):"]
        lines.append("  \(geometry.rowLabel(row)) = " + (entries.isEmpty ? "0 (every tap falls into zero padding)"
            : entries.map { "\(compactNumber($0.value))·\(geometry.columnLabel($0.column))" }.joined(separator: " + ")))
        for e in entries {
            lines.append("  W[\(e.row), \(e.column)] = \(compactNumber(e.value))  × \(geometry.columnLabel(e.column))  from \(tapList(e.taps))")
        }
        return lines.joined(separator: "\n")
    }

    /// Which outputs input element `column` feeds: the transposed convolution sends `y` back
    /// along exactly these entries (`(Wᵀ·y)[j] = Σ_r W[r, j]·y[r]`).
    public func explain(column: Int) throws -> String {
        let entries = try self.entries(inColumn: column)
        var lines = ["column \(column) of W is input \(geometry.columnLabel(column)); it feeds \(entries.count) output element\(entries.count == 1 ? "" : "s") (row \(column) of Wᵀ):"]
        lines.append("  (Wᵀ·y)[\(column)] = " + (entries.isEmpty ? "0 (no output reads this input)"
            : entries.map { "\(compactNumber($0.value))·\(geometry.rowLabel($0.row))" }.joined(separator: " + ")))
        for e in entries {
            lines.append("  W[\(e.row), \(e.column)] = \(compactNumber(e.value))  → \(geometry.rowLabel(e.row))  from \(tapList(e.taps))")
        }
        return lines.joined(separator: "\n")
    }

    /// The row of output element `coordinates` (`[n, c, spatial…]` or `[c, spatial…]`, logical
    /// order); the batch index, if given, must be in range but does not change the row.
    public func row(ofOutput coordinates: [Int], batch: Int = 1) throws -> Int {
        try Self.flatIndex(coordinates, shape: geometry.outputShape, layout: geometry.outputLayout, batch: batch,
                           parameter: "output")
    }

    /// The column of input element `coordinates` (`[n, c, spatial…]` or `[c, spatial…]`).
    public func column(ofInput coordinates: [Int], batch: Int = 1) throws -> Int {
        try Self.flatIndex(coordinates, shape: geometry.inputShape, layout: geometry.inputLayout, batch: batch,
                           parameter: "input")
    }

    /// `w[co, ci, k…]` names of taps.
    private func tapList(_ taps: [Int]) -> String {
        let shape = geometry.weightShape
        return taps.map { t in
            let c = ConvolutionGeometry.coordinates(of: t, shape: shape, layout: .channelsFirst)
            return "w[" + c.map(String.init).joined(separator: ", ") + "] = \(compactNumber(weights[t]))"
        }.joined(separator: " + ")
    }

    private static func flatIndex(_ coordinates: [Int], shape: [Int], layout: TensorLayout, batch: Int,
                                  parameter: String) throws -> Int {
        var c = coordinates
        if c.count == shape.count + 1 {
            guard c[0] >= 0, c[0] < batch else {
                throw ConvMatrixError.invalid("\(parameter)[0]", c[0], "the sample index must be in 0..<\(batch)")
            }
            c.removeFirst()
        }
        guard c.count == shape.count else {
            throw ConvMatrixError.invalid(parameter, listDescription(coordinates),
                                          "needs \(shape.count) coordinates (channel, spatial…), optionally after the sample index")
        }
        let strides = layout.strides(extents: shape)
        var index = 0
        for a in 0..<shape.count {
            guard c[a] >= 0, c[a] < shape[a] else {
                throw ConvMatrixError.invalid(parameter, listDescription(coordinates),
                                              "coordinate \(a) must be in 0..<\(shape[a]) for shape \(listDescription(shape))")
            }
            index += c[a] * strides[a]
        }
        return index
    }
}
