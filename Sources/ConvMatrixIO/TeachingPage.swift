// W as one self-contained interactive HTML page: input, kernel, output and W, linked by pointing.
import ConvMatrix

/// The interactive page of a layer's `W` (`convmat export … --format html`).
///
/// One file, no network: inline CSS and JavaScript, the data embedded as JSON in
/// `<script id="convmat-data" type="application/json">`. The data is `W` in CSR form (`indptr`,
/// `indices`, `data`), the weight taps of every stored entry (`tapptr`, `taps`: entry `e` is
/// `Σ w[t]` over `taps[tapptr[e]..<tapptr[e+1]]`, several taps only with reflect, replicate or
/// circular padding), the logical coordinates `[c, spatial…]` of every row (`y`) and column
/// (`x`), the weights and their shape. The script computes nothing about the convolution: it
/// reads rows and columns of the embedded `W`, so what the page highlights is ConvMatrix's `W`.
///
/// - **full** mode (1-D and 2-D layers with at most ``fullChannels`` channels on each side and at
///   most ``fullElements`` input and output elements): the input grid(s), the kernel, the output
///   grid(s) and `W` as a table. Pointing at an output element highlights its row of `W`, its
///   receptive field in the input and the kernel taps producing it; pointing at an input element
///   highlights its column (the outputs it feeds); a toggle switches to the transposed layer's
///   reading (`Wᵀ`, whose outputs are `W`'s columns).
/// - **spy** mode (anything larger, up to ``maximumEntries`` stored entries): `W` drawn on a
///   canvas with zoom; pointing at it names the entry, its row's and column's elements.
///
/// Stable hooks for tests: input and output elements `#x-<column>` / `#y-<row>`
/// (`data-col` / `data-row`), stored entries of the table `#w-<row>-<column>`, taps `#k-<tap>`
/// (`data-tap`), the toggle `#transposed-toggle`; pointed elements get class `sel`, the ones
/// they link to class `hl`; `body[data-mode]`, `body[data-reading]`.
public enum TeachingPage {
    /// Channels per side drawn in full.
    public static let fullChannels = 4
    /// Input or output elements drawn in full.
    public static let fullElements = 1024
    /// The most stored entries a page embeds.
    public static let maximumEntries = 250_000

    /// Whether `geometry` is drawn in full (grids and table) rather than as a spy plot.
    public static func isFull(_ geometry: ConvolutionGeometry, nonzeroCount: Int) -> Bool {
        (1...2).contains(geometry.spatialRank) && geometry.inChannels <= fullChannels
            && geometry.outChannels <= fullChannels && geometry.inputCount <= fullElements
            && geometry.outputCount <= fullElements && nonzeroCount <= 20_000
    }
}

extension ConvolutionMatrix {
    /// The interactive page of `W` (see ``TeachingPage``) as HTML text.
    ///
    /// - Parameters:
    ///   - title: the heading, typically the layer as written.
    ///   - direction: `.transposed` when the layer is the ConvTranspose `Wᵀ·y`: the page opens
    ///     in the transposed reading.
    /// - Throws: `.invalidParameter` naming `format` when `W` has more than
    ///   ``TeachingPage/maximumEntries`` stored entries (checked before anything is built).
    /// - Complexity: O(rows + nnz) time and output size.
    public func teachingPage(title: String, direction: Convolution.Direction = .forward) throws -> String {
        guard nonzeroCount <= TeachingPage.maximumEntries else {
            throw ConvMatrixError(.invalidParameter, parameter: "format", value: "html",
                                  rule: "W has \(nonzeroCount) stored entries; a page embeds at most \(TeachingPage.maximumEntries), "
                                      + "so export svg, png or pdf for a layer this large")
        }
        return TeachingPage.template(title: title, data: try pageData(title: title, direction: direction))
    }

    /// Writes ``teachingPage(title:direction:)`` to `path` atomically (``AtomicFile``).
    ///
    /// - Throws: as ``teachingPage(title:direction:)``; `ConvMatrixError(.io)` naming `path`.
    public func writeTeachingPage(to path: String, title: String, direction: Convolution.Direction = .forward) throws {
        let page = try teachingPage(title: title, direction: direction)
        try AtomicFile.write(to: path) { try $0.write(page) }
    }

    /// The embedded JSON (see ``TeachingPage``).
    func pageData(title: String, direction: Convolution.Direction) throws -> String {
        let g = geometry, w = csr64
        var tapPointers = [0], taps = [Int]()
        tapPointers.reserveCapacity(nonzeroCount + 1)
        for row in 0..<rowCount {
            // `entries(inRow:)` lists the row's entries in CSR order, each with its taps.
            for entry in try entries(inRow: row) {
                taps += entry.taps
                tapPointers.append(taps.count)
            }
        }
        let full = TeachingPage.isFull(g, nonzeroCount: nonzeroCount)
        func coordinates(_ count: Int, _ of: (Int) -> [Int]) -> String {
            full ? "[" + (0..<count).map { JSONText.array(of($0)) }.joined(separator: ",") + "]" : "[]"
        }
        return JSONText.object([
            ("title", JSONText.string(title)),
            ("direction", JSONText.string(direction == .transposed ? "transposed" : "forward")),
            ("mode", JSONText.string(full ? "full" : "spy")),
            ("geometry", JSONText.string(g.description)),
            ("rows", "\(rowCount)"), ("columns", "\(columnCount)"), ("nnz", "\(nonzeroCount)"),
            ("inputShape", JSONText.array(g.inputShape)), ("outputShape", JSONText.array(g.outputShape)),
            ("inputLayout", JSONText.string("\(g.inputLayout)")), ("outputLayout", JSONText.string("\(g.outputLayout)")),
            ("weightShape", JSONText.array(g.weightShape)), ("weights", JSONText.array(weights)),
            ("indptr", JSONText.array(w.rowPointers)), ("indices", JSONText.array(w.columnIndices)),
            ("data", JSONText.array(w.values)),
            ("tapptr", JSONText.array(tapPointers)), ("taps", JSONText.array(taps)),
            ("y", coordinates(rowCount, g.outputCoordinates(row:))),
            ("x", coordinates(columnCount, g.inputCoordinates(column:))),
        ])
    }
}
