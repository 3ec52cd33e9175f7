import ArgumentParser
import ConvMatrix

/// `convmat explain` — one row or column of `W` in words and numbers: which inputs and kernel
/// taps make an output element, or which outputs an input element feeds.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one output or input element: which inputs and kernel taps produce it, or which outputs it feeds.",
        discussion: """
            Name the element one of four ways: --row R (row R of W, the convolution's output element \
            R in memory order), --col J (column J of W, its input element J: the transposed view), \
            --output n,c,i,j (an output element of the layer) or --input-element n,c,i,j (an input \
            element of the layer). Coordinates are (sample, channel, spatial…), the sample index \
            optional, in logical order whatever the layout. A ConvTranspose layer computes \
            x = Wᵀ·y: its outputs are the columns of W and its inputs the rows, so --output \
            explains a column and --input-element a row.

            Examples:
              convmat explain "nn.Conv2d(1, 1, 2)" --input 1x1x3x3 --output 0,0,1,1
              convmat explain "nn.Conv2d(1, 1, 2)" --input 1x1x3x3 --col 4
              convmat explain "nn.ConvTranspose2d(1, 1, 2, stride=2)" --input 1x1x2x2 --output 0,0,3,3
              convmat explain "nn.Conv1d(1, 1, 3, padding=1, padding_mode='reflect')" --input 1x1x4 --row 0
            """
    )

    @OptionGroup var layer: LayerOptions
    @OptionGroup var input: InputShapeOption

    @Option(help: "Row R of W (0-based).")
    var row: Int?

    @Option(name: .customLong("col"), help: "Column J of W (0-based).")
    var column: Int?

    @Option(help: ArgumentHelp("An output element of the layer: n,c,i,j (n optional).", valueName: "n,c,i,…"))
    var output: String?

    @Option(name: .customLong("input-element"), help: ArgumentHelp("An input element of the layer: n,c,i,j (n optional).", valueName: "n,c,i,…"))
    var inputElement: String?

    func validate() throws {
        if layer.isEmpty { throw ValidationError("give a layer, e.g. \"nn.Conv2d(1, 1, 2)\" --input 1x1x3x3, or --case FILE.json") }
        try input.validate(with: layer)
        let chosen = [row != nil, column != nil, output != nil, inputElement != nil].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("name exactly one element: --row R, --col J, --output n,c,i,j or --input-element n,c,i,j")
        }
    }

    func run() throws {
        let resolved = try layer.resolve(inputShape: input.shape())
        let matrix = try resolved.compile()
        let g = resolved.geometry, batch = resolved.batch ?? 1
        let applied = resolved.isTransposed ? "x = Wᵀ·y" : "y = W·x"
        print("layer   \(resolved.title)")
        print("        on input \(IntegerList.shapeText(resolved.inputShape)) \(resolved.layout): \(applied), W is \(matrix.rowCount) × \(matrix.columnCount)")
        print()

        // Which line of W, and whether it is a row (an output of the convolution).
        var explainsRow: Bool
        var index: Int
        if let row {
            (explainsRow, index) = (true, row)
        } else if let column {
            (explainsRow, index) = (false, column)
        } else {
            let layerOutput = output != nil
            let text = output ?? inputElement!
            let option = layerOutput ? "--output" : "--input-element"
            let coordinates = try IntegerList.parse(text, option: option, example: "0,0,1,1")
            // The layer's outputs are W's rows for a convolution, its columns for a ConvTranspose.
            explainsRow = layerOutput != resolved.isTransposed
            do {
                index = explainsRow ? try matrix.row(ofOutput: coordinates, batch: batch)
                                    : try matrix.column(ofInput: coordinates, batch: batch)
            } catch let error as ConvMatrixError {
                throw ConvMatrixError(error.kind, parameter: option, value: text,
                                      rule: "\(error.rule) (the layer's \(layerOutput ? "output" : "input") is \(IntegerList.shapeText(layerOutput ? resolved.outputShape : resolved.inputShape)) in \(resolved.layout) memory order)")
            }
            let label = explainsRow ? g.rowLabel(index) : g.columnLabel(index)
            let role = layerOutput ? "output" : "input"
            print("\(role) element \(label) of the layer is \(explainsRow ? "row" : "column") \(index) of W" + (resolved.isTransposed
                ? (layerOutput ? ": the layer sums down that column (x = Wᵀ·y)." : ".")
                : (layerOutput ? "." : ": it is read by the entries of that column.")))
        }
        if explainsRow, resolved.isTransposed {
            print(try spreading(row: index, of: matrix))
        } else {
            print(explainsRow ? try matrix.explain(row: index) : try matrix.explain(column: index))
        }
        if let bias = resolved.bias, explainsRow != resolved.isTransposed {
            // The element explained is an output of the layer: its bias is added.
            let channel = explainsRow ? g.outputCoordinates(row: index)[0] : g.inputCoordinates(column: index)[0]
            print("  + b[\(channel)] = \(compactNumber(bias[channel]))  (the layer's bias; not part of W)")
        }
    }

    /// Row `row` of `W` seen from a ConvTranspose layer, whose input it is: where `x = Wᵀ·y`
    /// sends `y[row]`.
    private func spreading(row: Int, of matrix: ConvolutionMatrix) throws -> String {
        let g = matrix.geometry, entries = try matrix.entries(inRow: row)
        let source = g.rowLabel(row)
        var lines = ["x = Wᵀ·y spreads \(source) to \(entries.count) output element\(entries.count == 1 ? "" : "s") (the entries of row \(row) of W):"]
        for e in entries {
            let taps = e.taps.map { t in "w[" + Self.coordinates(t, shape: g.weightShape).map(String.init).joined(separator: ", ") + "] = \(compactNumber(matrix.weights[t]))" }
            lines.append("  \(g.columnLabel(e.column)) += \(compactNumber(e.value))·\(source)   (W[\(e.row), \(e.column)], from \(taps.joined(separator: " + ")))")
        }
        return lines.joined(separator: "\n")
    }

    /// Row-major coordinates of flat index `index` in `shape`.
    static func coordinates(_ index: Int, shape: [Int]) -> [Int] {
        var rest = index, out = [Int]()
        for extent in shape.reversed() {
            out.append(rest % extent)
            rest /= extent
        }
        return out.reversed()
    }
}
