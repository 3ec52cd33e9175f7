import ConvMatrix

/// `show --overlap`: how many kernel taps reach each output position of the layer, printed as
/// one grid per spatial plane — the checkerboard of strided transposed convolutions in numbers.
enum OverlapReport {
    /// The counts of the layer's output (`W`'s rows for a `Conv`, its columns for a
    /// `ConvTranspose`), planes with identical counts printed once, and a line explaining them.
    ///
    /// - Complexity: O(nnz + stored taps + output elements).
    /// Plane rows wider than `width` characters show their first numbers only, with a note.
    static func text(_ matrix: ConvolutionMatrix, resolved: ResolvedLayer, width: Int) throws -> String {
        let g = matrix.geometry, transposed = resolved.isTransposed
        let counts = try transposed ? matrix.tapsPerColumn : matrix.tapsPerRow
        let shape = transposed ? g.inputShape : g.outputShape  // the layer's output, logical (c, spatial…)
        let coordinates = (0..<counts.count).map { transposed ? g.inputCoordinates(column: $0) : g.outputCoordinates(row: $0) }
        var logical = [Int](repeating: 0, count: counts.count)
        let logicalStrides = TensorLayout.channelsFirst.strides(extents: shape)
        for (index, c) in coordinates.enumerated() {
            logical[zip(c, logicalStrides).map(*).reduce(0, +)] = counts[index]
        }
        // A plane is the last one or two axes; everything before them (channel, depth) names it.
        let planeRank = min(2, shape.count - 1)
        let planeShape = Array(shape.suffix(planeRank)), planeSize = planeShape.reduce(1, *)
        let leading = Array(shape.prefix(shape.count - planeRank))
        let planes = stride(from: 0, to: logical.count, by: planeSize).map { Array(logical[$0..<($0 + planeSize)]) }
        let digits = String(logical.max() ?? 0).count
        var lines = [transposed
            ? "Kernel taps reaching each output position x of the layer (Wᵀ·1 with every weight 1, summed over input channels):"
            : "Kernel taps reaching each output position y of the layer (W·1 with every weight 1, summed over input channels):"]
        let rowLength = planeShape.last ?? 1
        let shown = min(rowLength, max(1, (width - 1) / (digits + 1)))
        var p = 0
        while p < planes.count {
            var q = p + 1
            while q < planes.count, planes[q] == planes[p] { q += 1 }
            lines.append(planeName(p, q, leading: leading) + ":")
            for start in stride(from: 0, to: planeSize, by: rowLength) {
                lines.append("  " + planes[p][start..<(start + shown)].map { pad(String($0), digits) }.joined(separator: " "))
            }
            p = q
        }
        if shown < rowLength {
            lines.append("Each plane row shows its first \(shown) of \(rowLength) positions, as many as fit \(width) columns.")
        }
        lines.append(explanation(counts, geometry: g, transposed: transposed))
        return lines.joined(separator: "\n")
    }

    /// `channel 0`, `channels 0–2 (identical)`, `channel 1, depth 3`.
    private static func planeName(_ first: Int, _ end: Int, leading: [Int]) -> String {
        func name(_ index: Int) -> [Int] { TensorLayout.channelsFirst.strides(extents: leading).enumerated().map { (index / $1) % leading[$0] } }
        func words(_ c: [Int]) -> String { "channel \(c[0])" + (c.count > 1 ? ", depth \(c[1])" : "") }
        if end - first == 1 { return words(name(first)) }
        let (a, b) = (name(first), name(end - 1))
        if a.count == 1 { return "channels \(a[0]) to \(b[0]) (identical)" }
        return words(a) + " to " + words(b) + " (identical)"
    }

    /// One line on why the counts are even or not.
    private static func explanation(_ counts: [Int], geometry g: ConvolutionGeometry, transposed: Bool) -> String {
        let low = counts.min() ?? 0, high = counts.max() ?? 0
        guard low != high else { return "min = max = \(low): every output position gets the same number of taps." }
        if transposed {
            let uneven = g.axes.enumerated().filter { $0.element.stride > 1 && $0.element.kernelSize % $0.element.stride != 0 }
            if !uneven.isEmpty {
                let axes = uneven.map { "kernel \($0.element.kernelSize), stride \($0.element.stride) on axis \($0.offset)" }
                return "min \(low), max \(high), uneven inside: the kernel is not a multiple of the stride (\(axes.joined(separator: "; "))) — the checkerboard."
            }
            return "min \(low), max \(high): even inside (every kernel size is a multiple of its stride); only the borders get fewer taps."
        }
        let zeros = g.axes.contains { $0.inputDilation > 1 }
        return "min \(low), max \(high): fewer taps where the kernel reaches over the border into padding\(zeros ? " or lands on injected zeros (input dilation)" : "")."
    }

    private static func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
}
