/// Compiles any range of rows `[r0, r1)` of a convolution's matrix `W` alone, in memory
/// proportional to the block: the unit of bounded-memory export, blocked products and
/// distribution (each MPI rank compiles its own rows).
///
/// Row `r` of `W` depends on the geometry alone: in the output layout it is output channel
/// `co` at spatial position `o`, and it holds `(C_in/groups) · Π_a entries_a(o_a)` entries
/// (closed form, from the per-axis relations) — the columns `co`'s group reads at `o`, sorted.
/// A block compiled here is therefore exactly rows `r0 ..< r1` of the ``ConvolutionMatrix``
/// of the same geometry: the same columns in the same order, the same values and taps.
///
/// ```swift
/// let rows = try RowRangeCompiler(geometry)
/// var r0 = 0
/// while r0 < rows.rowCount {
///     let r1 = rows.blockEnd(from: r0, maximumEntries: 1 << 22)
///     let block = try rows.compile(rows: r0..<r1, weights: weights, as: Int32.self)
///     // … write or multiply block, then drop it
///     r0 = r1
/// }
/// ```
///
/// - Complexity: building it costs O(Σ_a O_a·k_a) time and memory (the per-axis relations),
///   independent of the number of rows and of nnz.
public struct RowRangeCompiler: Sendable {
    public let geometry: ConvolutionGeometry
    let relations: [AxisRelation]
    /// Memory stride of each logical output axis (`0` = channel) in the output layout.
    let outputStrides: [Int]
    /// Stored entries of the whole `W` (`Σ_r entryCount(row: r)`).
    public let nonzeroCount: Int
    /// (entry, tap) incidences of the whole `W`: equals ``nonzeroCount`` unless reflect,
    /// replicate or circular padding lands several taps on one input element.
    public let incidenceCount: Int
    let options: CompileOptions

    /// Builds the per-axis relations of `geometry`, checking their size against
    /// `options.memoryBudget` first.
    ///
    /// - Throws: `.overBudget` when the relations alone exceed the budget, or when the total
    ///   entry or tap count exceeds `2⁶³ − 1`.
    public init(_ geometry: ConvolutionGeometry, options: CompileOptions = CompileOptions()) throws {
        self.geometry = geometry
        self.options = options
        let tooLarge = ConvMatrixError.tooLarge("output shape", listDescription(geometry.outputShape), "the per-axis relations of W")
        var bytes = 0
        for axis in geometry.axes {
            let visits = AxisRelation.visitCount(axis, mode: geometry.paddingMode)
            // pointers (O+1), and per visited tap at most one input, one tap pointer and one tap.
            let words = try checkedSum(axis.outputSize + 1, try checkedProduct(visits, 3, tooLarge), tooLarge)
            bytes = try checkedSum(bytes, try checkedProduct(words, MemoryLayout<Int>.stride, tooLarge), tooLarge)
        }
        if bytes > options.memoryBudget {
            throw PatternCompiler.overBudget(bytes, options: options, "the per-axis relations of W (\(geometry.outputCount) rows)")
        }
        relations = geometry.axes.map { AxisRelation($0, mode: geometry.paddingMode) }
        outputStrides = geometry.outputLayout.strides(extents: geometry.outputShape)
        (nonzeroCount, incidenceCount) = try PatternCompiler.entryCounts(geometry, relations: relations)
    }

    /// Rows of `W`: the output elements of one sample.
    public var rowCount: Int { geometry.outputCount }
    /// Columns of `W`: the input elements of one sample.
    public var columnCount: Int { geometry.inputCount }
    /// Whether every entry of `W` is fed by exactly one tap (no tap pointers needed).
    public var isSingleTap: Bool { relations.allSatisfy(\.isSingleTap) }

    /// The output channel of row `r`, and its spatial coordinates written into `o`.
    ///
    /// - Complexity: O(D).
    @inline(__always)
    func decode(row r: Int, into o: inout [Int]) -> Int {
        let shape = geometry.outputShape
        for a in 0..<o.count { o[a] = (r / outputStrides[a + 1]) % shape[a + 1] }
        return (r / outputStrides[0]) % shape[0]
    }

    /// Stored entries and taps of the row at spatial position `o`: `(C_in/groups) · Π_a` of the
    /// per-axis counts (the same for every output channel).
    ///
    /// - Complexity: O(D).
    @inline(__always)
    func counts(at o: [Int]) -> (entries: Int, incidences: Int) {
        var entries = geometry.inChannelsPerGroup, incidences = geometry.inChannelsPerGroup
        for a in 0..<relations.count {
            entries &*= relations[a].entryCount(o[a])  // ≤ nnz, checked in init
            incidences &*= relations[a].incidenceCount(o[a])
        }
        return (entries, incidences)
    }

    /// Stored entries of row `r` of `W`, in closed form.
    ///
    /// - Precondition: `0 ≤ r < rowCount`.
    /// - Complexity: O(D), no allocation beyond D coordinates.
    public func entryCount(row r: Int) -> Int {
        precondition(r >= 0 && r < rowCount, "row \(r) outside 0..<\(rowCount)")
        var o = [Int](repeating: 0, count: geometry.spatialRank)
        _ = decode(row: r, into: &o)
        return counts(at: o).entries
    }

    /// The stored entries of every row in `rows`, in order (the `indptr` differences of `W`).
    ///
    /// - Throws: `.invalidParameter` naming `rows` when the range is outside `0 ... rowCount`.
    /// - Complexity: O(|rows| · D).
    public func entryCounts(rows: Range<Int>) throws -> [Int] {
        try checkRows(rows)
        var o = [Int](repeating: 0, count: geometry.spatialRank)
        return rows.map { r in
            _ = decode(row: r, into: &o)
            return counts(at: o).entries
        }
    }

    /// The end `r1 > r0` of the largest block `[r0, r1)` whose entries stay within
    /// `maximumEntries`, or `r0 + 1` when row `r0` alone has more; `rowCount` at the end.
    ///
    /// - Precondition: `0 ≤ r0 < rowCount`.
    /// - Complexity: O((r1 − r0) · D).
    public func blockEnd(from r0: Int, maximumEntries: Int) -> Int {
        precondition(r0 >= 0 && r0 < rowCount, "block start \(r0) outside 0..<\(rowCount)")
        var o = [Int](repeating: 0, count: geometry.spatialRank)
        var total = 0, r = r0
        while r < rowCount {
            _ = decode(row: r, into: &o)
            let (sum, overflow) = total.addingReportingOverflow(counts(at: o).entries)
            if r > r0, overflow || sum > maximumEntries { break }
            total = sum
            r += 1
        }
        return r
    }

    /// Throws `.invalidParameter` naming `rows` unless `0 ≤ r0 ≤ r1 ≤ rowCount`.
    func checkRows(_ rows: Range<Int>) throws {
        guard rows.lowerBound >= 0, rows.upperBound <= rowCount else {
            throw ConvMatrixError.invalid("rows", "\(rows.lowerBound):\(rows.upperBound)",
                                          "must lie within 0:\(rowCount), the rows of W")
        }
    }
}

extension RowRangeCompiler {
    /// The block size, in stored entries, for work on `W` in row blocks within `memoryBudget`
    /// bytes: half of what the budget leaves after the weights, the per-axis relations and
    /// 2 MiB of buffers, at 12 bytes per entry (an `Int32` column and a `Double` value) — the
    /// other half is headroom for the allocator and the block's per-row arrays.
    ///
    /// - Throws: `.overBudget` naming `memory budget` when less than 24 KiB would be left.
    /// - Complexity: O(D).
    public func maximumBlockEntries(memoryBudget: Int) throws -> Int {
        var fixed = geometry.weightCount * MemoryLayout<Double>.stride + (2 << 20)
        for relation in relations {
            fixed += (relation.pointers.count + relation.inputs.count + relation.tapPointers.count + relation.taps.count)
                * MemoryLayout<Int>.stride
        }
        let room = memoryBudget - fixed
        guard room >= 24 << 10 else {
            throw ConvMatrixError(.overBudget, parameter: "memory budget", value: "\(memoryBudget) bytes",
                                  rule: "the weights, relations and buffers of work in row blocks alone take \(fixed) bytes; give a larger budget")
        }
        return room / 2 / 12
    }
}
