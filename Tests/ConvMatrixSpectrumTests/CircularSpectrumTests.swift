// The FFT closed form (Sedghi et al.) against the Jacobian's SVD and against Lanczos; PyTorch's
// reshaped-kernel estimate; the typed errors.
import ConvMatrix
import ConvMatrixSpectrum
import ConvMatrixTestSupport
import Testing

/// Circular stride-1 layers whose output is as large as the input: 1-d/2-d/3-d, dilation, groups.
let circularLayers = randomLayers(count: 200, base: 9000, maxColumns: 200, modes: [.circular], strides: [1],
                                  transposed: false).filter { probe in
    guard let g = try? probe.layer.convolution(inputShape: probe.inputShape).geometry else { return false }
    return g.axes.allSatisfy { $0.padBegin + $0.padEnd == $0.dilation * ($0.kernelSize - 1) }
}

@Suite struct CircularSpectrumTests {
    @Test("the circular sweep has dilation, groups and three ranks")
    func coverage() {
        #expect(circularLayers.count >= 8)
        let g = circularLayers.compactMap { try? $0.layer.convolution(inputShape: $0.inputShape).geometry }
        #expect(Set(g.map(\.spatialRank)).count >= 2)
        #expect(g.contains { $0.groups > 1 })
    }

    @Test("fft: every singular value agrees with the Jacobian's SVD to 1e-10 relative", arguments: circularLayers)
    func fftAgreesWithJacobian(_ probe: ProbeLayer) throws {
        let truth = try truthSpectrum(probe.layer, inputShape: probe.inputShape)
        let report = try probe.layer.spectrum(inputShape: probe.inputShape, top: 1, bottom: 1, method: .fft)
        let floor = Double(truth.count) * Double.ulpOfOne * truth[0] * 4
        #expect(report.all!.count == truth.count)
        for (value, expected) in zip(report.all!, truth) {
            #expect(agree(value, expected, tolerance: 1e-10, floor: floor), "\(probe): \(value) vs \(expected)")
        }
    }

    @Test("fft and Lanczos agree on a 4-channel 16×16 circular layer (1,024 columns), doubled values included")
    func fftAgreesWithLanczos() throws {
        let layer = try ConvolutionLayer.conv2d(inChannels: 4, outChannels: 4, kernelSize: 3, padding: 1, paddingMode: .circular,
                                                weights: randomValues(144, seed: 3))
        let shape = [1, 4, 16, 16]
        let fft = try layer.spectrum(inputShape: shape, top: 6, bottom: 3, method: .fft)
        let lanczos = try layer.spectrum(inputShape: shape, top: 6, bottom: 3, method: .lanczos)
        // Frequencies f and −f give conjugate blocks: every value off the self-conjugate
        // frequencies appears twice, so the top six hold pairs.
        #expect(zip(fft.top, fft.top.dropFirst()).contains { abs($0 - $1) <= 1e-12 * fft.norm })
        for (a, b) in zip(lanczos.top, fft.top) { #expect(abs(a - b) <= 1e-10 * b, "top \(a) vs \(b)") }
        for (a, b) in zip(lanczos.bottom, fft.bottom) { #expect(abs(a - b) <= 1e-10 * b, "bottom \(a) vs \(b)") }
    }

    @Test("PyTorch's spectral_norm estimate: a single output channel's reshaped kernel is a row, whose norm it is")
    func reshapedKernelEstimate() throws {
        let w = randomValues(18, seed: 5)
        let euclidean = w.map { $0 * $0 }.reduce(0, +).squareRoot()
        let conv = try ConvolutionLayer.conv2d(inChannels: 2, outChannels: 1, kernelSize: 3, padding: 1, weights: w)
        #expect(abs(try conv.spectrum(inputShape: [1, 2, 5, 5], top: 1, bottom: 0).spectralNormEstimate - euclidean) <= 1e-14)
        // ConvTranspose weight (C_in = 2, C_out = 1, 3, 3): dim = 1 puts the single output channel first.
        let transposed = try ConvolutionLayer.convTranspose2d(inChannels: 2, outChannels: 1, kernelSize: 3, weights: w)
        #expect(abs(try transposed.spectrum(inputShape: [1, 2, 4, 4], top: 1, bottom: 0).spectralNormEstimate - euclidean) <= 1e-14)
        // A 1×1 kernel with one input channel: the reshaped kernel (C_out × 1) is W's only block, so
        // both are ‖w‖ — the one case where PyTorch's estimate is the operator norm.
        let pointwise = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 3, kernelSize: 1, weights: [3, 0, 4])
        let report = try pointwise.spectrum(inputShape: [1, 1, 3, 3], top: 1, bottom: 0)
        #expect(abs(report.norm - 5) <= 1e-14 && abs(report.spectralNormEstimate - 5) <= 1e-14)
    }

    @Test("bad requests are typed errors naming the parameter")
    func errors() throws {
        let layer = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 2, kernelSize: 3, padding: 1, weights: randomValues(18, seed: 1))
        let shape = [1, 1, 4, 4]
        #expect { try layer.spectrum(inputShape: shape, top: 0) } throws: { ($0 as? ConvMatrixError)?.parameter == "top" }
        #expect { try layer.spectrum(inputShape: shape, top: 17) } throws: { ($0 as? ConvMatrixError)?.parameter == "top" }
        #expect { try layer.spectrum(inputShape: shape, bottom: 16, method: .lanczos) } throws: {
            ($0 as? ConvMatrixError)?.parameter == "bottom"
        }
        #expect { try layer.spectrum(inputShape: shape, method: .fft) } throws: {
            ($0 as? ConvMatrixError)?.kind == .unsupported && ($0 as? ConvMatrixError)?.parameter == "method"
        }
        let strided = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 3, stride: 2, padding: 1,
                                                  paddingMode: .circular, weights: randomValues(9, seed: 1))
        #expect { try strided.spectrum(inputShape: shape, method: .fft) } throws: { ($0 as? ConvMatrixError)?.rule.contains("stride 1") == true }
        // A dense 10⁶ × 10⁶ W (8 TB) is refused before anything that size is allocated.
        let pointwise = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 1, weights: [2])
        #expect { try pointwise.spectrum(inputShape: [1, 1, 1000, 1000], method: .dense) } throws: {
            ($0 as? ConvMatrixError)?.kind == .overBudget
        }
    }
}
