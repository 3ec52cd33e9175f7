/// Explanations in the layer's own coordinates: which inputs and kernel taps make one of its
/// output elements, or which outputs one of its input elements feeds.
///
/// A `Conv` computes `y = W·x`: its outputs are rows of `W`, its inputs columns. A
/// `ConvTranspose` computes `x = Wᵀ·y`: its outputs are columns of `W` (the layer sums down a
/// column) and its inputs rows (the layer spreads a row). Labels name elements as `W` does:
/// `y[…]` for `W`'s rows, `x[…]` for its columns.
extension ConvolutionLayer {
    /// Which input elements and kernel taps produce output element `coordinates` of the layer
    /// (`(n, c, i…)` logical order, the sample index optional), with the bias added.
    ///
    /// - Throws: `.invalidParameter` naming `output` when a coordinate is out of range.
    /// - Complexity: O(entries of that row or column of `W`), after `W` is compiled.
    public func explain(output coordinates: [Int], inputShape: [Int]? = nil) throws -> String {
        try explain(coordinates, isOutput: true, inputShape: inputShape)
    }

    /// Which output elements input element `coordinates` of the layer feeds, through which taps.
    ///
    /// - Throws: `.invalidParameter` naming `input` when a coordinate is out of range.
    public func explain(input coordinates: [Int], inputShape: [Int]? = nil) throws -> String {
        try explain(coordinates, isOutput: false, inputShape: inputShape)
    }

    /// The row (`isRow`) or column of `W` that element `coordinates` of the layer's output
    /// (`isOutput`) or input is, for the input `inputShape`.
    public func matrixLine(of coordinates: [Int], isOutput: Bool, inputShape: [Int]? = nil) throws -> (isRow: Bool, index: Int) {
        let shape = try resolvedInputShape(inputShape)
        let w = try matrix(inputShape: shape)
        let isRow = isOutput != isTransposed
        let parameter = isOutput ? "output" : "input"
        do {
            let index = isRow ? try w.row(ofOutput: coordinates, batch: shape[0]) : try w.column(ofInput: coordinates, batch: shape[0])
            return (isRow, index)
        } catch let error as ConvMatrixError {
            let side = isOutput ? try outputShape(inputShape: shape) : shape
            throw ConvMatrixError(error.kind, parameter: parameter, value: listDescription(coordinates),
                                  rule: "\(error.rule) (the layer's \(parameter) is \(listDescription(side)) in \(isOutput ? outputLayout : inputLayout) memory order)")
        }
    }

    /// Row `row` of `W` from the layer's side: the output it computes (a `Conv`, bias added) or
    /// the input it spreads (a `ConvTranspose`).
    public func explain(row: Int, inputShape: [Int]? = nil) throws -> String {
        let w = try matrix(inputShape: inputShape)
        guard !isTransposed else { return try spreading(row: row, of: w) }
        return try w.explain(row: row) + biasLine(channel: w.geometry.outputCoordinates(row: row)[0])
            + landingSection(try w.tapLandings(row: row), row: row, of: w)
    }

    /// Column `column` of `W` from the layer's side: the input it feeds (a `Conv`) or the output
    /// the layer sums down it (a `ConvTranspose`, bias added).
    public func explain(column: Int, inputShape: [Int]? = nil) throws -> String {
        let w = try matrix(inputShape: inputShape)
        return isTransposed ? try summing(column: column, of: w) : try w.explain(column: column)
    }

    private func explain(_ coordinates: [Int], isOutput: Bool, inputShape: [Int]?) throws -> String {
        let shape = try resolvedInputShape(inputShape)
        let g = try matrix(inputShape: shape).geometry
        let (isRow, index) = try matrixLine(of: coordinates, isOutput: isOutput, inputShape: shape)
        let label = isRow ? g.rowLabel(index) : g.columnLabel(index)
        let heading = "\(isOutput ? "output" : "input") element \(label) of the layer is \(isRow ? "row" : "column") \(index) of W"
            + (isTransposed ? (isOutput ? ": the layer sums down that column (x = Wᵀ·y)." : ".")
                            : (isOutput ? "." : ": it is read by the entries of that column."))
        return heading + "\n" + (isRow ? try explain(row: index, inputShape: shape) : try explain(column: index, inputShape: shape))
    }

    /// `\n  + b[c] = …`, or nothing without a bias.
    func biasLine(channel: Int) -> String {
        guard let bias else { return "" }
        return "\n  + b[\(channel)] = \(compactNumber(bias[channel]))  (the layer's bias; not part of W)"
    }

    /// Row `row` of `W` seen from a `ConvTranspose`, whose input it is: where `x = Wᵀ·y` sends `y[row]`.
    private func spreading(row: Int, of w: ConvolutionMatrix) throws -> String {
        let g = w.geometry, entries = try w.entries(inRow: row), source = g.rowLabel(row)
        var lines = ["x = Wᵀ·y spreads \(source) to \(entries.count) output element\(entries.count == 1 ? "" : "s") (the entries of row \(row) of W):"]
        for e in entries {
            lines.append("  output \(g.columnLabel(e.column)) += \(compactNumber(e.value))·\(source)   (W[\(e.row), \(e.column)], from \(tapNames(e.taps, g)))")
        }
        return lines.joined(separator: "\n") + landingSection(try w.tapLandings(row: row), row: row, of: w)
    }
}
