import ArgumentParser
import ConvMatrix
import ConvMatrixIO

extension LeastSquaresMethod: ExpressibleByArgument {}

/// `convmat solve` — the layer's true inverse: the input that best explains an observed output,
/// by least squares or Tikhonov, beside the transposed convolution `Wᵀ·y` it is often mistaken for.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recover a layer's input from its output: least squares and Tikhonov, next to the transposed convolution.",
        discussion: """
            Solves x = argmin ‖W·x + b − y‖² + λ‖x‖² for each --lambda (default 0) and each sample \
            of the observed output y, where W is the layer's matrix (Wᵀ for a ConvTranspose) and b \
            its bias. λ = 0 gives the least-squares solution of minimum norm; λ > 0 is Tikhonov \
            regularisation. Inputs the layer never reads (a stride larger than the kernel) are \
            listed and come back as 0.

            --method cholmod (default) factorises the smaller Gram matrix, WᵀW + λI or WWᵀ + λI, \
            with CHOLMOD: analysed once, refactorised for each further λ (the timings show it). \
            --method qr uses CXSparse's sparse QR of W, Wᵀ or [W; √λ·I]: it does not square the \
            condition number and finds the numerical rank; for small layers. λ = 0 on a layer that \
            is rank-deficient on the inputs it reads is an error (the solution is not unique).

            The report gives ‖W·x + b − y‖, ‖x‖ and their ratios to ‖y‖ for every λ and for the \
            transposed convolution x = Wᵀ·(y − b), and the seconds of each step. --input is the \
            SHAPE of x (batch optional); --output is the observed y (.npy, float32 or float64, \
            the layer's output shape, with a batch axis exactly when --input has one). --result \
            receives x as float64; with several --lambda the solutions are stacked along a new \
            first axis, in the order given.

            Examples:
              convmat solve "nn.Conv2d(1, 1, 5, padding=2, bias=False)" --input 1x1x32x32 \
            --weights Notebooks-as-text/NotTheInverse/kernel.npy --output Notebooks-as-text/NotTheInverse/blurred.npy \
            --lambda 0 --lambda 0.001 --result x.npy
              convmat solve "nn.Conv1d(1, 1, 2, stride=3, bias=False)" --input 1x1x8 --fill ones \
            --output Notebooks-as-text/NotTheInverse/strided.npy --method qr --result x.npy --json
            """
    )

    @OptionGroup var layer: LayerOptions
    @OptionGroup var input: InputShapeOption

    @Option(name: .customLong("output"), help: ArgumentHelp("The observed output y of the layer (.npy).", valueName: "y.npy"))
    var outputFile: String

    @Option(name: .customLong("lambda"), help: ArgumentHelp("Tikhonov weight λ ≥ 0; repeat for several (default 0).", valueName: "λ"))
    var lambdas: [Double] = []

    @Option(help: "cholmod: sparse Cholesky of the Gram matrix, analysed once; qr: CXSparse sparse QR.")
    var method: LeastSquaresMethod = .cholmod

    @Option(name: .customLong("result"), help: ArgumentHelp("Where to write the recovered input x (.npy, float64).", valueName: "x.npy"))
    var resultFile: String

    @Flag(help: "Print the report as JSON (stable field names).")
    var json = false

    func validate() throws {
        if layer.isEmpty { throw ValidationError("give a layer, e.g. \"nn.Conv2d(1, 1, 3, padding=1)\" --input 1x1x8x8, or --case FILE.json") }
        try input.validate(with: layer)
        for lambda in lambdas where !(lambda.isFinite && lambda >= 0) {
            throw ValidationError("--lambda \(lambda): must be finite and ≥ 0")
        }
    }

    func run() throws {
        try Export.checkDirectory(of: resultFile)
        let resolved = try layer.resolve(inputShape: input.shape())
        let model = resolved.layer
        let y = try observed(resolved)
        let lambdas = self.lambdas.isEmpty ? [0.0] : self.lambdas
        let solver = try Progress.run("analysing") { try model.leastSquaresSolver(method: method) }
        let observations = try model.withoutBias(y)
        var solutions = [LeastSquaresSolution]()
        for lambda in lambdas {
            solutions.append(try Progress.run("solving for λ = \(lambda)") {
                try Diagnostics.naming("--lambda", ["lambda"]) { try solver.solve(observations, batch: y.batch, lambda: lambda) }
            })
        }
        let m = solver.matrix
        let transposed = try m.applyTransposed(observations, columns: y.batch)
        let report = try SolveReport(resolved: resolved, solver: solver, solutions: solutions, observations: observations,
                                     transposed: transposed, batch: y.batch, resultFile: resultFile)
        let stacked = solutions.flatMap(\.x)
        let shape = (lambdas.count > 1 ? [lambdas.count] : []) + resolved.inputShape
        try NumPyArray(shape: shape, storage: .float64(stacked)).write(to: resultFile)
        guard json else { print(report.text); return }
        print(try report.jsonText())
    }

    /// The observed output from `--output`, as a tensor of the layer's output shape (batch 1 added
    /// when `--input` had none).
    private func observed(_ resolved: ResolvedLayer) throws -> Tensor<Double> {
        let option = "--output \(outputFile)"
        let array = try NumPyArray(contentsOf: outputFile)
        guard array.storage.isFloat else {
            throw ConvMatrixError(.unsupported, parameter: option, value: "dtype \(array.dtype)", rule: "must be float32 or float64")
        }
        guard array.shape == resolved.outputShape else {
            throw ConvMatrixError(.shapeMismatch, parameter: option, value: "shape \(IntegerList.shapeText(array.shape))",
                                  rule: "must be the layer's output shape \(IntegerList.shapeText(resolved.outputShape)) for --input \(IntegerList.shapeText(resolved.inputShape))")
        }
        let batched = resolved.hasBatch ? array.shape : [1] + array.shape
        return try Tensor(shape: batched, layout: resolved.layer.outputLayout, scalars: try array.doubles())
    }
}
