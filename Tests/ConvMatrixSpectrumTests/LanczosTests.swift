// Lanczos (ARPACK through CHOLMOD) forced on mid-size layers, against the Jacobian's SVD.
import ConvMatrix
import ConvMatrixSpectrum
import ConvMatrixTestSupport
import Testing

/// Mid-size layers (a few hundred to ~1,500 columns): every padding mode, strides, a transposed one.
let lanczosLayers = randomLayers(count: 8, base: 5000, maxColumns: 1500).filter {
    ((try? $0.layer.convolution(inputShape: $0.inputShape).inputCount) ?? 0) >= 60
}

@Suite struct LanczosTests {
    @Test("Lanczos: top-5 and the smallest agree with the Jacobian's SVD to 1e-10 relative", arguments: lanczosLayers)
    func lanczosAgreesWithJacobian(_ probe: ProbeLayer) throws {
        let truth = try truthSpectrum(probe.layer, inputShape: probe.inputShape)
        let k = truth.count, top = min(5, k - 1)
        let report = try probe.layer.spectrum(inputShape: probe.inputShape, top: top, bottom: 2, method: .lanczos)
        let floor = Double(max(report.rows, report.columns)) * Double.ulpOfOne * truth[0] * 4
        #expect(report.method == .lanczos)
        for i in 0..<top {
            #expect(agree(report.top[i], truth[i], tolerance: 1e-10, floor: floor), "\(probe): top[\(i)] \(report.top[i]) vs \(truth[i])")
        }
        for i in 0..<2 {
            #expect(agree(report.bottom[i], truth[k - 1 - i], tolerance: 1e-10, floor: floor),
                    "\(probe): bottom[\(i)] \(report.bottom[i]) vs \(truth[k - 1 - i])")
        }
    }

    @Test("Lanczos on a rank-deficient layer (stride 3 > kernel 2 leaves inputs unread): zeros, shift and honest rank")
    func rankDeficient() throws {
        let layer = try ConvolutionLayer.conv2d(inChannels: 2, outChannels: 3, kernelSize: 2, stride: 3,
                                                weights: randomValues(24, seed: 7))
        let shape = [1, 2, 9, 9]
        let truth = try truthSpectrum(layer, inputShape: shape)
        // 9 = 3·3 positions per axis read 2 of every 3 inputs: 2·6·6 = 72 of 162 columns are read,
        // W is 27 × 162, wide, of full row rank 27 (generic weights): the 27 values are all non-zero.
        let report = try layer.spectrum(inputShape: shape, top: 3, bottom: 3, method: .lanczos)
        for i in 0..<3 {
            #expect(agree(report.bottom[i], truth[truth.count - 1 - i], tolerance: 1e-10, floor: 0))
        }
        #expect(report.rank == 27)
        let tall = try ConvolutionLayer.convTranspose2d(inChannels: 3, outChannels: 2, kernelSize: 2, stride: 3,
                                                        weights: randomValues(24, seed: 7))
        // The transposed layer maps 27 inputs to 162 outputs: the same 27 values.
        let transposed = try tall.spectrum(inputShape: [1, 3, 3, 3], top: 3, bottom: 3, method: .lanczos)
        for i in 0..<3 { #expect(agree(transposed.top[i], report.top[i], tolerance: 1e-10, floor: 0)) }
    }

    @Test("Lanczos with a singular WᵀW: a zero column (a 1×1 kernel whose stride skips inputs) needs the shift")
    func singularNormalMatrix() throws {
        // 1-d, 2 channels in, 4 out, kernel 1, stride 2 on 9 inputs: W is 20 × 18 (tall); positions
        // 0, 2, 4, 6, 8 are read and 1, 3, 5, 7 never, so WᵀW has 2 · 4 = 8 zero columns. Each read
        // position meets the same 4 × 2 kernel block (rank 2): rank 2 · 5 = 10 of 18, every
        // non-zero value five times over.
        let layer = try ConvolutionLayer.conv1d(inChannels: 2, outChannels: 4, kernelSize: 1, stride: 2,
                                                weights: randomValues(8, seed: 11))
        let shape = [1, 2, 9]
        let truth = try truthSpectrum(layer, inputShape: shape)
        let report = try layer.spectrum(inputShape: shape, top: 2, bottom: 10, method: .lanczos)
        #expect(report.shift > 0)
        #expect(report.bottom.prefix(8).allSatisfy { $0 <= report.rankTolerance })
        #expect(agree(report.bottom[8], truth[9], tolerance: 1e-10, floor: 0))
        #expect(report.rank == 10)
        #expect(report.conditionNumber! > 1e10)
    }
}

@Suite struct LanczosMultiplicityTests {
    @Test("Lanczos finds every copy of a multiple value: two groups with the same weights double every value")
    func identicalGroups() throws {
        let half = randomValues(2 * 2 * 9, seed: 21)
        let layer = try ConvolutionLayer.conv2d(inChannels: 4, outChannels: 4, kernelSize: 3, padding: 1, groups: 2,
                                                weights: half + half)
        let shape = [1, 4, 12, 12]
        let truth = try truthSpectrum(layer, inputShape: shape)
        // W is two identical 288 × 288 blocks on the diagonal: truth[2i] = truth[2i + 1].
        #expect(abs(truth[0] - truth[1]) <= 1e-12 * truth[0])
        let report = try layer.spectrum(inputShape: shape, top: 8, bottom: 4, method: .lanczos)
        for i in 0..<8 { #expect(agree(report.top[i], truth[i], tolerance: 1e-10, floor: 0), "top[\(i)] \(report.top[i]) vs \(truth[i])") }
        for i in 0..<4 {
            #expect(agree(report.bottom[i], truth[truth.count - 1 - i], tolerance: 1e-10, floor: 0),
                    "bottom[\(i)] \(report.bottom[i]) vs \(truth[truth.count - 1 - i])")
        }
    }
}
