import ConvMatrix

/// For `apply --transposed`: the layer's input shape, given the shape of its output.
///
/// Per spatial axis with stride `s`, dilation `d`, kernel `k`, input dilation `l` and pads
/// `b`, `e` (read off the layer built on a large probe input):
/// - Conv: output `O = ⌊((n−1)·l + 1 + b + e − d·(k−1) − 1) / s⌋ + 1`; the smallest `n` giving
///   `O` is `n = ⌈((O−1)·s − b − e + d·(k−1)) / l⌉ + 1` (the `s − 1` larger ones give it too).
/// - ConvTranspose: output `n = (m−1)·s − b − e + d·(k−1) + output_padding + 1`, so
///   `m = (n − 1 − output_padding + b + e − d·(k−1)) / s + 1`, which must be a whole number.
/// The layer is then built on the shape found and must give exactly the requested output shape;
/// `ambiguous` says whether other input shapes give it too (a strided Conv).
enum AdjointShape {
    static func layerInput(expression: LayerExpression, options: LayerOptions, outputShape: [Int],
                           source: String) throws -> (shape: [Int], ambiguous: Bool) {
        let rank = expression.kind.spatialRank, transposed = expression.kind.isTransposed
        let layout = (options.layout ?? .channelsFirst).layout
        func fail(_ rule: String) -> ConvMatrixError {
            ConvMatrixError(.shapeMismatch, parameter: "--input \(source)", value: "shape \(IntegerList.shapeText(outputShape))", rule: rule)
        }
        guard outputShape.count == rank + 1 || outputShape.count == rank + 2 else {
            throw fail("with --transposed it is the layer's output: \(rank + 2) dimensions (N, C, spatial…) or \(rank + 1) without N")
        }
        let batch = outputShape.count == rank + 2 ? [outputShape[0]] : []
        let order = layout.order(spatialRank: rank)
        var target = [Int](repeating: 0, count: rank + 1)
        for (j, axis) in order.enumerated() { target[axis] = outputShape[batch.count + j] }
        guard case .int(let inChannels)? = expression.arguments["in_channels"] else {
            return (outputShape, false)  // building the layer reports the missing argument
        }
        func memoryShape(_ logical: [Int]) -> [Int] { batch + order.map { logical[$0] } }

        // Any valid layer tells the per-axis parameters; try growing probe inputs.
        var probe: Convolution?
        var lastError: Error?
        for size in [64, 1024, 16384] {
            do {
                probe = try options.convolution(expression, inputShape: memoryShape([inChannels] + Array(repeating: size, count: rank)))
                break
            } catch { lastError = error }
        }
        guard let probe else { throw lastError! }

        var sizes = [Int]()
        for (a, axis) in probe.geometry.axes.enumerated() {
            let s = axis.stride, l = axis.inputDilation, span = axis.dilation * (axis.kernelSize - 1)
            let pads = axis.padBegin + axis.padEnd
            if transposed {
                let outputPadding = axis.inputSize - ((axis.outputSize - 1) * s - pads + span + 1)
                let numerator = target[a + 1] - 1 - outputPadding + pads - span
                guard numerator >= 0, numerator % s == 0 else {
                    throw fail("no input length gives output length \(target[a + 1]) on spatial axis \(a): the lengths this layer produces are (m−1)·\(s) + \(span + 1 + outputPadding - pads) for m ≥ 1")
                }
                sizes.append(numerator / s + 1)
            } else {
                let numerator = (target[a + 1] - 1) * s - pads + span
                let quotient = numerator >= 0 ? (numerator + l - 1) / l : -((-numerator) / l)
                sizes.append(max(1, quotient + 1))
            }
        }
        let shape = memoryShape([inChannels] + sizes)
        let layer = try options.convolution(expression, inputShape: shape)
        guard batch + layer.outputMemoryShape == outputShape else {
            throw fail("no input of the layer gives this output (the nearest, \(IntegerList.shapeText(shape)), gives \(IntegerList.shapeText(batch + layer.outputMemoryShape))); give --input-shape")
        }
        let ambiguous = !transposed && probe.geometry.axes.contains { $0.stride > 1 }
        return (shape, ambiguous)
    }
}
