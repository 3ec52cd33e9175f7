/// The sparse products of a convolution in the caller's layouts, computed with `W` in the
/// numbering that suits the engines.
///
/// Layouts only renumber `W`'s rows and columns, and the numbering decides how the engines walk
/// memory. Channels first, a row of a 128-channel conv1d `W` reads 128 runs of 3 inputs lying
/// `L` elements apart in each batch column: the runs fall into the same few cache sets (4096 × 8 B
/// = 32 KB apart) and onto a new page each. Numbered channels last on both sides, the same row
/// reads 3 runs of 128 neighbouring inputs, and the next row (the next output channel) reads the
/// same ones again from L1. So when a row reads many channels (``prefersChannelsInnermost(_:transposedProducts:)``)
/// ``matrix`` is compiled with both layouts channels-last, and the caller's tensors are relaid
/// out on the way in and out: O((rows + columns)·batch) against the product's O(nnz·batch).
/// When a row reads few channels but many rows share its inputs (a 3-channel stem with 64
/// outputs, ``prefersOutputChannelsInnermost(_:transposedProducts:)``) only the output side is
/// numbered channels-last: the rows of one position, one per output channel, come one after
/// another and read (or, in `Wᵀ·Y`, scatter into) the same inputs while they are in L1.
/// Both directions use this one `W`; a geometry already in that numbering (or with one channel
/// and one position per side) is used as it is.
///
/// Export and inspection keep the caller's numbering (``ConvolutionLayer/matrix(inputShape:)``).
public struct ConvolutionProduct: Sendable {
    /// The convolution in the caller's layouts (what `x` and `y` are in).
    public let geometry: ConvolutionGeometry
    /// `W` in the numbering the engines see (``productGeometry(of:)``).
    public let matrix: ConvolutionMatrix
    /// How ``applyTransposed(_:batch:bias:engine:threads:)`` reads `Wᵀ`.
    public let transposedProducts: TransposedProducts
    /// The copy of `Wᵀ` that ``TransposedProducts/explicitTranspose`` keeps.
    private let transposeCopy: TransposeCopy?

    /// Where `Wᵀ·Y` reads `Wᵀ` from.
    public enum TransposedProducts: String, CaseIterable, Sendable {
        /// `W` itself, as the mission has it: no second matrix. Through CHOLMOD this is its
        /// scatter loop (`cholmod_sdmult` without transpose on `A = Wᵀ`).
        case sameMatrix = "same-matrix"
        /// An explicit CSR copy of `Wᵀ`, formed once at init: the size of `W` again (12 bytes
        /// per stored entry with `Int32` indices). With zero padding it is compiled directly as
        /// the convolution whose matrix is `Wᵀ` (``ConvolutionGeometry/transposeGeometry()``),
        /// at the compiler's speed; with the other padding modes `cholmod_transpose` forms it.
        /// `Wᵀ·Y` then runs CHOLMOD's gather loop, the
        /// one `W·X` runs, which measured 1.2–1.9× faster than the scatter on the reference
        /// shapes (Intel Xeon, AVX-512). Only ``ConvolutionProduct/applyTransposed(_:batch:bias:engine:threads:)``
        /// reads it; export, inspection and ``ConvolutionProduct/backward(input:outputGradient:batch:direction:engine:)``
        /// use `W`.
        case explicitTranspose = "explicit-transpose"
    }

    /// The numbering `W` is compiled in for the products.
    public enum Numbering: String, CaseIterable, Sendable {
        /// Channels innermost when a row of `W` (or of the copy of `Wᵀ`) reads at least 8
        /// channels (``prefersChannelsInnermost(_:transposedProducts:)``); else the output
        /// channels innermost when the layer has one group and at least 8 output channels
        /// (``prefersOutputChannelsInnermost(_:transposedProducts:)``); else the caller's.
        case automatic
        /// The caller's layouts: the products read the batches as they are.
        case caller
        /// Both layouts channels-last.
        case channelsInnermost = "channels-innermost"
        /// The output layout channels-last, the input layout the caller's.
        case outputChannelsInnermost = "output-channels-innermost"
    }

    /// Compiles `W` of `geometry` in its product numbering, and with
    /// ``TransposedProducts/explicitTranspose`` also the copy of `Wᵀ`.
    ///
    /// - Throws: as ``ConvolutionMatrix/init(_:weights:options:)``; `.overBudget` naming
    ///   `transposedProducts` when the copy would not fit.
    /// - Complexity: that of the compile, O(rows + nnz), and as much again for the copy.
    public init(_ geometry: ConvolutionGeometry, weights: [Double], numbering: Numbering = .automatic,
                transposedProducts: TransposedProducts = .sameMatrix, options: CompileOptions = CompileOptions()) throws {
        let inner = try Self.productGeometry(of: geometry, numbering: numbering, transposedProducts: transposedProducts)
        let matrix = try ConvolutionMatrix(inner, weights: weights, options: options)
        self.init(geometry: geometry, matrix: matrix, transposedProducts: transposedProducts,
                  transposeCopy: transposedProducts == .explicitTranspose && matrix.nonzeroCount > 0 ? try TransposeCopy(matrix) : nil)
    }

    /// Bytes of the copy of `Wᵀ` (0 with ``TransposedProducts/sameMatrix``).
    public var transposeCopyBytes: Int { transposeCopy?.byteCount ?? 0 }

    /// Whether the channels-innermost numbering pays: a row of `W` reads `C_in/groups` channels,
    /// one short run each when channels come first. Measured (issue 11, Intel Xeon AVX-512):
    /// with 16–128 channels per group the products ran up to 5.9× faster channels innermost;
    /// depthwise (1 channel per row) they ran 2–4× slower, its rows being contiguous already.
    ///
    /// With ``TransposedProducts/explicitTranspose`` the rows of the copy of `Wᵀ` read
    /// `C_out/groups` channels each, so either side reading at least 8 channels switches:
    /// measured on conv2d_c3to64_224_k7s2 (3 input, 64 output channels), `Wᵀ·Y` through the copy
    /// took 448 ms channels innermost against 658 ms in the caller's numbering, `W·X` 494 against 446.
    public static func prefersChannelsInnermost(_ geometry: ConvolutionGeometry,
                                                transposedProducts: TransposedProducts = .sameMatrix) -> Bool {
        geometry.inChannelsPerGroup >= 8 || (transposedProducts == .explicitTranspose && geometry.outChannelsPerGroup >= 8)
    }

    /// Whether numbering only the outputs channels innermost pays: one group, fewer than 8
    /// input channels (``prefersChannelsInnermost(_:transposedProducts:)`` is false) and at
    /// least 8 output channels, with `W` alone. The `C_out` rows of one output position then
    /// lie together and read the same inputs. Measured on conv2d_c3to64_224_k7s2 (AMD EPYC,
    /// one thread, three alternating runs each): `Wᵀ·Y` 456–473 ms against 558–583 in the
    /// caller's numbering, `W·X` 464–480 against 434–474 (the output's relayout, 6.4 M values
    /// a sample, is what it adds); both sides channels innermost measured 476–598 and 477–497.
    public static func prefersOutputChannelsInnermost(_ geometry: ConvolutionGeometry,
                                                      transposedProducts: TransposedProducts = .sameMatrix) -> Bool {
        transposedProducts == .sameMatrix && geometry.groups == 1 && geometry.outChannels >= 8
            && !prefersChannelsInnermost(geometry, transposedProducts: transposedProducts)
    }

    /// From a matrix already compiled for ``productGeometry(of:)`` of `geometry`.
    init(geometry: ConvolutionGeometry, matrix: ConvolutionMatrix, transposedProducts: TransposedProducts = .sameMatrix,
         transposeCopy: TransposeCopy? = nil) {
        self.geometry = geometry
        self.matrix = matrix
        self.transposedProducts = transposedProducts
        self.transposeCopy = transposeCopy
    }

    /// The geometry `W` is compiled in for the products: `geometry` itself, or with both
    /// layouts, or the output layout, channels-last.
    public static func productGeometry(of geometry: ConvolutionGeometry, numbering: Numbering = .automatic,
                                       transposedProducts: TransposedProducts = .sameMatrix) throws -> ConvolutionGeometry {
        let input: TensorLayout
        switch numbering {
        case .caller: return geometry
        case .channelsInnermost: input = .channelsLast
        case .outputChannelsInnermost: input = geometry.inputLayout
        case .automatic:
            if prefersChannelsInnermost(geometry, transposedProducts: transposedProducts) {
                input = .channelsLast
            } else if prefersOutputChannelsInnermost(geometry, transposedProducts: transposedProducts) {
                input = geometry.inputLayout
            } else {
                return geometry
            }
        }
        if geometry.inputLayout == input, geometry.outputLayout == .channelsLast { return geometry }
        return try ConvolutionGeometry(inChannels: geometry.inChannels, outChannels: geometry.outChannels, groups: geometry.groups,
                                       axes: geometry.axes, paddingMode: geometry.paddingMode,
                                       inputLayout: input, outputLayout: .channelsLast)
    }

    /// `Y = W·X + b` for `batch` samples in the caller's layouts (as ``ConvolutionMatrix/apply(_:batch:bias:engine:threads:)``).
    ///
    /// - Throws: as ``ConvolutionMatrix/apply(_:batch:bias:engine:threads:)``, and `.overBudget`
    ///   before the relaid-out copies if they would not fit.
    /// - Complexity: O(nnz·batch) for the product, O((rows + columns)·batch) to relay out.
    public func apply(_ x: [Double], batch: Int, bias: [Double]? = nil, engine: SparseEngine = .cholmod,
                      threads: Int = 1) throws -> [Double] {
        try product(x, transposed: false, batch: batch, bias: bias, engine: engine, threads: threads)
    }

    /// `X = Wᵀ·Y + b` for `batch` samples in the caller's layouts, with the same `W` (or the
    /// copy of `Wᵀ`, see ``transposedProducts``).
    ///
    /// - Throws: as ``ConvolutionMatrix/applyTransposed(_:batch:bias:engine:threads:)``.
    /// - Complexity: as ``apply(_:batch:bias:engine:threads:)``.
    public func applyTransposed(_ y: [Double], batch: Int, bias: [Double]? = nil, engine: SparseEngine = .cholmod,
                                threads: Int = 1) throws -> [Double] {
        try product(y, transposed: true, batch: batch, bias: bias, engine: engine, threads: threads)
    }

    /// `W·X` (`x` on the input side, the result on the output side) or `Wᵀ·Y` (the other way),
    /// relaid out in and out.
    private func product(_ values: [Double], transposed: Bool, batch: Int, bias: [Double]?, engine: SparseEngine,
                         threads: Int) throws -> [Double] {
        try checkBatch(batch)
        let (from, to): (Side, Side) = transposed ? (.output, .input) : (.input, .output)
        try checkCount(transposed ? "y.count" : "x.count", values, side: from, batch: batch)
        let inner = try relaid(values, side: from, toProduct: true, batch: batch, threads: threads)
        let result: [Double]
        if transposed, let transposeCopy {
            let g = matrix.geometry
            result = try biasedProduct(bias, batch: batch, channels: g.inChannels, shape: g.inputShape,
                                       layout: g.inputLayout) { x, beta in
                try inner.withUnsafeBufferPointer { y in
                    try transposeCopy.apply(y, columns: batch, into: x, beta: beta, engine: engine, threads: threads)
                }
            }
        } else {
            result = transposed
                ? try matrix.applyTransposed(inner, batch: batch, bias: bias, engine: engine, threads: threads)
                : try matrix.apply(inner, batch: batch, bias: bias, engine: engine, threads: threads)
        }
        return try relaid(result, side: to, toProduct: false, batch: batch, threads: threads)
    }

    /// Gradients of the layer `W` belongs to (as ``ConvolutionMatrix/backward(input:outputGradient:batch:direction:engine:)``),
    /// with `input`, `outputGradient` and the input gradient in the caller's layouts; the weight
    /// and bias gradients do not depend on the numbering.
    ///
    /// - Complexity: O(nnz·batch) (O(incidences·batch) with multi-tap entries), plus the relayouts.
    public func backward(input: [Double], outputGradient: [Double], batch: Int, direction: Convolution.Direction = .forward,
                         engine: SparseEngine = .cholmod) throws -> ConvolutionGradients {
        try checkBatch(batch)
        // A convolution reads x (columns) and writes y (rows); a transposed one the other way.
        let (inputSide, outputSide): (Side, Side) = direction == .forward ? (.input, .output) : (.output, .input)
        try checkCount("input.count", input, side: inputSide, batch: batch)
        try checkCount("outputGradient.count", outputGradient, side: outputSide, batch: batch)
        let result = try matrix.backward(input: relaid(input, side: inputSide, toProduct: true, batch: batch),
                                         outputGradient: relaid(outputGradient, side: outputSide, toProduct: true, batch: batch),
                                         batch: batch, direction: direction, engine: engine)
        return ConvolutionGradients(input: try relaid(result.input, side: inputSide, toProduct: false, batch: batch),
                                    weights: result.weights, bias: result.bias)
    }

    enum Side { case input, output }

    /// Throws `.shapeMismatch` naming `name` unless `values` holds `batch` samples of `side`
    /// (columns of `W` for the input, rows for the output) — checked before any relayout reads them.
    private func checkCount(_ name: String, _ values: [Double], side: Side, batch: Int) throws {
        try checkLength(name, values.count, side == .input ? "batch·columnCount" : "batch·rowCount", batch,
                        side == .input ? matrix.columnCount : matrix.rowCount)
    }

    /// The relayout of one side between the caller's layout and the product's.
    func relayout(_ side: Side) -> SampleRelayout {
        let inner = matrix.geometry
        return side == .input
            ? SampleRelayout(extents: geometry.inputShape, from: geometry.inputLayout, to: inner.inputLayout)
            : SampleRelayout(extents: geometry.outputShape, from: geometry.outputLayout, to: inner.outputLayout)
    }

    /// `values` relaid out to the product's numbering (`toProduct`) or back, the samples shared
    /// among up to `threads` threads; the array itself when the two orders agree.
    private func relaid(_ values: [Double], side: Side, toProduct: Bool, batch: Int, threads: Int = 1) throws -> [Double] {
        let forward = relayout(side)
        let move = toProduct ? forward : SampleRelayout(extents: forward.extents, from: forward.to, to: forward.from)
        if move.isIdentity || values.isEmpty { return values }
        try checkMemory(elements: values.count, size: MemoryLayout<Double>.stride, parameter: "batch", value: "\(batch)",
                        what: "the \(side == .input ? "input" : "output") relaid out for the product numbering")
        return [Double](unsafeUninitializedCapacity: values.count) { buffer, initialized in
            values.withUnsafeBufferPointer { move.apply($0.baseAddress!, into: buffer.baseAddress!, batch: batch, threads: threads) }
            initialized = values.count
        }
    }
}
