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

            When W exceeds --memory-budget (default ¾ of physical memory), the sparse path \
            compiles and multiplies it one block of rows at a time through SuiteSparse, never \
            holding all of W, and says so on standard error. --rows r0:r1 computes only those \
            elements of W·x (an output of shape (N, r1−r0)), or in the Wᵀ direction the part \
            W[r0:r1]ᵀ·y[r0:r1] of Wᵀ·y, without bias: the parts of a partition of the rows add up.

            Examples:
              convmat apply "nn.Conv2d(1, 1, 2, bias=False)" --input Tests/Examples/x.npy --output y.npy
              convmat apply "nn.ConvTranspose2d(1, 1, 2)" --weights Tests/Examples/k.npy --input Tests/Examples/y.npy \
            --output x.npy
              convmat apply "nn.Conv2d(1, 1, 2)" --transposed --input Tests/Examples/y.npy --output x.npy
              convmat apply --case Tests/ConvMatrixTests/Fixtures/onnx/test_convtranspose.json --output y.npy --path dense
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

    @OptionGroup var blocks: BlockOptions

    func validate() throws {
        if layer.isEmpty { throw ValidationError("give a layer, e.g. \"nn.Conv2d(1, 1, 2)\", or --case FILE.json") }
        if layer.caseFile == nil, inputFile == nil { throw ValidationError("give the tensor to apply the layer to with --input FILE.npy") }
        if layer.caseFile != nil, layerInputShape != nil { throw ValidationError("--case defines the layer's input shape; drop --input-shape") }
        if engine != nil, path == .dense { throw ValidationError("--engine applies to --path sparse") }
        if blocks.rows != nil || blocks.memoryBudget != nil, path == .dense {
            throw ValidationError("--rows and --memory-budget apply to --path sparse")
        }
        if transposed, layer.bias != nil {
            throw ValidationError("--transposed applies the linear adjoint, which has no bias; drop --bias")
        }
    }

    func run() throws {
        try Export.checkDirectory(of: outputFile)
        let caseLayer = try layer.caseFile.map { try ResolvedLayer(caseFile: $0) }
        let x: NumPyArray
        var note: String
        if let inputFile {
            x = try Diagnostics.reading("--input") { try NumPyArray(contentsOf: inputFile) }
            note = inputFile
        } else {
            x = caseLayer!.caseInput!
            note = "the case's X"
        }
        guard x.storage.isFloat else {
            throw ConvMatrixError(.unsupported, parameter: "--input \(note)", value: "dtype \(x.dtype)", rule: "must be float32 or float64")
        }
        let resolved = try resolveLayer(for: x.shape, source: note, caseLayer: caseLayer)
        let model = resolved.layer
        let side = transposed ? model.outputLayout : model.inputLayout
        let batched = resolved.hasBatch ? x.shape : [1] + x.shape
        let engine: ConvolutionLayer.Engine = path == .dense ? .dense : (self.engine == .cxsparse ? .cxsparse : .cholmod)
        func run<T: DenseScalar>(_ values: [T]) throws -> Tensor<T> {
            let t = try Tensor(shape: batched, layout: side, scalars: values)
            return transposed ? try model.adjoint(t, inputShape: model.inputShape, engine: engine)
                              : try model(t, engine: engine)
        }
        let forward = transposed == model.isTransposed
        let batch = batched[0]
        let budget = try blocks.budget(), rows = try blocks.rowRange()
        if path == .sparse, try rows != nil || !resolved.geometry.matrixFits(CompileOptions(memoryBudget: budget)) {
            return try applyInBlocks(resolved, x: x, batched: batched, forward: forward, budget: budget, rows: rows,
                                     engine: self.engine ?? .cholmod, note: note)
        }
        let (outShape, result): ([Int], NumPyArray.Storage) = try Progress.run("applying \(forward ? "W" : "Wᵀ") to \(batch) sample\(batch == 1 ? "" : "s")") {
            if path == .dense, case .float32(let values) = x.storage {
                let y = try run(values)
                return (y.shape, .float32(y.scalars))
            }
            let y = try run(try x.doubles())
            if case .float32 = x.storage { return (y.shape, .float32(y.scalars.map(Float.init))) }
            return (y.shape, .float64(y.scalars))
        }
        let written = resolved.hasBatch ? outShape : Array(outShape.dropFirst())
        let out = try NumPyArray(shape: written, storage: result)
        try out.write(to: outputFile)
        let bias = transposed ? nil : model.bias
        let what = transposed ? "the adjoint \(forward ? "W·x" : "Wᵀ·y")" : (forward ? "W·x" : "Wᵀ·y") + (bias == nil ? "" : " + b")
        print("\(outputFile): \(out.dtype == "<f4" ? "float32" : "float64") \(IntegerList.shapeText(written)) = \(what) of \(resolved.title) on \(note) \(IntegerList.shapeText(x.shape)) (\(path == .sparse ? "sparse, \(engine.rawValue)" : "dense"))")
    }

    /// The summary line: what was written, from which layer and input, by which path.
    func summary(_ out: NumPyArray, written: [Int], what: String, title: String, note: String, input: [Int], how: String) -> String {
        "\(outputFile): \(out.dtype == "<f4" ? "float32" : "float64") \(IntegerList.shapeText(written)) = \(what) of \(title) on \(note) \(IntegerList.shapeText(input)) (\(how))"
    }

    /// The layer whose input (own direction) or output (`--transposed`) has the file's shape.
    private func resolveLayer(for fileShape: [Int], source: String, caseLayer: ResolvedLayer?) throws -> ResolvedLayer {
        let option = "--input \(source)"
        if let resolved = caseLayer {
            let expected = transposed ? resolved.outputShape : resolved.inputShape
            guard fileShape == expected || fileShape == Array(expected.dropFirst()) else {
                throw ConvMatrixError(.shapeMismatch, parameter: option, value: "shape \(IntegerList.shapeText(fileShape))",
                                      rule: "must be \(IntegerList.shapeText(expected)), the case's layer \(transposed ? "output" : "input")")
            }
            return resolved
        }
        if let text = layerInputShape {
            let shape = try IntegerList.parse(text, option: "--input-shape", minimum: 1, example: "1x1x5x5")
            return try layer.resolve(inputShape: shape)
        }
        guard transposed else {
            return try Diagnostics.naming(option, ["input shape", "output shape"]) { try layer.resolve(inputShape: fileShape) }
        }
        if layer.onnx != nil {  // the node's input shape: the graph's, or --input-shape
            do { return try layer.resolve(inputShape: nil) } catch let error as ConvMatrixError where error.parameter == "--input" {
                throw ConvMatrixError(error.kind, parameter: "--input-shape", value: error.value,
                                      rule: error.rule.replacingOccurrences(of: "give it with --input, e.g. --input", with: "give it with --input-shape, e.g. --input-shape"))
            }
        }
        // The layer's output shape is given: invert the layer's shape map (geometry owns the formulas).
        let parameters = try layer.parameters()
        let rank = parameters.spatialRank
        let batched = fileShape.count == rank + 1 ? [1] + fileShape : fileShape
        let ranges = try Diagnostics.naming(option, ["input shape", "output shape"]) { try parameters.inputLengths(producingOutput: batched) }
        let shape = parameters.inputShape(batch: batched[0], lengths: ranges.map(\.lowerBound))
        let written = fileShape.count == rank + 1 ? Array(shape.dropFirst()) : shape
        if ranges.contains(where: { $0.count > 1 }) {
            Diagnostics.note("--transposed: the layer's input shape is taken as \(IntegerList.shapeText(written)), the smallest whose output is \(IntegerList.shapeText(fileShape)); --input-shape picks another")
        }
        return try layer.resolve(inputShape: written)
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
