/// Where one kernel position lands for one element of `W`'s rows or columns: on a stored input,
/// on padding, on a zero that input dilation inserted, or — seen from a transposed layer's
/// output — between or beyond the layer's inputs.
public struct KernelTapLanding: Hashable, Sendable {
    /// The place a kernel position reaches.
    public enum Place: Hashable, Sendable {
        /// A real element: the tap is part of a stored entry.
        case element
        /// The padding of axis `axis` (before the input when `before`); what it holds is
        /// `mode`'s: zeros, or the input element reflect, replicate or circular copies there.
        case padding(axis: Int, before: Bool, mode: PaddingMode)
        /// One of the `dilation − 1` zeros input dilation puts between neighbouring inputs on
        /// `axis` (a fractional stride `1/dilation`).
        case injectedZero(axis: Int, dilation: Int)
        /// Column view: between two inputs of the transposed layer on `axis`, where its stride
        /// `stride` inserts zeros (the zero-insertion reading of a transposed convolution).
        case strideGap(axis: Int, stride: Int)
        /// Column view: beyond the first or last input of the transposed layer on `axis` (the
        /// border its `padding` crops from the output).
        case beyondInput(axis: Int)
    }

    /// The spatial kernel position `(k₁, …, k_D)`.
    public let offset: [Int]
    public let place: Place
}

extension ConvolutionMatrix {
    /// Where every kernel position lands for output element (row) `row`: with output position
    /// `o`, stride `s`, kernel dilation `d`, begin pad `b` and input dilation `l`, position `t`
    /// reads `p = o·s − b + t·d` of the zero-injected input of length `n' = (n−1)·l + 1`:
    /// padding when `p ∉ [0, n')`, an injected zero when `l ∤ p`, input `p / l` otherwise.
    ///
    /// - Throws: `.invalidParameter` naming `row` when it is out of range.
    /// - Complexity: O(Π kernel · D).
    public func tapLandings(row: Int) throws -> [KernelTapLanding] {
        guard row >= 0, row < rowCount else { throw ConvMatrixError.invalid("row", row, "must be in 0..<\(rowCount)") }
        let position = Array(geometry.outputCoordinates(row: row).dropFirst())
        return kernelOffsets.map { offset in
            var place = KernelTapLanding.Place.element
            for (a, axis) in geometry.axes.enumerated() {
                let p = position[a] * axis.stride - axis.padBegin + offset[a] * axis.dilation
                if p < 0 || p >= axis.dilatedInputSize {
                    place = .padding(axis: a, before: p < 0, mode: geometry.paddingMode)
                    break
                }
                if p % axis.inputDilation != 0, case .element = place {
                    place = .injectedZero(axis: a, dilation: axis.inputDilation)
                }
            }
            return KernelTapLanding(offset: offset, place: place)
        }
    }

    /// Where every kernel position lands for input element (column) `column` seen as the output
    /// of the transposed layer (`x = Wᵀ·y`): position `t` takes `y` at `o = (q·l + b − t·d) / s`,
    /// which is between two inputs (a zero the stride inserts) when `s ∤ q·l + b − t·d`, and
    /// beyond the inputs when `o ∉ [0, outputSize)`.
    ///
    /// - Throws: `.invalidParameter` naming `column` when it is out of range.
    /// - Complexity: O(Π kernel · D).
    public func tapLandings(column: Int) throws -> [KernelTapLanding] {
        guard column >= 0, column < columnCount else {
            throw ConvMatrixError.invalid("column", column, "must be in 0..<\(columnCount)")
        }
        let position = Array(geometry.inputCoordinates(column: column).dropFirst())
        return kernelOffsets.map { offset in
            var place = KernelTapLanding.Place.element
            for (a, axis) in geometry.axes.enumerated() {
                let v = position[a] * axis.inputDilation + axis.padBegin - offset[a] * axis.dilation
                if v % axis.stride != 0 {
                    place = .strideGap(axis: a, stride: axis.stride)
                    break
                }
                let o = v / axis.stride
                if o < 0 || o >= axis.outputSize, case .element = place { place = .beyondInput(axis: a) }
            }
            return KernelTapLanding(offset: offset, place: place)
        }
    }

    /// Every spatial kernel position, the last axis fastest (the weight tensor's order).
    private var kernelOffsets: [[Int]] {
        geometry.kernelShape.reduce([[]]) { prefixes, k in prefixes.flatMap { p in (0..<k).map { p + [$0] } } }
    }
}
