/// Running modified layers: the same extents with other parameters, weights or bias.
extension MistakeContext {
    /// `convolution` with other per-axis parameters or layouts on the same channels, groups and
    /// extents (input and output lengths kept: a buggy kernel that writes the correct buffer), or
    /// `nil` when that is not a valid geometry — in particular when the changed parameters give
    /// fewer output positions than the buffer has.
    func modified(axes: [AxisGeometry]? = nil, inputLayout: TensorLayout? = nil,
                  outputLayout: TensorLayout? = nil) -> Convolution? {
        let g = geometry
        guard let changed = try? ConvolutionGeometry(inChannels: g.inChannels, outChannels: g.outChannels, groups: g.groups,
                                                     axes: axes ?? g.axes, paddingMode: g.paddingMode,
                                                     inputLayout: inputLayout ?? g.inputLayout,
                                                     outputLayout: outputLayout ?? g.outputLayout) else { return nil }
        return Convolution(geometry: changed, direction: convolution.direction)
    }

    /// The layer with `convolution`, `weights` and `bias` (default: the layer's) applied to `x`
    /// (default: the input) through `.cholmod`.
    func run(_ convolution: Convolution? = nil, weights: [Double]? = nil, bias: [Double]?? = .none,
             on x: Tensor<Double>? = nil) throws -> Tensor<Double> {
        let changed = try ConvolutionLayer(.fixed(convolution ?? self.convolution), weights: weights ?? layer.weights,
                                           bias: bias ?? layer.bias)
        return try changed(x ?? input, engine: .cholmod)
    }

    /// The layer with every axis changed by `transform` (extents kept), or `nil` when that geometry
    /// cannot fill the output buffer.
    func runAxes(_ transform: (AxisGeometry) -> AxisGeometry) throws -> Tensor<Double>? {
        guard let changed = modified(axes: geometry.axes.map(transform)) else { return nil }
        return try run(changed)
    }
}

extension AxisGeometry {
    /// The same axis with pads `(begin, end)`; the extents are kept.
    func withPads(_ begin: Int, _ end: Int) -> AxisGeometry {
        var a = self
        a.padBegin = begin
        a.padEnd = end
        return a
    }

    /// The same axis with its begin and end pads exchanged.
    func swappingPads() -> AxisGeometry { withPads(padEnd, padBegin) }
}
