import ConvMatrix

/// The six reference shapes of `Tests/bench/peers_bench.py` (names as there), batch 8 unless
/// `--batch` says otherwise (the peers always run batch 8).
struct BenchShape {
    let name: String
    /// Samples per measurement.
    let batch: Int
    let layer: Convolution

    /// The batch of the reference shapes, the one the peers measure.
    static let referenceBatch = 8

    /// The shape names, in the benchmark's order.
    static let names = ["conv2d_c64_56_k3", "conv2d_c3to64_224_k7s2", "conv1d_c128_L4096_k3", "conv3d_c16_32_k3",
                        "convT2d_c64to32_28_k4s2p1", "dwconv2d_c64_56_k3"]

    static func all(batch: Int = referenceBatch) throws -> [BenchShape] {
        [
            BenchShape(name: "conv2d_c64_56_k3", batch: batch,
                       layer: try .conv2d(inputShape: [batch, 64, 56, 56], weightShape: [64, 64, 3, 3], padding: 1)),
            BenchShape(name: "conv2d_c3to64_224_k7s2", batch: batch,
                       layer: try .conv2d(inputShape: [batch, 3, 224, 224], weightShape: [64, 3, 7, 7], stride: 2, padding: 3)),
            BenchShape(name: "conv1d_c128_L4096_k3", batch: batch,
                       layer: try .conv1d(inputShape: [batch, 128, 4096], weightShape: [128, 128, 3], padding: 1)),
            BenchShape(name: "conv3d_c16_32_k3", batch: batch,
                       layer: try .conv3d(inputShape: [batch, 16, 32, 32, 32], weightShape: [16, 16, 3, 3, 3], padding: 1)),
            BenchShape(name: "convT2d_c64to32_28_k4s2p1", batch: batch,
                       layer: try .convTransposed2d(inputShape: [batch, 64, 28, 28], weightShape: [64, 32, 4, 4],
                                                    stride: 2, padding: 1)),
            BenchShape(name: "dwconv2d_c64_56_k3", batch: batch,
                       layer: try .conv2d(inputShape: [batch, 64, 56, 56], weightShape: [64, 1, 3, 3], padding: 1, groups: 64)),
        ]
    }

    /// Multiply-adds of one batch as the peers count them: every tap, padding included.
    var nominalMultiplyAdds: Double { Double(batch) * Double(layer.geometry.nominalMultiplyAdds) }
}
