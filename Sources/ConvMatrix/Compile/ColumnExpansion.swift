/// The sorted column list (with taps) shared by all output channels of one group at one
/// output position: the product of the channel factor and every axis's entries, expanded in
/// the input layout's memory order (outermost axis first), which yields ascending columns.
///
/// Taps here exclude the output channel's offset `co · (C_in/groups) · Πk`.
struct ColumnExpansion {
    private(set) var columns: [Int] = []
    private(set) var tapPointers: [Int] = []
    private(set) var taps: [Int] = []
    private var factorColumns: [Int] = []
    private var factorTapPointers: [Int] = []
    private var factorTaps: [Int] = []
    private var nextColumns: [Int] = []
    private var nextTapPointers: [Int] = []
    private var nextTaps: [Int] = []

    var count: Int { columns.count }

    /// Expands the entries of output position `o` for input-channel group `group`.
    ///
    /// - Complexity: O(entries + incidences) of one row.
    mutating func expand(geometry g: ConvolutionGeometry, relations: [AxisRelation], position o: [Int], group: Int) {
        let inStrides = g.inputLayout.strides(extents: g.inputShape)
        let kernel = g.kernelShape
        columns.removeAll(keepingCapacity: true); columns.append(0)
        tapPointers.removeAll(keepingCapacity: true); tapPointers.append(contentsOf: [0, 1])
        taps.removeAll(keepingCapacity: true); taps.append(0)
        for axis in g.inputLayout.order(spatialRank: g.spatialRank) {
            factorColumns.removeAll(keepingCapacity: true)
            factorTapPointers.removeAll(keepingCapacity: true); factorTapPointers.append(0)
            factorTaps.removeAll(keepingCapacity: true)
            if axis == 0 {
                let volume = kernel.reduce(1, *)
                for ci in 0..<g.inChannelsPerGroup {
                    factorColumns.append((group * g.inChannelsPerGroup + ci) * inStrides[0])
                    factorTaps.append(ci * volume)
                    factorTapPointers.append(factorTaps.count)
                }
            } else {
                let a = axis - 1, r = relations[a]
                let tapStride = kernel[(a + 1)...].reduce(1, *)
                for e in r.pointers[o[a]]..<r.pointers[o[a] + 1] {
                    factorColumns.append(r.inputs[e] * inStrides[axis])
                    for k in r.tapPointers[e]..<r.tapPointers[e + 1] { factorTaps.append(r.taps[k] * tapStride) }
                    factorTapPointers.append(factorTaps.count)
                }
            }
            combineWithFactor()
        }
    }

    /// Replaces the list by its product with the current factor (factor innermost).
    private mutating func combineWithFactor() {
        nextColumns.removeAll(keepingCapacity: true)
        nextTapPointers.removeAll(keepingCapacity: true); nextTapPointers.append(0)
        nextTaps.removeAll(keepingCapacity: true)
        for i in 0..<columns.count {
            for j in 0..<factorColumns.count {
                nextColumns.append(columns[i] + factorColumns[j])
                for p in tapPointers[i]..<tapPointers[i + 1] {
                    for q in factorTapPointers[j]..<factorTapPointers[j + 1] {
                        nextTaps.append(taps[p] + factorTaps[q])
                    }
                }
                nextTapPointers.append(nextTaps.count)
            }
        }
        swap(&columns, &nextColumns)
        swap(&tapPointers, &nextTapPointers)
        swap(&taps, &nextTaps)
    }
}
