/// Builds a ``ConvolutionPattern`` (and optionally the values) CSparse-style: the number of
/// entries of every row is known in closed form — `(C_in/groups) · Π_a entries_a(o_a)` — so
/// rows are counted, prefix-summed, then filled in parallel, never inserted one at a time.
///
/// All output channels of one group at one output position share the same columns; the
/// compiler expands that column list once (in the input layout's memory order, which makes it
/// sorted) and copies it into each of those rows with the channel's tap offset.
struct PatternCompiler {
    let geometry: ConvolutionGeometry
    let options: CompileOptions
    let relations: [AxisRelation]

    /// Exact sizes, known before allocation.
    let nonzeroCount: Int
    let incidenceCount: Int
    let indexWidth: IndexWidth

    /// Sizes everything from the geometry before any large allocation: first a lower bound of
    /// the memory (row pointers and per-axis relations, proportional to the output lengths) so
    /// that a huge output is refused before work proportional to it; then the per-axis
    /// relations and the exact, overflow-checked nnz, incidences and bytes.
    ///
    /// - Throws: `.overBudget` when a count exceeds `2⁶³ − 1` or the bytes exceed
    ///   `options.memoryBudget`; `.invalidParameter` when a forced 32-bit width cannot hold them.
    init(_ geometry: ConvolutionGeometry, options: CompileOptions) throws {
        self.geometry = geometry
        self.options = options
        try Self.checkLowerBound(geometry, options: options)  // PatternCompiler+Budget.swift
        let relations = geometry.axes.map { AxisRelation($0, mode: geometry.paddingMode) }
        self.relations = relations
        (nonzeroCount, incidenceCount) = try Self.entryCounts(geometry, relations: relations)
        let largest = max(nonzeroCount, incidenceCount, geometry.weightCount)
        indexWidth = options.indexWidth
            ?? IndexWidth.narrowest(nnz: largest, rows: geometry.outputCount, columns: geometry.inputCount)
        try Self.checkIndexWidth(indexWidth, largest: largest)
        let bytes = try estimatedBytes(values: true)
        if bytes > options.memoryBudget {
            throw Self.overBudget(bytes, options: options,
                                  "W has \(nonzeroCount) stored entries (\(geometry.outputCount) × \(geometry.inputCount))")
        }
    }

    /// A forced 32-bit width must hold the largest index or count, `largest`.
    static func checkIndexWidth(_ width: IndexWidth, largest: Int) throws {
        if width == .int32 && largest > Int(Int32.max) {
            throw ConvMatrixError.invalid("index width", "int32", "\(largest) entries do not fit in 32-bit indices; use int64")
        }
    }

    /// `memory = 1.84 GB: <what> exceed the memory budget of …`.
    static func overBudget(_ bytes: Int, options: CompileOptions, _ what: String) -> ConvMatrixError {
        ConvMatrixError(.overBudget, parameter: "memory", value: byteDescription(bytes),
                        rule: "\(what); that exceeds the memory budget of \(byteDescription(options.memoryBudget))")
    }

    var isSingleTap: Bool { relations.allSatisfy(\.isSingleTap) }

    /// Bytes of the row pointers, columns and (when `values`) values of `W`, checked. The tap
    /// map is not part of a compile (``tapMapBytes()``).
    func estimatedBytes(values: Bool) throws -> Int {
        let w = indexWidth.byteCount, m = geometry.outputCount
        let tooLarge = ConvMatrixError.tooLarge("input shape", listDescription(geometry.inputShape), "the bytes of W")
        var bytes = try checkedProduct(try checkedSum([m, 1, nonzeroCount], tooLarge), w, tooLarge)
        if values { bytes = try checkedSum([bytes, try checkedProduct(nonzeroCount, MemoryLayout<Double>.stride, tooLarge)], tooLarge) }
        return bytes
    }

    /// Bytes of the tap map: a tap per incidence, plus a pointer per entry (and one) when some
    /// entry has several taps, checked.
    func tapMapBytes() throws -> Int {
        let tooLarge = ConvMatrixError.tooLarge("input shape", listDescription(geometry.inputShape), "the bytes of the tap map of W")
        let words = try checkedSum([incidenceCount] + (isSingleTap ? [] : [nonzeroCount, 1]), tooLarge)
        return try checkedProduct(words, indexWidth.byteCount, tooLarge)
    }

    /// Compiles the pattern, and the values when `weights` is given.
    ///
    /// - Throws: `.overBudget` when a prefix sum overflows or an array cannot be allocated.
    func compile(weights: UnsafeBufferPointer<Double>?) throws -> (pattern: ConvolutionPattern, values: [Double]?) {
        switch indexWidth {
        case .int32:
            let (arrays, values) = try fill(Int32.self, weights: weights)
            return (ConvolutionPattern(geometry: geometry, storage: .int32(arrays)), values)
        case .int64:
            let (arrays, values) = try fill(Int64.self, weights: weights)
            return (ConvolutionPattern(geometry: geometry, storage: .int64(arrays)), values)
        }
    }

    /// `W`'s stored entries and tap incidences in closed form: every output channel's row reads
    /// `C_in/groups` channels times each axis's column (or tap) list, so both are products of
    /// per-axis counts — checked, because the sizes come from the user.
    static func entryCounts(_ geometry: ConvolutionGeometry, relations: [AxisRelation]) throws -> (nonzero: Int, incidence: Int) {
        let perRow = [geometry.outChannels, geometry.inChannelsPerGroup]
        let input = listDescription(geometry.inputShape)
        let nonzero = try checkedProduct(perRow + relations.map(\.inputs.count),
                                         .tooLarge("input shape", input, "the number of stored entries of W"))
        let incidence = try checkedProduct(perRow + relations.map(\.taps.count),
                                           .tooLarge("input shape", input, "the number of taps of W"))
        return (nonzero, incidence)
    }
}
