import ConvMatrix

/// The singular values of a circular, stride-1 convolution in closed form (Sedghi, Gupta &
/// Long, "The Singular Values of Convolutional Layers", ICLR 2019), without `W`.
///
/// With circular padding, stride 1 and an output as large as the input (`pad_begin + pad_end =
/// d·(k − 1)` on every axis), `y[o, p] = Σ_{i,t} w[o, i, t] · x[i, (p + d·t − pad_begin) mod n]`
/// is block-circulant. On `x[i, q] = v[i] · e^{iω·q}` (`ω = 2π·f/n` per axis) it gives
/// `y[o, p] = e^{iω·(p − pad_begin)} · (M_f·v)[o]`, `M_f[o, i] = Σ_t w[o, i, t] · e^{iω·d·t}`:
/// the Fourier modes block-diagonalise `W`, and its singular values are those of the
/// `Πn` complex blocks `M_f` (per group: `C_out/g × C_in/g`) together. `M_f` is the `+i` DFT of
/// the kernel placed at positions `d·t mod n` of an input-sized grid.
enum CircularSpectrum {
    /// Why `geometry` has no closed form, or `nil` when it has one.
    static func inapplicability(_ g: ConvolutionGeometry) -> String? {
        if g.paddingMode != .circular && g.axes.contains(where: { $0.padBegin != 0 || $0.padEnd != 0 || $0.kernelSize != 1 }) {
            return "the FFT closed form needs padding_mode='circular' (or 1×…×1 kernels without padding); this layer pads with \(g.paddingMode)"
        }
        for (a, axis) in g.axes.enumerated() {
            if axis.stride != 1 { return "the FFT closed form needs stride 1; axis \(a) has stride \(axis.stride)" }
            if axis.inputDilation != 1 { return "the FFT closed form needs no input dilation; axis \(a) has \(axis.inputDilation)" }
            if axis.padBegin < 0 || axis.padEnd < 0 || axis.outputSize != axis.inputSize
                || axis.padBegin + axis.padEnd != axis.dilation * (axis.kernelSize - 1) {
                return "the FFT closed form needs output size = input size with pad_begin + pad_end = dilation·(kernel − 1); axis \(a) is \(axis)"
            }
        }
        return nil
    }

    /// Every singular value (descending) of the circular stride-1 convolution `g` with
    /// `weights` in `(C_out, C_in/groups, k…)` order.
    ///
    /// - Throws: `.unsupported` naming `method` when ``inapplicability(_:)`` gives a reason;
    ///   `.overBudget` before allocating the `C_out · C_in/g · Πn` transformed kernels.
    /// - Complexity: O(C_out·C_in/g · N log N) for the FFTs, O(N · g · (C_out/g)·(C_in/g)·min(…))
    ///   for the block SVDs, N = Πn.
    static func values(_ g: ConvolutionGeometry, weights: [Double]) throws -> [Double] {
        if let reason = inapplicability(g) { throw ConvMatrixError(.unsupported, parameter: "method", value: "fft", rule: reason) }
        let shape = g.inputSpatialShape
        let n = try checkedProduct(shape, .tooLarge("input shape", listDescription(shape), "its element count"))
        let cout = g.outChannelsPerGroup, cin = g.inChannelsPerGroup, pairs = g.outChannels * cin
        let elements = try checkedProduct(2 * n, pairs, .tooLarge("input shape", listDescription(shape), "the transformed kernel"))
        try checkMemory(elements: elements, size: 8, what: "the kernel's DFT at the input size (\(pairs) × \(n) complex values)")
        var grid = [Double](repeating: 0, count: elements)
        let taps = g.kernelShape.reduce(1, *)
        for pair in 0..<pairs {
            for t in 0..<taps {
                var rest = t, position = 0
                for a in (0..<shape.count).reversed() {
                    let axis = g.axes[a], tap = rest % axis.kernelSize
                    rest /= axis.kernelSize
                    position += (axis.dilation * tap % shape[a]) * shape[(a + 1)...].reduce(1, *)
                }
                grid[2 * (pair * n + position)] += weights[pair * taps + t]
            }
        }
        FFTW.transformBackward(&grid, shape: shape, howMany: pairs)
        var values: [Double] = []
        values.reserveCapacity(n * g.groups * min(cout, cin))
        var block = [Double](repeating: 0, count: 2 * cout * cin)
        for f in 0..<n {
            for group in 0..<g.groups {
                for o in 0..<cout {
                    for i in 0..<cin {
                        let source = 2 * (((group * cout + o) * cin + i) * n + f), target = 2 * (o + i * cout)
                        block[target] = grid[source]
                        block[target + 1] = grid[source + 1]
                    }
                }
                values += try LAPACK.complexSingularValues(block, rows: cout, columns: cin)
            }
        }
        return values.sorted(by: >)
    }
}
