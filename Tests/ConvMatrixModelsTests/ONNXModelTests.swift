// ONNXModel on the committed fixtures (written by the onnx package) and on models built here.
import ConvMatrix
@testable import ConvMatrixModels
import ConvMatrixTestSupport
import Foundation
import Testing

/// The weight pattern of make_fixtures.py: w[i] = ((5·i) mod 11 − 5) / 4, exact in every float type.
func fixturePattern(_ count: Int) -> [Double] { (0..<count).map { Double((5 * $0) % 11 - 5) / 4 } }

@Suite struct ONNXModelTests {
    @Test func chainOfTwoConvsFromTheOnnxPackage() throws {
        let model = try ONNXModel(contentsOf: Fixtures.model("two_convs.onnx"))
        #expect(model.nodeCount == 3)
        #expect(model.convolutionLayers.map(\.name) == ["conv1", "conv2"])
        let conv1 = try model.layer(named: "conv1"), conv2 = try model.layer(named: "conv2")
        #expect(conv1.op == .conv && conv1.index == 0 && conv2.index == 2)
        #expect(conv1.attributes == ONNXAttributes(kernelShape: [3, 3], pads: [1, 1, 1, 1]))
        #expect(conv2.attributes == ONNXAttributes(strides: [2, 2]))
        #expect(conv1.weightName == "w1")
        #expect(conv1.weightShape == [4, 3, 3, 3])
        #expect(conv1.weightType == .float32)
        #expect(conv1.weights == fixturePattern(108))
        #expect(conv1.biasName == "b1")
        #expect(conv1.bias == [-1, 0, 1, 2])
        #expect(conv2.biasName == nil && conv2.bias == nil)
        #expect(conv2.weights == fixturePattern(32))
        // x is (N, 3, 6, 6): the symbolic batch is taken as 1; conv1 keeps 6 × 6 (pads 1, k 3).
        #expect(conv1.inputShape == [1, 3, 6, 6])
        #expect(conv1.inputShapeSource == "graph input 'x', batch 'N' taken as 1")
        // h has no value_info: its shape comes from conv1.
        #expect(conv2.inputShape == [1, 4, 6, 6] && conv2.inputShapeSource == "inferred from node 'conv1'")
        #expect(throws: ConvMatrixError.self) { try model.layer(named: "relu") }
    }

    /// conv1 applied through W equals a direct convolution written here as plain loops.
    @Test func nodeLayerComputesTheConvolutionOfItsAttributes() throws {
        let conv1 = try ONNXModel(contentsOf: Fixtures.model("two_convs.onnx")).layer(named: "conv1")
        let layer = try conv1.layer()
        let x = (0..<108).map { Double(($0 * 7) % 13) - 6 }
        let y = try layer(Tensor(shape: [1, 3, 6, 6], scalars: x))
        var expected = [Double](repeating: 0, count: 4 * 36)
        for m in 0..<4 {
            for i in 0..<6 {
                for j in 0..<6 {
                    var sum = Double(m - 1)  // b[m] = m − 1
                    for c in 0..<3 {
                        for ki in 0..<3 {
                            for kj in 0..<3 {
                                let (r, s) = (i - 1 + ki, j - 1 + kj)  // pads 1
                                guard (0..<6).contains(r), (0..<6).contains(s) else { continue }
                                sum += conv1.weights[((m * 3 + c) * 3 + ki) * 3 + kj] * x[(c * 6 + r) * 6 + s]
                            }
                        }
                    }
                    expected[(m * 6 + i) * 6 + j] = sum
                }
            }
        }
        #expect(y.shape == [1, 4, 6, 6])
        #expect(zip(y.scalars, expected).allSatisfy { abs($0 - $1) <= 1e-12 })
    }

    @Test func float16ConvTransposeWithExternalData() throws {
        let model = try ONNXModel(contentsOf: Fixtures.model("external/up.onnx"))
        let up = try model.layer(named: "up")
        #expect(up.op == .convTranspose && up.weightType == .float16)
        #expect(up.weightShape == [2, 3, 3, 3])
        #expect(up.weights == fixturePattern(54))
        #expect(up.attributes == ONNXAttributes(strides: [2, 2], pads: [1, 1, 1, 1], outputPadding: [1, 1]))
        #expect(up.inputShape == nil && up.inputShapeSource == "graph input 'x' states no shape")
        // Output length (m−1)·s − 2p + k + output_padding = 2·2 − 2 + 3 + 1 = 6 for m = 3.
        #expect(try up.layer().outputShape(inputShape: [1, 2, 3, 3]) == [1, 3, 6, 6])
        // The same bytes without a folder cannot reach the external file.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.model("external/up.onnx"))))
        let error = try #require(throws: ConvMatrixError.self) { try ONNXModel(bytes: bytes, directory: nil) }
        #expect(error.parameter.contains("graph.initializer[0].external_data"))
    }
}
