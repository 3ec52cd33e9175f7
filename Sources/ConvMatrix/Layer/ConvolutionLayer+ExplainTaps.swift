/// The parts of an explanation that name the kernel positions adding nothing (or a copy) to an
/// element — taps on padding, on injected zeros, between or beyond a transposed layer's inputs
/// — and a transposed layer's output as the sum down a column of `W`, in the layer's own words
/// (its input `y` is `W`'s rows, its output `x` `W`'s columns).
extension ConvolutionLayer {
    /// `x = Wᵀ·y` sums column `column` of `w` into output element `x[…]` of a transposed layer.
    func summing(column: Int, of w: ConvolutionMatrix) throws -> String {
        let g = w.geometry, entries = try w.entries(inColumn: column), target = g.columnLabel(column)
        var lines = ["x = Wᵀ·y sums column \(column) of W into output \(target) of the layer; it reads \(entries.count) input element\(entries.count == 1 ? "" : "s") y of the layer:"]
        lines.append("  \(target) = " + (entries.isEmpty ? "0 (no kernel position reaches an input)"
            : entries.map { "\(compactNumber($0.value))·\(g.rowLabel($0.row))" }.joined(separator: " + ")))
        for e in entries {
            lines.append("  W[\(e.row), \(e.column)] = \(compactNumber(e.value))  × input \(g.rowLabel(e.row))  from \(tapNames(e.taps, g))")
        }
        return lines.joined(separator: "\n") + biasLine(channel: g.inputCoordinates(column: column)[0])
            + landingSection(try w.tapLandings(column: column), row: nil, of: w)
    }

    /// Lines naming the kernel positions of row `row` (a `Conv`'s output) or of a transposed
    /// layer's output (`row == nil`, landings from ``ConvolutionMatrix/tapLandings(column:)``)
    /// that do not reach a real input; empty when every position does.
    func landingSection(_ landings: [KernelTapLanding], row: Int?, of w: ConvolutionMatrix) -> String {
        let missing = landings.filter { $0.place != .element }
        guard !missing.isEmpty else { return "" }
        let entries = (row.map { try? w.entries(inRow: $0) } ?? nil) ?? []
        let volume = w.geometry.kernelShape.reduce(1, *)
        var groups = [(String, [String])]()
        for landing in missing {
            var reason = Self.reason(landing.place, spreading: isTransposed && row != nil)
            var offset = "(" + landing.offset.map(String.init).joined(separator: ", ") + ")"
            if case .padding(_, _, let mode) = landing.place, mode != .zeros {
                // The entry this tap joined names the input element the padding mode copied.
                let flat = landing.offset.enumerated().reduce(0) { $0 * w.geometry.kernelShape[$1.offset] + $1.element }
                if let entry = entries.first(where: { $0.taps.contains { $0 % volume == flat } }) {
                    let position = w.geometry.inputCoordinates(column: entry.column).dropFirst()
                    offset += " reads x[c=·, " + position.map(String.init).joined(separator: ", ") + "]"
                }
                reason = "\(mode) padding: a copy of an input element"
            }
            if let i = groups.firstIndex(where: { $0.0 == reason }) { groups[i].1.append(offset) } else { groups.append((reason, [offset])) }
        }
        let heading = row == nil
            ? "kernel positions that reach no input of the layer here (\(missing.count) of \(landings.count)):"
            : isTransposed ? "kernel positions that send nothing to the layer's output here (\(missing.count) of \(landings.count)):"
            : "kernel positions on padding or injected zeros here (\(missing.count) of \(landings.count)):"
        return "\n" + ([heading] + groups.map { "  \($0.0): " + $0.1.joined(separator: ", ") }).joined(separator: "\n")
    }

    /// Why a kernel position adds nothing, in words; `spreading`: seen from a transposed layer's
    /// input (a row of `W`), where the convolution's padding is the border the layer crops.
    private static func reason(_ place: KernelTapLanding.Place, spreading: Bool) -> String {
        switch place {
        case .element: return "an input element"
        case .padding(let axis, let before, _) where spreading:
            return "\(before ? "before" : "after") the layer's output on axis \(axis), in the border its padding crops"
        case .padding(let axis, let before, _):
            return "zero padding \(before ? "before" : "after") the input on axis \(axis) (adds 0)"
        case .injectedZero(let axis, let l):
            return "a zero injected between inputs on axis \(axis) (input dilation \(l), the fractional stride 1/\(l); adds 0)"
        case .strideGap(let axis, let s):
            return "between the layer's inputs on axis \(axis), where its stride \(s) inserts zeros (adds 0)"
        case .beyondInput(let axis):
            return "beyond the layer's input on axis \(axis), the border its padding crops (adds 0)"
        }
    }

    /// `w[0, 0, 1, 1] = 4 + …`.
    func tapNames(_ taps: [Int], _ g: ConvolutionGeometry) -> String {
        taps.map { t in
            "w[" + ConvolutionGeometry.coordinates(of: t, shape: g.weightShape, layout: .channelsFirst)
                .map(String.init).joined(separator: ", ") + "] = \(compactNumber(weights[t]))"
        }.joined(separator: " + ")
    }
}
