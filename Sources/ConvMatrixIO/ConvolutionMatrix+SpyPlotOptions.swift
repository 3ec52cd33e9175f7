// The spy plot's grid and axis labels for W, named from the layer's side: forward or transposed.
import ConvMatrix

extension ConvolutionMatrix {
    /// Spy-plot options with the channel-block grid of `W` and axis labels that name the layer's
    /// own input and output.
    ///
    /// When the output layout is channels-first, rows fall into one block of `ΠO` output
    /// positions per output channel (`rowBlockSize`), and likewise columns into blocks of `Πn`
    /// input positions per input channel; another layout interleaves channels, so that axis
    /// gets no grid. `W`'s rows are the convolution's output `y` and its columns its input `x`;
    /// a transposed layer computes `Wᵀ·y`, so for `direction == .transposed` the rows are the
    /// **input** of the ConvTranspose and the columns its **output**, and the labels say so.
    ///
    /// - Parameter title: the heading (typically the layer); `nil` uses the geometry's description.
    public func spyPlotOptions(title: String? = nil, colorByValue: Bool = false,
                               direction: Convolution.Direction) -> SpyPlotOptions {
        let g = geometry
        let outputPositions = g.outputSpatialShape.reduce(1, *), inputPositions = g.inputSpatialShape.reduce(1, *)
        let rowsFirst = g.outputLayout == .channelsFirst, columnsFirst = g.inputLayout == .channelsFirst
        let transposed = direction == .transposed
        let rowSide = transposed ? "input y of the ConvTranspose" : "output y"
        let columnSide = transposed ? "output x of the ConvTranspose" : "input x"
        func blocks(_ count: Int, _ size: Int) -> String {
            "\(count) channel block\(count == 1 ? "" : "s") of \(size)"
        }
        return SpyPlotOptions(
            title: title ?? g.description,
            rowBlockSize: rowsFirst ? outputPositions : nil,
            columnBlockSize: columnsFirst ? inputPositions : nil,
            rowLabel: rowsFirst ? "rows: \(rowSide), \(blocks(g.outChannels, outputPositions))"
                                : "rows: \(rowSide) (\(g.outputLayout))",
            columnLabel: columnsFirst ? "columns: \(columnSide), \(blocks(g.inChannels, inputPositions))"
                                      : "columns: \(columnSide) (\(g.inputLayout))",
            colorByValue: colorByValue)
    }
}
