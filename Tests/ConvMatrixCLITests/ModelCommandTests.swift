import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

/// `convmat layers`, `--onnx/--node` on the layer subcommands, `--tensor` for `.safetensors`, and
/// `export --onnx --all`, on the fixtures of Tests/ConvMatrixModelsTests/Fixtures (make_fixtures.py).
@Suite struct ModelCommandTests {
    static let folder = URL(fileURLWithPath: Fixtures.modelsDirectory)
    /// make_fixtures.py's weights: w[i] = ((5·i) mod 11 − 5) / 4.
    static func pattern(_ n: Int) -> [Double] { (0..<n).map { Double((5 * $0) % 11 - 5) / 4 } }

    @Test func layersListsEveryConvNode() throws {
        let result = try CLI.run(["layers", "two_convs.onnx"], in: Self.folder)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == """
            two_convs.onnx: 2 conv nodes among 3 nodes

            node conv1 (Conv)
              attributes  kernel_shape=[3, 3] pads=[1, 1, 1, 1]
              weight W    w1 (4, 3, 3, 3) float32
              bias B      b1 (4,)
              input X     x (1, 3, 6, 6) (graph input 'x', batch 'N' taken as 1)
              output Y    h (1, 4, 6, 6)
              use         convmat show --onnx two_convs.onnx --node conv1

            node conv2 (Conv)
              attributes  strides=[2, 2]
              weight W    w2 (2, 4, 2, 2) float32
              bias B      none
              input X     h (1, 4, 6, 6) (inferred from node 'conv1')
              output Y    y (1, 2, 3, 3)
              use         convmat show --onnx two_convs.onnx --node conv2

            """, "\(result)")
        let unknown = try CLI.run(["layers", "external/up.onnx"], in: Self.folder)
        #expect(unknown.stdout.contains("input X     x, shape unknown (graph input 'x' states no shape): give --input SHAPE"), "\(unknown)")
    }

    /// conv2 (4 → 2 channels, 2 × 2, stride 2, no bias) applied by convmat equals the loops here.
    @Test func applyTakesTheNodesAttributesAndWeights() throws {
        let dir = TemporaryDirectory()
        let x = (0..<144).map { Double(($0 * 7) % 13) - 6 }
        try NumPyArray(shape: [4, 6, 6], storage: .float64(x)).write(to: dir.path("x.npy"))
        let result = try CLI.run(["apply", "--onnx", "two_convs.onnx", "--node", "conv2", "--input", dir.path("x.npy"),
                                  "--output", dir.path("y.npy")], in: Self.folder)
        #expect(result.status == 0, "\(result)")
        let y = try NumPyArray(contentsOf: dir.path("y.npy"))
        let w = Self.pattern(32)
        var expected = [Double](repeating: 0, count: 18)
        for m in 0..<2 {
            for i in 0..<3 {
                for j in 0..<3 {
                    for c in 0..<4 {
                        for ki in 0..<2 {
                            for kj in 0..<2 {
                                expected[(m * 3 + i) * 3 + j] += w[((m * 4 + c) * 2 + ki) * 2 + kj] * x[(c * 6 + 2 * i + ki) * 6 + 2 * j + kj]
                            }
                        }
                    }
                }
            }
        }
        #expect(y.shape == [2, 3, 3])
        #expect(try y.doubles() == expected)

        // verify accepts that output for the same node.
        let verified = try CLI.run(["verify", "--onnx", "two_convs.onnx", "--node", "conv2", "--input", dir.path("x.npy"),
                                    "--output", dir.path("y.npy")], in: Self.folder)
        #expect(verified.status == 0, "\(verified)")
    }

    @Test func safetensorsWeightsGiveTheSameMatrixAsTheModel() throws {
        let dir = TemporaryDirectory()
        let all = try CLI.run(["export", "--onnx", "two_convs.onnx", "--all", "--output-dir", dir.path("out")], in: Self.folder)
        #expect(all.status == 0, "\(all)")
        #expect(dir.contents == ["out"])
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: dir.path("out/manifest.json")))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let layers = try #require(manifest["layers"] as? [[String: Any]])
        #expect(layers.map { $0["node"] as? String } == ["conv1", "conv2"])
        #expect(layers.map { $0["file"] as? String } == ["000_conv1.npz", "002_conv2.npz"])
        #expect(layers[1]["input_shape"] as? [Int] == [1, 4, 6, 6] && layers[1]["output_shape"] as? [Int] == [1, 2, 3, 3])
        #expect(layers[1]["nnz"] as? Int == 2 * 9 * 16)  // every output sees its full 4 × 2 × 2 window
        let fromModel = try SciPySparseNPZ.read(dir.path("out/002_conv2.npz"), as: Int64.self)
        for tensor in ["conv2.weight", "conv2.weight.f16", "conv2.weight.f64"] {
            let result = try CLI.run(["export", "nn.Conv2d(4, 2, 2, stride=2, bias=False)", "--input", "1x4x6x6",
                                      "--weights", "two_convs.safetensors", "--tensor", tensor, "--output", dir.path("w.npz")],
                                     in: Self.folder)
            #expect(result.status == 0, "\(result)")
            #expect(try SciPySparseNPZ.read(dir.path("w.npz"), as: Int64.self) == fromModel, "\(tensor)")
        }
    }

    @Test(arguments: [
        (["show", "--onnx", "external/up.onnx", "--node", "up"], "give it with --input"),
        (["show", "--onnx", "two_convs.onnx", "--node", "relu"], "its conv nodes: 'conv1', 'conv2'"),
        (["show", "--onnx", "two_convs.onnx"], "--node = missing"),
        (["show", "--onnx", "two_convs.onnx", "--node", "conv1", "--weights", "w.npy"], "drop --weights"),
        (["show", "nn.Conv2d(4, 2, 2)", "--input", "1x4x6x6", "--node", "conv1"], "--node names a node of --onnx"),
        (["show", "nn.Conv2d(4, 2, 2)", "--input", "1x4x6x6", "--weights", "two_convs.safetensors"], "say which with --tensor NAME"),
        (["show", "nn.Conv2d(4, 2, 2)", "--input", "1x4x6x6", "--weights", "w.npy", "--tensor", "w"], "--tensor names a tensor"),
        (["show", "nn.Conv2d(4, 2, 2)", "--input", "1x4x6x6", "--weights", "two_convs.safetensors", "--tensor", "nope"],
         "--tensor = nope: two_convs.safetensors has no tensor of that name"),
        (["show", "nn.Conv2d(4, 2, 2)", "--input", "1x4x6x6", "--weights", "two_convs.safetensors", "--tensor", "conv1.weight"],
         "must be the layer's weight shape (2, 4, 2, 2)"),
        (["export", "--onnx", "two_convs.onnx", "--all", "--node", "conv1", "--output-dir", "x"], "drop --node"),
        (["layers", "two_convs.safetensors"], "two_convs.safetensors byte "),
    ])
    func mistakesAreNamed(_ arguments: [String], _ fragment: String) throws {
        let result = try CLI.run(arguments, in: Self.folder)
        #expect(result.status != 0, "\(result)")
        #expect(result.stderr.contains(fragment), "\(result)")
    }
}
