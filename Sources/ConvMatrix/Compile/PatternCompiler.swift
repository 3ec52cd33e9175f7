import Dispatch

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

    init(_ geometry: ConvolutionGeometry, options: CompileOptions) throws {
        self.geometry = geometry
        self.options = options
        let relations = geometry.axes.map { AxisRelation($0, mode: geometry.paddingMode) }
        self.relations = relations
        let perRow = geometry.outChannels * geometry.inChannelsPerGroup
        let (nnz, incidences) = relations.reduce((perRow, perRow)) { acc, r in
            (acc.0.multipliedReportingOverflow(by: r.inputs.count).partialValue,
             acc.1.multipliedReportingOverflow(by: r.taps.count).partialValue)
        }
        nonzeroCount = nnz
        incidenceCount = incidences
        let largest = max(nnz, incidences, geometry.weightCount)
        indexWidth = options.indexWidth
            ?? IndexWidth.narrowest(nnz: largest, rows: geometry.outputCount, columns: geometry.inputCount)
        if indexWidth == .int32 && largest > Int(Int32.max) {
            throw ConvMatrixError.invalid("index width", "int32",
                                          "\(largest) entries do not fit in 32-bit indices; use int64")
        }
        let bytes = estimatedBytes(values: true)
        if bytes > options.memoryBudget {
            throw ConvMatrixError(.overBudget, parameter: "memory", value: byteDescription(bytes),
                                  rule: "W has \(nnz) stored entries (\(geometry.outputCount) × \(geometry.inputCount)); that exceeds the memory budget of \(byteDescription(options.memoryBudget))")
        }
    }

    var isSingleTap: Bool { relations.allSatisfy(\.isSingleTap) }

    /// Bytes of row pointers, columns, taps, tap pointers (if any) and values.
    func estimatedBytes(values: Bool) -> Int {
        let w = indexWidth.byteCount
        var bytes = (geometry.outputCount + 1) * w + nonzeroCount * w + incidenceCount * w
        if !isSingleTap { bytes += (nonzeroCount + 1) * w }
        if values { bytes += nonzeroCount * MemoryLayout<Double>.stride }
        return bytes
    }

    /// Compiles the pattern, and the values when `weights` is given.
    func compile(weights: UnsafeBufferPointer<Double>?) -> (pattern: ConvolutionPattern, values: [Double]?) {
        switch indexWidth {
        case .int32:
            let (arrays, values) = fill(Int32.self, weights: weights)
            return (ConvolutionPattern(geometry: geometry, storage: .int32(arrays)), values)
        case .int64:
            let (arrays, values) = fill(Int64.self, weights: weights)
            return (ConvolutionPattern(geometry: geometry, storage: .int64(arrays)), values)
        }
    }
}
