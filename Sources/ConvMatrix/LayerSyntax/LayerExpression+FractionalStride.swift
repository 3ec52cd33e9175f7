/// Fractional strides in layer strings, as the forum post writes them: `stride=(0.5, 2)`.
///
/// A stride `1/l` (for a whole `l ≥ 2`) is the zero-insertion reading of a fractional stride:
/// `l − 1` zeros go between neighbouring input elements and the kernel then slides with stride
/// 1 — exactly ConvMatrix's input dilation `l` (`--input-dilation`, JAX's `lhs_dilation`). No
/// other fraction has such a reading (there is no way to step 0.3 or 2.5 elements over a grid),
/// so `0.3`, `2.5` or `2/3` are typed errors that say so.
extension LayerExpression {
    /// The `stride` argument split into its whole part and its zero-insertion part: per axis,
    /// `s` gives `(stride: s, inputDilation: 1)` and `1/l` gives `(stride: 1, inputDilation: l)`.
    /// `nil` components when `stride` is absent (stride 1) or has no fraction (dilation 1).
    ///
    /// - Throws: `.invalidParameter` naming `stride` for a fraction that is not `1/l`, a
    ///   non-positive stride, a wrong number of values, or any fraction on a `ConvTranspose`
    ///   (whose stride `s` already is the fractional stride `1/s` of the convolution it computes).
    public func strideAndInputDilation() throws -> (stride: [Int]?, inputDilation: [Int]?) {
        let values: [LayerFraction]
        switch arguments["stride"] {
        case .fraction(let f)?: values = Array(repeating: f, count: kind.spatialRank)
        case .fractions(let v)?:
            guard v.count == kind.spatialRank else {
                throw ConvMatrixError.invalid("stride", LayerValue.fractions(v), "needs \(kind.spatialRank) values, got \(v.count)")
            }
            values = v
        default: return (try perAxisStride(), nil)
        }
        let written = arguments["stride"]!
        if kind.isTransposed {
            throw ConvMatrixError.invalid("stride", written, "a fractional stride applies to Conv only: \(kind.rawValue)'s stride s already is the fractional stride 1/s of the convolution it computes (zeros inserted between its inputs); write a whole stride")
        }
        var stride = [Int](), dilation = [Int]()
        for f in values {
            if f.isInteger, f.numerator >= 1 {
                stride.append(f.numerator)
                dilation.append(1)
            } else if let l = f.reciprocalOfInteger {
                stride.append(1)
                dilation.append(l)
            } else if f.numerator <= 0 {
                throw ConvMatrixError.invalid("stride", written, "\(f.text) is not positive; a stride is a whole number ≥ 1 or a fraction 1/l")
            } else {
                throw ConvMatrixError.invalid("stride", written, "\(f.text) = \(f.numerator)/\(f.denominator) is not 1/l for a whole l: only reciprocals of integers are fractional strides (1/l means l−1 zeros inserted between neighbouring inputs, input dilation l, as --input-dilation); write a whole stride or 1/l (0.5, 0.25, 1/3)")
            }
        }
        return (stride, dilation)
    }

    /// `stride` without fractions (validated as any per-axis value), or `nil` when absent.
    private func perAxisStride() throws -> [Int]? {
        switch arguments["stride"] {
        case nil: return nil
        case .int(let v)?: return Array(repeating: v, count: kind.spatialRank)
        case .ints(let v)?:
            guard v.count == kind.spatialRank else {
                throw ConvMatrixError.invalid("stride", listDescription(v), "needs \(kind.spatialRank) values, got \(v.count)")
            }
            return v
        case let other?: throw ConvMatrixError.invalid("stride", other, "must be an integer, a fraction 1/l, or a tuple of them")
        }
    }

    /// The input dilation of the layer: the fractional stride's, combined with `extra` (the
    /// `inputDilation` argument, `--input-dilation`). On an axis where both ask for zeros
    /// (stride `1/l` and an extra dilation `> 1`) the meaning would be ambiguous, so it is an error.
    ///
    /// - Throws: `.invalidParameter` naming `input_dilation` for that conflict or a wrong count.
    func combinedInputDilation(fromStride strideDilation: [Int]?, extra: [Int]?) throws -> [Int]? {
        guard let strideDilation else { return extra }
        guard let extra else { return strideDilation }
        guard extra.count == 1 || extra.count == strideDilation.count else {
            throw ConvMatrixError.invalid("input_dilation", listDescription(extra), "needs 1 or \(strideDilation.count) values, got \(extra.count)")
        }
        let perAxis = extra.count == 1 ? Array(repeating: extra[0], count: strideDilation.count) : extra
        return try zip(strideDilation, perAxis).enumerated().map { axis, pair in
            let (fromStride, given) = pair
            if fromStride > 1, given > 1 {
                throw ConvMatrixError.invalid("input_dilation", listDescription(extra), "axis \(axis) already has the fractional stride 1/\(fromStride) (input dilation \(fromStride)); give the zeros once, either as stride=1/\(fromStride) or as --input-dilation")
            }
            return max(fromStride, given)
        }
    }
}
