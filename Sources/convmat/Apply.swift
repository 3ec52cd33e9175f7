import ArgumentParser
import ConvMatrix
import ConvMatrixIO

/// `--path` of `apply`: through `W` or the dense direct convolution.
enum ApplyPath: String, CaseIterable, ExpressibleByArgument {
    case sparse, dense
}

extension SparseEngine: ExpressibleByArgument {}

/// `convmat apply` — the layer (or its adjoint) on a tensor from a `.npy` file.
struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply a layer, or its adjoint, to a tensor from a .npy file and write the result as .npy.",
        discussion: """
            By default the layer's own direction: y = W·x + b for a Conv, x = Wᵀ·y + b for a \
            ConvTranspose. --transposed applies the adjoint of the layer instead, the backward \
            (input-gradient) direction, without bias: Wᵀ for a Conv, W for a ConvTranspose.

            The input file is float32 or float64 in C order, shaped like the layer's input (with \
            --transposed: like its output) in the --layout memory order, with or without the batch \
            axis. Its shape gives the layer's input shape; with --transposed a strided Conv has \
            several input shapes for one output shape, so the smallest is taken unless --input-shape \
            names one. The result has the input's dtype (float32 in, float32 out) and its batch axis \
            or lack of one, and is written atomically. The sparse path computes in float64 through \
            SuiteSparse, the dense path in the input's precision. With --case and no --input, the \
            case's X is the input.

            Examples:
              convmat apply "nn.Conv2d(1, 1, 2, bias=False)" --input x.npy --output y.npy
              convmat apply "nn.ConvTranspose2d(1, 1, 2)" --weights k.npy --input y.npy --output x.npy
              convmat apply "nn.Conv2d(1, 1, 2)" --transposed --input y.npy --output x.npy
              convmat apply --case test_convtranspose.json --output y.npy --path dense
            """
    )

    @OptionGroup var layer: LayerOptions

    @Option(name: .customLong("input"), help: ArgumentHelp("The tensor to apply the layer to (.npy, float32 or float64).", valueName: "file.npy"))
    var inputFile: String?

    @Option(name: .customLong("output"), help: ArgumentHelp("Where to write the result (.npy).", valueName: "file.npy"))
    var outputFile: String

    @Flag(help: "Apply the adjoint of the layer (Wᵀ for a Conv, W for a ConvTranspose), without bias.")
    var transposed = false

    @Option(name: .customLong("input-shape"), help: ArgumentHelp("The layer's input shape (e.g. 1x1x5x5), when --transposed should not infer it.", valueName: "shape"))
    var layerInputShape: String?

    @Option(help: "sparse: through W with SuiteSparse (float64); dense: the direct convolution (the input's precision).")
    var path: ApplyPath = .sparse

    @Option(help: "The SuiteSparse engine of the sparse path: cholmod or cxsparse.")
    var engine: SparseEngine?

    func validate() throws {
        if layer.isEmpty { throw ValidationError("give a layer, e.g. \"nn.Conv2d(1, 1, 2)\", or --case FILE.json") }
        if layer.caseFile == nil, inputFile == nil { throw ValidationError("give the tensor to apply the layer to with --input FILE.npy") }
        if layer.caseFile != nil, layerInputShape != nil { throw ValidationError("--case defines the layer's input shape; drop --input-shape") }
        if engine != nil, path == .dense { throw ValidationError("--engine applies to --path sparse") }
        if transposed, layer.bias != nil {
            throw ValidationError("--transposed applies the linear adjoint, which has no bias; drop --bias")
        }
    }

    func run() throws {
        try Export.checkDirectory(of: outputFile)
        let x: NumPyArray
        var note: String
        if let inputFile {
            x = try NumPyArray(contentsOf: inputFile)
            note = inputFile
        } else {
            let testCase = try ResolvedLayer.loadCase(layer.caseFile!)
            x = try NumPyArray(shape: testCase.x.shape, storage: .float64(testCase.x.data))
            note = "the case's X"
        }
        guard x.storage.isFloat else {
            throw ConvMatrixError(.unsupported, parameter: "--input \(note)", value: "dtype \(x.dtype)", rule: "must be float32 or float64")
        }
        let resolved = try resolveLayer(for: x.shape, source: note)
        let direction: Convolution.Direction = transposed
            ? (resolved.isTransposed ? .forward : .transposed) : resolved.convolution.direction
        let g = resolved.geometry
        let forward = direction == .forward
        let inSample = forward ? g.inputMemoryShape : g.outputMemoryShape
        let outSample = forward ? g.outputMemoryShape : g.inputMemoryShape
        let hasBatch = x.shape.count == inSample.count + 1
        let batch = hasBatch ? x.shape[0] : 1
        guard Array(x.shape.suffix(inSample.count)) == inSample, x.shape.count <= inSample.count + 1, batch >= 1 else {
            throw ConvMatrixError(.shapeMismatch, parameter: "--input \(note)", value: "shape \(IntegerList.shapeText(x.shape))",
                                  rule: "must be (N, …) or one sample \(IntegerList.shapeText(inSample)): the layer's \(transposed ? "output" : "input") in \(resolved.layout) memory order")
        }
        let bias = transposed ? nil : resolved.bias
        let outShape = (hasBatch ? [batch] : []) + outSample
        let result: NumPyArray.Storage = try Progress.run("applying \(forward ? "W" : "Wᵀ") to \(batch) sample\(batch == 1 ? "" : "s")") {
            switch (path, x.storage) {
            case (.dense, .float32(let values)):
                let b = bias.map { $0.map(Float.init) }, w = resolved.weights.map(Float.init)
                return .float32(forward
                    ? try DenseConvolution.forward(g, input: values, weights: w, bias: b, batch: batch)
                    : try DenseConvolution.transposed(g, input: values, weights: w, bias: b, batch: batch))
            case (.dense, _):
                let values = try x.doubles()
                return .float64(forward
                    ? try DenseConvolution.forward(g, input: values, weights: resolved.weights, bias: bias, batch: batch)
                    : try DenseConvolution.transposed(g, input: values, weights: resolved.weights, bias: bias, batch: batch))
            case (.sparse, _):
                let matrix = try ConvolutionMatrix(g, weights: resolved.weights)
                let out = try matrix.apply(x.doubles(), batch: batch, bias: bias, direction: direction,
                                           engine: engine ?? .cholmod)
                if case .float32 = x.storage { return .float32(out.map(Float.init)) }
                return .float64(out)
            }
        }
        let y = try NumPyArray(shape: outShape, storage: result)
        try y.write(to: outputFile)
        let what = transposed ? "the adjoint \(forward ? "W·x" : "Wᵀ·y")" : (forward ? "W·x" : "Wᵀ·y") + (bias == nil ? "" : " + b")
        print("\(outputFile): \(y.dtype == "<f4" ? "float32" : "float64") \(IntegerList.shapeText(outShape)) = \(what) of \(resolved.title) on \(note) \(IntegerList.shapeText(x.shape)) (\(path == .sparse ? "sparse, \((engine ?? .cholmod).rawValue)" : "dense"))")
    }

    /// The layer whose input (own direction) or output (`--transposed`) has the file's shape.
    private func resolveLayer(for fileShape: [Int], source: String) throws -> ResolvedLayer {
        if let caseFile = layer.caseFile { return try ResolvedLayer(caseFile: caseFile) }
        if let text = layerInputShape {
            let shape = try IntegerList.parse(text, option: "--input-shape", minimum: 1, example: "1x1x5x5")
            return try layer.resolve(inputShape: shape)
        }
        guard transposed else { return try layer.resolve(inputShape: fileShape) }
        let expression = try layer.expression()
        let (shape, ambiguous) = try AdjointShape.layerInput(expression: expression, options: layer, outputShape: fileShape,
                                                             source: source)
        if ambiguous {
            Diagnostics.note("--transposed: the layer's input shape is taken as \(IntegerList.shapeText(shape)), the smallest whose output is \(IntegerList.shapeText(fileShape)); --input-shape picks another")
        }
        return try layer.resolve(inputShape: shape)
    }
}

extension NumPyArray.Storage {
    var isFloat: Bool {
        switch self {
        case .float32, .float64: return true
        default: return false
        }
    }
}
