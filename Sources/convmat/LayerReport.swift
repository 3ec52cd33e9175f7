import ConvMatrix
import Foundation

/// The text `show` and `explain` print about a layer: what it is, its shapes and weights, and
/// how the layer uses `W`.
enum LayerReport {
    /// ```
    /// layer   nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)
    /// input   (1, 1, 2, 2)  channels_first
    /// output  (1, 1, 3, 3)  channels_first
    /// weight  (1, 1, 2, 2)  --fill arange (1, 2, …, 4)
    ///         w[0, 0] = [[1, 2], [3, 4]]
    /// bias    none (bias=False)
    /// ```
    static func header(_ layer: ResolvedLayer) -> String {
        let layout = "  \(layer.layout)"
        var lines = [
            "layer   \(layer.title)",
            "input   \(IntegerList.shapeText(layer.inputShape))\(layout)",
            "output  \(IntegerList.shapeText(layer.outputShape))\(layout)",
            "weight  \(IntegerList.shapeText(layer.convolution.weightShape))  \(layer.weightNote)",
        ]
        lines += kernelLines(layer.weights, shape: layer.convolution.weightShape).map { "        " + $0 }
        lines.append("bias    \(layer.biasNote)" + (layer.bias.map { b in
            b.allSatisfy { $0 == 0 } || b.count > 16 ? "" : " = [" + b.map(compactNumber).joined(separator: ", ") + "]"
        } ?? ""))
        return lines.joined(separator: "\n")
    }

    /// How the layer uses `W`, and which way round the grid below is.
    static func direction(_ layer: ResolvedLayer, transposedView: Bool) -> String {
        let g = layer.geometry
        var lines: [String]
        if layer.isTransposed {
            lines = [
                "A transposed convolution applies the matrix W of the convolution it transposes as x = Wᵀ·y\(layer.bias == nil ? "" : " + b"):",
                wrapped("  W = ", "\(g)"),
                "Rows of W are the layer's input y (\(g.outputCount) elements), columns its output x (\(g.inputCount) elements), both in memory order.",
            ]
            lines.append(transposedView
                ? "Shown: Wᵀ, one row per output element x of the layer (--transposed-view)."
                : "Shown: W itself; output x[j] of the layer sums column j of W times y (--transposed-view prints Wᵀ).")
        } else {
            lines = [
                "The layer computes y = W·x\(layer.bias == nil ? "" : " + b") with",
                wrapped("  W = ", "\(g)"),
                "Rows of W are the layer's output y (\(g.outputCount) elements), columns its input x (\(g.inputCount) elements), both in memory order.",
            ]
            lines.append(transposedView
                ? "Shown: Wᵀ, the adjoint x = Wᵀ·y: the input gradient, and the ConvTranspose with these weights (--transposed-view)."
                : "Shown: W; output y[r] of the layer is row r of W times x.")
        }
        return lines.joined(separator: "\n")
    }

    /// `prefix + text`, broken after a ", " outside brackets so that no line is wider than the
    /// terminal (`$COLUMNS`, else 120); continuation lines are indented as far as `prefix`.
    static func wrapped(_ prefix: String, _ text: String,
                        width: Int = TerminalWidth.current(environment: ProcessInfo.processInfo.environment)) -> String {
        // Items: the text cut after each ", " outside nested brackets (depth ≤ 1: inside
        // `Conv(…)` itself); the comma stays with its item.
        var items = [String](), current = "", depth = 0, previous: Character = " "
        for character in text {
            if previous == ",", character == " ", depth <= 1 {
                items.append(current); current = ""; previous = character; continue
            }
            if "([{".contains(character) { depth += 1 }
            if ")]}".contains(character) { depth -= 1 }
            current.append(character)
            previous = character
        }
        items.append(current)
        let indent = String(repeating: " ", count: prefix.count)
        var lines = [prefix + items[0]]
        for item in items.dropFirst() {
            if lines[lines.count - 1].count + 1 + item.count <= width {
                lines[lines.count - 1] += " " + item
            } else {
                lines.append(indent + item)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `w[o, i] = [[1, 2], [3, 4]]` per (first, second) weight index, when the weights are few.
    static func kernelLines(_ weights: [Double], shape: [Int], limit: Int = 64) -> [String] {
        guard weights.count <= limit else {
            return ["w = " + weights.prefix(6).map(compactNumber).joined(separator: ", ") + ", … (\(weights.count) values)"]
        }
        let kernel = Array(shape.dropFirst(2)), size = kernel.reduce(1, *)
        return (0..<(shape[0] * shape[1])).map { s in
            let slice = Array(weights[(s * size)..<((s + 1) * size)])
            return "w[\(s / shape[1]), \(s % shape[1])] = " + nested(slice, shape: kernel)
        }
    }

    /// `[[1, 2], [3, 4]]`: `values` in row-major order as nested lists of `shape`.
    static func nested(_ values: [Double], shape: [Int]) -> String {
        guard let first = shape.first else { return compactNumber(values[0]) }
        let inner = Array(shape.dropFirst()), size = inner.reduce(1, *)
        return "[" + (0..<first).map { i in
            inner.isEmpty ? compactNumber(values[i]) : nested(Array(values[(i * size)..<((i + 1) * size)]), shape: inner)
        }.joined(separator: ", ") + "]"
    }
}
