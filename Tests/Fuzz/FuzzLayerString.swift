// Layer strings as users type them: the parser, then the layer on a small input.
import ConvMatrix

enum FuzzLayerString {
    /// Line 1: a layer (`nn.Conv2d(1, 1, 2)`); line 2, optional: an input shape `1x1x5x5`.
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard let expression = try? LayerExpression(parsing: String(lines[0])) else { return }
        _ = try? expression.weightShape()
        let shape = lines.count > 1 ? lines[1].split(separator: "x").compactMap { Int($0) } : [1, 1, 5, 5]
        guard let convolution = try? expression.convolution(inputShape: shape) else { return }
        FuzzCheck.compileAndCompare(convolution)
    }
}
