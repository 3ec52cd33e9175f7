import ArgumentParser
import ConvMatrix
import ConvMatrixIO
import Foundation

/// `convmat verify` — a user's own kernel output (or gradients) against the float64 reference of
/// the same layer: whether it is right, where it is wrong, and which common mistake explains it.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify your own kernel's output (or gradients) against the reference: is it right, where is it wrong, which mistake explains it.",
        discussion: """
            The reference is the same layer in float64 through W (CHOLMOD), cross-checked against the \
            dense path. Each element must lie within a bound derived from its own accumulation, \
            γ(n+1)·(Σ|w·x| + |b|) + u·|ref| with u the unit roundoff of your dtype (Higham, Accuracy \
            and Stability of Numerical Algorithms, §3.1), unless --rtol/--atol are given. Your \
            files are float16, float32 or float64 .npy (bfloat16 stored as uint16 with --dtype \
            bfloat16), shaped like the layer's tensors in the --layout order, batch first. When the \
            output fails, ConvMatrix recomputes the layer under a catalogue of common kernel \
            mistakes and names those that match your output.

            Exit status: 0 when every element is within its bound, 1 when not, 2 on bad input.

            Examples:
              convmat verify "nn.Conv2d(3, 8, 3, padding=1)" --input Tests/Examples/verify/x.npy --weights Tests/Examples/verify/w.npy \
            --bias Tests/Examples/verify/b.npy --output Tests/Examples/verify/y.npy
              convmat verify "nn.Conv2d(3, 8, 3, padding=1)" --input Tests/Examples/verify/x.npy --weights Tests/Examples/verify/w.npy \
            --output Tests/Examples/verify/y_nobias.npy --json
              convmat verify "nn.Conv1d(4, 4, 3, groups=2)" --input Tests/Examples/grad/x.npy --weights Tests/Examples/grad/w.npy \
            --grad-output Tests/Examples/grad/gy.npy --grad-input Tests/Examples/grad/gx.npy --grad-weight Tests/Examples/grad/gw.npy
              convmat verify --suite Tests/Examples/vectors      # cases of `convmat vectors`, your out.npy beside each

            With --suite DIR, every case folder written by `convmat vectors` is checked: your \
            out.npy against the case's layer, and gx.npy, gw.npy, gb.npy (when present) against its \
            gradients for gy.npy. One line per case, then `P passed, F failed`.
            """
    )

    @OptionGroup var layer: LayerOptions

    @Option(name: .customLong("input"), help: ArgumentHelp("The input your kernel read (.npy).", valueName: "x.npy"))
    var inputFile: String?

    @Option(name: .customLong("output"), help: ArgumentHelp("Your kernel's output (.npy).", valueName: "y.npy"))
    var outputFile: String?

    @Option(name: .customLong("grad-output"), help: ArgumentHelp("The output gradient your backward pass read (.npy).", valueName: "gy.npy"))
    var gradOutputFile: String?

    @Option(name: .customLong("grad-input"), help: ArgumentHelp("Your input gradient (.npy).", valueName: "gx.npy"))
    var gradInputFile: String?

    @Option(name: .customLong("grad-weight"), help: ArgumentHelp("Your weight gradient (.npy), the weight's shape.", valueName: "gw.npy"))
    var gradWeightFile: String?

    @Option(name: .customLong("grad-bias"), help: ArgumentHelp("Your bias gradient (.npy), (out_channels,).", valueName: "gb.npy"))
    var gradBiasFile: String?

    @Option(help: "The precision your kernel computed in: float16, bfloat16, float32 or float64. Default: your file's dtype (bfloat16 must be named: it is stored as uint16).")
    var dtype: VerifiedPrecision?

    @Option(help: "Relative tolerance |got − ref| ≤ atol + rtol·|ref|, instead of the accumulation bound.")
    var rtol: Double?

    @Option(help: "Absolute tolerance, with --rtol (default 0).")
    var atol: Double?

    @Option(help: "How many of the worst elements to list with their receptive fields.")
    var worst: Int = 5

    @Flag(help: "Print the report as JSON (stable field names; see the README).")
    var json = false

    @Option(help: ArgumentHelp("A suite written by `convmat vectors`, with your results beside each case.", valueName: "dir"))
    var suite: String?

    func validate() throws {
        if suite != nil {
            let given = [("LAYER or --case", !layer.isEmpty), ("--input", inputFile != nil), ("--output", outputFile != nil),
                         ("--grad-output", gradOutputFile != nil), ("--grad-input", gradInputFile != nil),
                         ("--grad-weight", gradWeightFile != nil), ("--grad-bias", gradBiasFile != nil)].filter(\.1).map(\.0)
            if !given.isEmpty { throw ValidationError("--suite reads each case's layer and your files beside it; drop \(given.joined(separator: ", "))") }
            return
        }
        if layer.isEmpty { throw ValidationError("give a layer, e.g. \"nn.Conv2d(1, 1, 2)\", or --case FILE.json") }
        if layer.caseFile == nil, inputFile == nil { throw ValidationError("give the input your kernel read with --input X.npy") }
        let gradients = [gradInputFile, gradWeightFile, gradBiasFile].contains { $0 != nil }
        if (outputFile == nil) == (gradOutputFile == nil) {
            throw ValidationError("give either --output Y.npy (your output) or --grad-output GY.npy with your gradients")
        }
        if gradOutputFile != nil, !gradients {
            throw ValidationError("with --grad-output, give at least one of --grad-input, --grad-weight, --grad-bias")
        }
        if outputFile != nil, gradients { throw ValidationError("--grad-input/--grad-weight/--grad-bias go with --grad-output, not --output") }
        if atol != nil, rtol == nil { throw ValidationError("--atol goes with --rtol") }
        if worst < 0 { throw ValidationError("--worst must be ≥ 0") }
    }

    func run() throws {
        if let suite { return try runSuite(suite) }
        let caseLayer = try layer.caseFile.map { try ResolvedLayer(caseFile: $0) }
        let x = try inputFile.map { file in (array: try Diagnostics.reading("--input") { try NumPyArray(contentsOf: file) }, source: file) }
            ?? (array: caseLayer!.caseInput!, source: "the case's X")
        let resolved = try caseLayer
            ?? Diagnostics.naming("--input \(x.source)", ["input shape"]) { try layer.resolve(inputShape: x.array.shape) }
        let model = resolved.layer
        let batched = { (shape: [Int]) in resolved.hasBatch ? shape : [1] + shape }
        let input = try Tensor<Double>(shape: batched(x.array.shape), layout: model.inputLayout, scalars: try x.array.doubles())
        let tolerance = rtol.map { VerificationTolerance.fixed(rtol: $0, atol: atol ?? 0) }
        if let outputFile {
            let loaded = try Self.load(outputFile, option: "--output", dtype: dtype)
            let output = try Self.tensor(loaded, file: outputFile, option: "--output", shape: batched, layout: model.outputLayout)
            let report = try model.verify(output: output, input: input, precision: loaded.precision, tolerance: tolerance,
                                          worst: worst)
            try emit(report, text: report.text)
            if !report.passed { throw ExitCode.failure }
            return
        }
        let gy = try Self.load(gradOutputFile!, option: "--grad-output", dtype: dtype)
        let precision = gy.precision
        let gradOutput = try Self.tensor(gy, file: gradOutputFile!, option: "--grad-output", shape: batched, layout: model.outputLayout)
        let gx = try gradInputFile.map { file in
            try Self.tensor(Self.load(file, option: "--grad-input", dtype: precision), file: file, option: "--grad-input",
                            shape: batched, layout: model.inputLayout)
        }
        let gw = try gradWeightFile.map { try Self.load($0, option: "--grad-weight", dtype: precision, shape: model.weightShape).values }
        let gb = try gradBiasFile.map { try Self.load($0, option: "--grad-bias", dtype: precision, shape: [model.outChannels]).values }
        let report = try model.verifyGradients(gradOutput: gradOutput, input: input, gradInput: gx, gradWeights: gw, gradBias: gb,
                                               precision: precision, tolerance: tolerance, worst: worst)
        try emit(report, text: report.text)
        if !report.passed { throw ExitCode.failure }
    }

    /// A user's file widened to Double, with the precision it was computed in (`dtype` when given,
    /// else read from the file), and its shape checked when `shape` is given.
    static func load(_ path: String, option: String, dtype: VerifiedPrecision?, shape: [Int]? = nil) throws
        -> (values: [Double], precision: VerifiedPrecision, shape: [Int]) {
        let array = try Diagnostics.reading(option) { try NumPyArray(contentsOf: path) }
        if let shape, array.shape != shape {
            throw ConvMatrixError(.shapeMismatch, parameter: "\(option) \(path)", value: "shape \(IntegerList.shapeText(array.shape))",
                                  rule: "must be \(IntegerList.shapeText(shape))")
        }
        let fileDtype: VerifiedPrecision?
        switch array.storage {
        case .float16: fileDtype = .float16
        case .float32: fileDtype = .float32
        case .float64: fileDtype = .float64
        case .uint16: fileDtype = nil
        default:
            throw ConvMatrixError(.unsupported, parameter: "\(option) \(path)", value: "dtype \(array.dtype)",
                                  rule: "must be float16, float32 or float64 (bfloat16 as uint16 with --dtype bfloat16)")
        }
        if case .uint16 = array.storage {
            guard dtype == .bfloat16 else {
                throw ConvMatrixError(.unsupported, parameter: "\(option) \(path)", value: "dtype <u2",
                                      rule: "uint16 data is read only as bfloat16 bit patterns: give --dtype bfloat16")
            }
            return (try array.bfloat16Values().map(Double.init), .bfloat16, array.shape)
        }
        return (try array.doubles(), dtype ?? fileDtype!, array.shape)
    }

    /// The user's values as a tensor of the layer's layout, batch added when the layer has none.
    static func tensor(_ loaded: (values: [Double], precision: VerifiedPrecision, shape: [Int]), file: String, option: String,
                       shape batched: ([Int]) -> [Int], layout: TensorLayout) throws -> Tensor<Double> {
        try Diagnostics.naming("\(option) \(file)") {
            try Tensor(shape: batched(loaded.shape), layout: layout, scalars: loaded.values)
        }
    }

    /// The report as text or JSON on standard output.
    func emit<R: Encodable>(_ report: R, text: String) throws {
        guard json else { print(text); return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    }
}

extension VerifiedPrecision: ExpressibleByArgument {}
