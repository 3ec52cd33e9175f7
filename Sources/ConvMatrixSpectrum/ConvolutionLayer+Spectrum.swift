import ConvMatrix

extension ConvolutionLayer {
    /// The singular values of the layer's `W` for an input of `inputShape` (batch ignored):
    /// the `top` largest, the `bottom` smallest, `‖W‖₂`, the condition number, the numerical
    /// rank, and PyTorch's `spectral_norm` estimate beside them.
    ///
    /// A `ConvTranspose` applies `Wᵀ`, which has the same singular values. The values are the
    /// `min(rows, columns)` that LAPACK's `gesvd` reports; the rank counts those above
    /// `max(rows, columns) · ε · σ_max`.
    ///
    /// ```swift
    /// let layer = try ConvolutionLayer.conv2d(inChannels: 3, outChannels: 8, kernelSize: 3, padding: 1, weights: w)
    /// let report = try layer.spectrum(inputShape: [1, 3, 16, 16], top: 3, bottom: 1)
    /// print(report.norm, report.conditionNumber ?? .nan, report.spectralNormEstimate)
    /// ```
    ///
    /// - Parameters:
    ///   - top: how many largest values (1 through `min(rows, columns)`; fewer than that for
    ///     `.lanczos`); `nil`: 5, or all there are when fewer.
    ///   - bottom: how many smallest values (0 through `min(rows, columns)`; fewer for `.lanczos`);
    ///     `nil`: 1 for `.dense` and `.fft`, which compute every value anyway, and 0 for `.lanczos`,
    ///     where the smallest values need a sparse Cholesky factorisation of `WᵀW` (whose fill
    ///     can exceed `W` many times over).
    ///   - method: `.auto` is `.dense` up to ``SpectrumMethod/denseColumnLimit`` columns of `W`,
    ///     `.lanczos` beyond; `.fft` only for circular stride-1 layers.
    /// - Throws: `.invalidParameter` naming `top` or `bottom` out of range; `.unsupported` naming
    ///   `method` for `.fft` on a layer without the closed form; `.overBudget` before any dense
    ///   matrix, factor or basis that would not fit; `.engine` when LAPACK, ARPACK or CHOLMOD
    ///   fails (ARPACK not converging is one); the layer's errors for `inputShape`.
    /// - Complexity: `.dense` O(m·n·min(m, n)); `.lanczos` O(nnz) per product, a few hundred
    ///   products for well-separated values, plus a sparse Cholesky factorisation for `bottom > 0`;
    ///   `.fft` O(C_out·C_in/g · N log N + N·g·(C_out/g)(C_in/g)·min(…)).
    public func spectrum(inputShape: [Int]? = nil, top requestedTop: Int? = nil, bottom requested: Int? = nil,
                         method: SpectrumMethod = .auto) throws -> SpectrumReport {
        let clock = ContinuousClock(), started = clock.now
        let convolution = try self.convolution(inputShape: inputShape)
        let g = convolution.geometry
        let rows = convolution.outputCount, columns = convolution.inputCount, k = min(rows, columns)
        let chosen: SpectrumMethod = method == .auto ? (g.inputCount <= SpectrumMethod.denseColumnLimit ? .dense : .lanczos) : method
        if chosen == .fft, let reason = CircularSpectrum.inapplicability(g) {
            throw ConvMatrixError(.unsupported, parameter: "method", value: "fft", rule: reason)
        }
        let limit = chosen == .lanczos ? k - 1 : k
        let top = requestedTop ?? max(1, min(5, limit))
        let bottom = requested ?? (chosen == .lanczos ? 0 : min(1, k))
        guard (1...max(1, limit)).contains(top), limit >= 1 else {
            throw ConvMatrixError(.invalidParameter, parameter: "top", value: "\(top)",
                                  rule: "must be in 1...\(limit): W has \(k) singular values" + (chosen == .lanczos ? " and Lanczos finds fewer than all (use method dense)" : ""))
        }
        guard (0...limit).contains(bottom) else {
            throw ConvMatrixError(.invalidParameter, parameter: "bottom", value: "\(bottom)",
                                  rule: "must be in 0...\(limit): W has \(k) singular values" + (chosen == .lanczos ? " and Lanczos finds fewer than all (use method dense)" : ""))
        }
        let parts: SingularParts
        switch chosen {
        case .fft:
            let all = try CircularSpectrum.values(g, weights: weights)
            parts = SingularParts(top: Array(all.prefix(top)), topResiduals: [], bottom: Array(all.reversed().prefix(bottom)),
                                  bottomResiduals: [], all: all, shift: 0)
        case .dense, .auto:
            parts = try DenseSpectrum.compute(matrix(inputShape: inputShape), top: top, bottom: bottom)
        case .lanczos:
            let w = try matrix(inputShape: inputShape)
            if w.values.allSatisfy({ $0 == 0 }) {
                parts = SingularParts(top: Array(repeating: 0, count: top), topResiduals: Array(repeating: 0, count: top),
                                      bottom: Array(repeating: 0, count: bottom), bottomResiduals: Array(repeating: 0, count: bottom),
                                      all: nil, shift: 0)
            } else {
                parts = try LanczosSpectrum.compute(w, top: top, bottom: bottom)
            }
        }
        let estimate = try KernelSpectralNorm.estimate(weights: weights, weightShape: weightShape, transposed: isTransposed)
        return SpectrumReport(parts, rows: rows, columns: columns, method: chosen, estimate: estimate,
                              seconds: (clock.now - started).seconds)
    }
}

extension SpectrumReport {
    /// Derives norm, condition number and rank from what a method computed.
    init(_ parts: SingularParts, rows: Int, columns: Int, method: SpectrumMethod, estimate: Double, seconds: Double) {
        let k = min(rows, columns), sigmaMax = parts.top.first ?? 0
        let tolerance = Double(max(rows, columns)) * Double.ulpOfOne * sigmaMax
        let rank: Int?
        if let all = parts.all {
            rank = all.filter { $0 > tolerance }.count
        } else if let largest = parts.bottom.last, largest > tolerance {
            rank = k - parts.bottom.filter { $0 <= tolerance }.count
        } else {
            rank = nil
        }
        let sigmaMin = parts.bottom.first
        self.init(rows: rows, columns: columns, method: method, top: parts.top, bottom: parts.bottom,
                  topResiduals: parts.topResiduals, bottomResiduals: parts.bottomResiduals, all: parts.all,
                  norm: sigmaMax, conditionNumber: sigmaMin.map { $0 == 0 ? .infinity : sigmaMax / $0 },
                  rank: rank, rankTolerance: tolerance, spectralNormEstimate: estimate, shift: parts.shift, seconds: seconds)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
