// The self-describing Matrix Market comments of W, from the geometry alone (no compiled matrix needed).
import ConvMatrix

extension ConvolutionGeometry {
    /// The comment lines of ``ConvolutionMatrix/headerComments(layer:direction:notes:)``, for a
    /// `W` that is never held whole (a streamed export).
    ///
    /// - Complexity: O(D).
    public func matrixHeaderComments(layer: String? = nil, direction: Convolution.Direction = .forward,
                                     notes: [String] = []) -> [String] {
        let g = self, rowCount = outputCount, columnCount = inputCount
        func shapes(_ logical: [Int], _ layout: TensorLayout) -> String {
            let memory = layout.memoryShape(logical: logical)
            return "logical shape [C, spatial...] = \(list(logical)), \(layout), memory shape \(list(memory))"
        }
        var lines = ["W: the matrix of one convolution on one sample, y = W*x (written by ConvMatrix)"]
        if let layer { lines.append("layer: \(layer)") }
        lines.append(direction == .transposed
            ? "the layer is the transposed convolution x = W^T*y: W is the matrix of the convolution it transposes"
            : "the layer computes y = W*x (+ its bias at every position of each output channel)")
        lines.append("convolution: \(g)")
        lines.append("rows: \(rowCount) = the elements of y, \(shapes(g.outputShape, g.outputLayout))")
        lines.append("columns: \(columnCount) = the elements of x, \(shapes(g.inputShape, g.inputLayout))")
        lines.append("entry (i, j) of this file is W[i-1, j-1]: row i-1 is y at that flat index of its memory shape, column j-1 likewise x")
        lines.append("weights: PyTorch layout (C_out, C_in/groups, k...) = \(list(g.weightShape)); a bias is not part of W")
        return lines + notes
    }
}

private func list(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }
