import ArgumentParser
import ConvMatrix
import ConvMatrixSpectrum

/// `convmat spectrum` — the singular values of a layer's `W`: norm, condition number, rank, and
/// PyTorch's reshaped-kernel estimate beside them.
struct Spectrum: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The singular values of a layer's W: ‖W‖₂ (its Lipschitz constant), condition number, rank.",
        discussion: """
            Prints the --top largest and --bottom smallest singular values of the layer's W for \
            the input shape, each with the residual ‖WᵀW·v − σ²·v‖ of its singular vector, the \
            operator norm ‖W‖₂ = σ_max, the condition number σ_max/σ_min, the numerical rank \
            (values above max(rows, columns)·ε·σ_max, LAPACK's tolerance), and what PyTorch's \
            spectral_norm reports for the same weights (the largest singular value of the kernel \
            reshaped to (C_out, C_in/groups·Πk)), which is not the operator norm of the convolution.

            Methods: dense (W as a dense matrix, LAPACK's dgesdd: every value), lanczos (ARPACK on \
            WᵀW through CHOLMOD; the smallest values by shift-invert with a CHOLMOD factorisation of \
            WᵀW), fft (the closed form of circular stride-1 layers: the FFT of the kernel at the \
            input size, one small SVD per frequency; Sedghi, Gupta & Long, ICLR 2019). auto is \
            dense up to 1024 columns, lanczos beyond. A ConvTranspose layer applies Wᵀ: the same values.

            Weights default to --fill arange (1, 2, …, n), as for show; --fill random gives a \
            generic layer. --json prints one object: top, bottom, norm, condition_number, rank, \
            method, residuals {top, bottom}, spectral_norm_estimate, rank_tolerance, rows, columns, \
            shift, seconds, and all (every value, for dense and fft).

            Examples:
              convmat spectrum "nn.Conv2d(3, 8, 3, padding=1)" --input 1x3x16x16 --fill random
              convmat spectrum "nn.Conv2d(4, 4, 3, padding=1, padding_mode='circular')" --input 1x4x16x16 \
            --fill random --method fft --top 3 --bottom 3
              convmat spectrum "nn.Conv2d(64, 64, 3, padding=1)" --input 1x64x32x32 --top 3   # release build: ~30 s
              convmat spectrum "nn.Conv2d(8, 8, 3, padding=1)" --input 1x8x16x16 --fill random --bottom 2
              convmat spectrum --case Tests/ConvMatrixTests/Fixtures/seeds/d2l_corr2d_matrix.json --json
              convmat spectrum --onnx Tests/ConvMatrixModelsTests/Fixtures/two_convs.onnx --all
            """
    )

    @OptionGroup var layer: LayerOptions
    @OptionGroup var input: InputShapeOption

    @Option(help: "How many of the largest singular values (default 5, or all there are when fewer).")
    var top: Int?

    @Option(help: "How many of the smallest singular values (0: none, and no condition number); default 1 for dense and fft, 0 for lanczos (the smallest need a sparse Cholesky factorisation of WᵀW).")
    var bottom: Int?

    @Option(help: "auto, dense, lanczos or fft.")
    var method: SpectrumMethod = .auto

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "With --onnx: ‖W‖₂ of every conv node of the model, and their product (a Lipschitz bound of the network's convolutions).")
    var all = false

    func validate() throws {
        if all { return try validateAll() }
        if layer.isEmpty { throw ValidationError("give a layer, e.g. \"nn.Conv2d(1, 1, 2)\" --input 1x1x3x3, or --case FILE.json") }
        try input.validate(with: layer)
    }

    func run() throws {
        if all { return try runAll() }
        let resolved = try layer.resolve(inputShape: input.shape())
        let report = try Progress.run("computing singular values (\(method))") {
            try resolved.layer.spectrum(top: top, bottom: bottom, method: method)
        }
        if json {
            print(try SpectrumJSON(report).text())
        } else {
            print(SpectrumText.report(report, resolved: resolved))
        }
    }
}

extension SpectrumMethod: ExpressibleByArgument {}
