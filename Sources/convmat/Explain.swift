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
            explains a column and --input-element a row; however it is named, its input elements \
            are y[…] (W's rows) and its output elements x[…] (W's columns).

            After the entries come the kernel positions that add nothing of their own: those on \
            padding (zeros, or the input element reflect, replicate or circular copies there), on \
            the zeros input dilation or a fractional stride 1/l inserts, and — for a transposed \
            layer's output — those falling between its inputs (where its stride inserts zeros: \
            the checkerboard) or beyond them.

            Examples:
              convmat explain "nn.Conv2d(1, 1, 2)" --input 1x1x3x3 --output 0,0,1,1
              convmat explain "nn.Conv2d(1, 1, 2)" --input 1x1x3x3 --col 4
              convmat explain "nn.ConvTranspose2d(1, 1, 2, stride=2)" --input 1x1x2x2 --output 0,0,3,3
              convmat explain "nn.Conv1d(1, 1, 3, padding=1, padding_mode='reflect')" --input 1x1x4 --row 0
              convmat explain "nn.Conv2d(1, 1, 3, stride=(0.5, 2), padding=1)" --input 1x1x4x5 --output 0,0,1,0
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
        let model = resolved.layer
        let matrix = try resolved.compile()
        let applied = model.isTransposed ? "x = Wᵀ·y" : "y = W·x"
        print("layer   \(resolved.title)")
        print("        on input \(IntegerList.shapeText(resolved.inputShape)) \(resolved.layout): \(applied), W is \(matrix.rowCount) × \(matrix.columnCount)")
        print()
        if let row {
            print(try model.explain(row: row))
        } else if let column {
            print(try model.explain(column: column))
        } else {
            let isOutput = output != nil
            let text = output ?? inputElement!
            let option = isOutput ? "--output" : "--input-element"
            let coordinates = try IntegerList.parse(text, option: option, example: "0,0,1,1")
            do {
                print(isOutput ? try model.explain(output: coordinates) : try model.explain(input: coordinates))
            } catch let error as ConvMatrixError where error.parameter == (isOutput ? "output" : "input") {
                throw ConvMatrixError(error.kind, parameter: option, value: text, rule: error.rule)
            }
        }
    }
}
