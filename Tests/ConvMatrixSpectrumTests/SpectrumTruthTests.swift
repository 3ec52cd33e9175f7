// The spectrum against the dense Jacobian of the direct convolution (JacobianTruth.swift).
import ConvMatrix
import ConvMatrixSpectrum
import Testing

/// 60 random layers (zero/reflect/replicate/circular, strides 1–3, dilation, groups, 1-D/2-D/3-D,
/// a third transposed), small enough for a dense Jacobian.
let sweepLayers = randomLayers(count: 60, base: 1000, maxColumns: 240)

@Suite struct SpectrumTruthTests {
    @Test("the sweep covers every padding mode, strides, dilation, groups, ranks 1–3 and ConvTranspose")
    func coverage() throws {
        let convolutions = try sweepLayers.map { try $0.layer.convolution(inputShape: $0.inputShape).geometry }
        #expect(Set(convolutions.map(\.paddingMode)) == Set(PaddingMode.allCases))
        #expect(Set(convolutions.map(\.spatialRank)) == [1, 2, 3])
        #expect(convolutions.contains { $0.axes.contains { $0.stride > 1 } })
        #expect(convolutions.contains { $0.axes.contains { $0.dilation > 1 } })
        #expect(convolutions.contains { $0.groups > 1 })
        #expect(sweepLayers.contains { $0.layer.isTransposed })
        #expect(sweepLayers.count >= 50)
    }

    @Test("dense: top-5 and the smallest agree with the Jacobian's SVD to 1e-10 relative", arguments: sweepLayers)
    func denseAgreesWithJacobian(_ probe: ProbeLayer) throws {
        let truth = try truthSpectrum(probe.layer, inputShape: probe.inputShape)
        let k = truth.count, top = min(5, k)
        let report = try probe.layer.spectrum(inputShape: probe.inputShape, top: top, bottom: 1, method: .dense)
        let floor = Double(max(report.rows, report.columns)) * Double.ulpOfOne * truth[0] * 4
        #expect(report.method == .dense)
        #expect(report.count == k, "\(probe)")
        for i in 0..<top {
            #expect(agree(report.top[i], truth[i], tolerance: 1e-10, floor: floor), "\(probe): top[\(i)] \(report.top[i]) vs \(truth[i])")
        }
        #expect(agree(report.bottom[0], truth[k - 1], tolerance: 1e-10, floor: floor),
                "\(probe): smallest \(report.bottom[0]) vs \(truth[k - 1])")
        #expect(report.norm == report.top[0])
        #expect(report.rank == truth.filter { $0 > report.rankTolerance }.count || truth.contains { abs($0 - report.rankTolerance) < floor },
                "\(probe): rank \(String(describing: report.rank))")
        for r in report.topResiduals + report.bottomResiduals {
            #expect(r <= 1e-10 * max(1, truth[0] * truth[0]), "\(probe): residual \(r)")
        }
    }
}
