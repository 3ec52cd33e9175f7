import Foundation
import Testing

/// `convmat spectrum`: the JSON names the issue fixes, values derived by hand, the text a learner
/// reads, and typed errors.
@Suite struct SpectrumCommandTests {
    /// A 1×1 kernel w = [3, 4] from one input channel to two output channels on 2 positions:
    /// W = [w ⊗ I₂] is 4 × 2 with WᵀW = (9 + 16)·I₂, so both singular values are 5, and the
    /// reshaped kernel (2 × 1) has the same σ_max = 5 (the one case where PyTorch's estimate is exact).
    @Test func jsonHasTheStableNames() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("spectrum-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let weights = scratch.appendingPathComponent("w.npy").path
        // NumPy .npy v1.0: float64 (2, 1, 1), values 3 and 4.
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1, 1), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
        for value in [3.0, 4.0] { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        try Data(bytes).write(to: URL(fileURLWithPath: weights))
        let result = try CLI.run(["spectrum", "nn.Conv1d(1, 2, 1, bias=False)", "--input", "1x1x2", "--weights", weights,
                                  "--top", "2", "--bottom", "2", "--json"])
        #expect(result.status == 0, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["top", "bottom", "norm", "condition_number", "rank", "method", "residuals", "spectral_norm_estimate",
                    "rows", "columns", "seconds"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let top = try #require(object["top"] as? [Double]), bottom = try #require(object["bottom"] as? [Double])
        #expect(top.count == 2 && top.allSatisfy { abs($0 - 5) <= 1e-14 })
        #expect(bottom.count == 2 && bottom.allSatisfy { abs($0 - 5) <= 1e-14 })
        #expect(abs((object["norm"] as? Double ?? 0) - 5) <= 1e-14)
        #expect(abs((object["condition_number"] as? Double ?? 0) - 1) <= 1e-14)
        #expect(object["rank"] as? Int == 2)
        #expect(object["method"] as? String == "dense")
        #expect(object["rows"] as? Int == 4 && object["columns"] as? Int == 2)
        #expect(abs((object["spectral_norm_estimate"] as? Double ?? 0) - 5) <= 1e-14)
    }

    @Test func textNamesNormConditionRankAndPyTorch() throws {
        let result = try CLI.run(["spectrum", "nn.Conv2d(1, 1, 3, padding=1, padding_mode='circular', bias=False)",
                                  "--input", "1x1x4x4", "--fill", "ones", "--method", "fft", "--top", "1", "--bottom", "1"])
        #expect(result.status == 0, "\(result)")
        // All-ones 3×3 kernel, circular, 4×4: the DFT per axis is 1 + 2·cos(2πf/4) ∈ {3, 1, −1, 1},
        // so σ_max = 3·3 = 9 and σ_min = 1·1 = 1; the reshaped kernel is a 1 × 9 row of ones: 3.
        #expect(result.stdout.contains("  σ₁ = 9\n"), "\(result)")
        #expect(result.stdout.contains("  σ₁₆ = 1\n"), "\(result)")
        #expect(result.stdout.contains("‖W‖₂       9  (σ_max: the layer's Lipschitz constant, bias aside)"))
        #expect(result.stdout.contains("PyTorch    3  (spectral_norm: σ_max of the reshaped kernel; ‖W‖₂ is 3× that)"))
        #expect(result.stdout.contains("condition  9  (σ_max / σ_min)"))
        #expect(result.stdout.contains("rank       16 of 16: full rank"))
    }

    @Test func fftOnAZeroPaddedLayerIsATypedError() throws {
        let result = try CLI.run(["spectrum", "nn.Conv2d(1, 1, 3, padding=1)", "--input", "1x1x4x4", "--method", "fft"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("method = fft: the FFT closed form needs padding_mode='circular'"), "\(result)")
    }
}
