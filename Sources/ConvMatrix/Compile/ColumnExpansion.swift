/// The sorted column list (with taps) of one output position: the product of the channel
/// factor and every axis's entries, expanded in the input layout's memory order (outermost
/// axis first), which yields ascending columns.
///
/// It is expanded for group 0; group `g` reads the same list with every column shifted by
/// `g · (C_in/groups) · stride(channel)` and the same taps. Taps exclude the output channel's
/// offset `co · (C_in/groups) · Πk`. Buffers are allocated once per worker at the largest row
/// size, so expanding does no allocation and no reference counting.
final class ColumnExpansion {
    private let inputStrides: [Int]
    private let axisOrder: [Int]
    private let tapStrides: [Int]
    private let kernelVolume: Int
    private let inChannelsPerGroup: Int

    /// The current list: `count` entries, entry `e` at `columns[e]` with taps
    /// `taps[tapPointers[e] ..< tapPointers[e+1]]`.
    private(set) var columns: UnsafeMutablePointer<Int>
    private(set) var tapPointers: UnsafeMutablePointer<Int>
    private(set) var taps: UnsafeMutablePointer<Int>
    private(set) var count = 0
    /// See ``ExpandedRow/consecutiveTapsStart``.
    private(set) var consecutiveTapsStart: Int?
    private var nextColumns: UnsafeMutablePointer<Int>
    private var nextTapPointers: UnsafeMutablePointer<Int>
    private var nextTaps: UnsafeMutablePointer<Int>
    private let factorColumns: UnsafeMutablePointer<Int>
    private let factorTapPointers: UnsafeMutablePointer<Int>
    private let factorTaps: UnsafeMutablePointer<Int>
    /// The most entries and taps one position's list can have.
    let entryCapacity: Int
    let incidenceCapacity: Int
    private let factorCapacity: Int

    init(geometry g: ConvolutionGeometry, relations: [AxisRelation]) {
        inputStrides = g.inputLayout.strides(extents: g.inputShape)
        axisOrder = g.inputLayout.order(spatialRank: g.spatialRank)
        let kernel = g.kernelShape
        tapStrides = (0..<kernel.count).map { kernel[($0 + 1)...].reduce(1, *) }
        kernelVolume = kernel.reduce(1, *)
        inChannelsPerGroup = g.inChannelsPerGroup
        var entries = inChannelsPerGroup, incidences = inChannelsPerGroup, factor = inChannelsPerGroup
        for r in relations {
            // Intermediate lists are bounded by the product of per-factor maxima, each at least 1.
            let most = max((0..<(r.pointers.count - 1)).map(r.entryCount).max() ?? 0, 1)
            entries *= most
            incidences *= max((0..<(r.pointers.count - 1)).map(r.incidenceCount).max() ?? 0, 1)
            factor = max(factor, most, r.taps.count)
        }
        entryCapacity = max(entries, 1)
        incidenceCapacity = max(incidences, 1)
        factorCapacity = max(factor, 1)
        columns = .allocate(capacity: entryCapacity)
        tapPointers = .allocate(capacity: entryCapacity + 1)
        taps = .allocate(capacity: incidenceCapacity)
        nextColumns = .allocate(capacity: entryCapacity)
        nextTapPointers = .allocate(capacity: entryCapacity + 1)
        nextTaps = .allocate(capacity: incidenceCapacity)
        factorColumns = .allocate(capacity: factorCapacity)
        factorTapPointers = .allocate(capacity: factorCapacity + 1)
        factorTaps = .allocate(capacity: factorCapacity)
    }

    deinit {
        for p in [columns, tapPointers, taps, nextColumns, nextTapPointers, nextTaps,
                  factorColumns, factorTapPointers, factorTaps] { p.deallocate() }
    }

    /// The current list as a view (valid until the next ``expand(relations:position:)``).
    var row: ExpandedRow {
        ExpandedRow(count: count, columns: columns, tapPointers: tapPointers, taps: taps,
                    consecutiveTapsStart: consecutiveTapsStart)
    }

    /// Column shift of input-channel group `group`.
    func columnOffset(group: Int) -> Int { group * inChannelsPerGroup * inputStrides[0] }

    /// Expands the entries of output position `o` (for group 0).
    ///
    /// - Complexity: O(entries + incidences) of one row.
    func expand(relations: UnsafeBufferPointer<AxisRelation>, position o: [Int]) {
        columns[0] = 0
        tapPointers[0] = 0
        tapPointers[1] = 1
        taps[0] = 0
        count = 1
        for axis in axisOrder {
            var n = 0, t = 0
            factorTapPointers[0] = 0
            if axis == 0 {
                for ci in 0..<inChannelsPerGroup {
                    factorColumns[n] = ci * inputStrides[0]
                    factorTaps[t] = ci * kernelVolume
                    t += 1
                    n += 1
                    factorTapPointers[n] = t
                }
            } else {
                let a = axis - 1, stride = inputStrides[axis], tapStride = tapStrides[a]
                relations[a].withBuffers { pointers, inputs, tapPointers, taps in
                    for e in pointers[o[a]]..<pointers[o[a] + 1] {
                        factorColumns[n] = inputs[e] * stride
                        for k in tapPointers[e]..<tapPointers[e + 1] {
                            factorTaps[t] = taps[k] * tapStride
                            t += 1
                        }
                        n += 1
                        factorTapPointers[n] = t
                    }
                }
            }
            combine(factorCount: n)
        }
        consecutiveTapsStart = tapsAreConsecutive() ? taps[0] : nil
    }

    /// Whether the current list has one tap per entry, in steps of 1.
    ///
    /// - Complexity: O(entries).
    private func tapsAreConsecutive() -> Bool {
        guard count > 0, tapPointers[count] == count else { return false }
        let first = taps[0]
        for e in 1..<count where taps[e] != first &+ e { return false }
        return true
    }

    /// Replaces the list by its product with the current factor (factor innermost).
    private func combine(factorCount: Int) {
        var n = 0, t = 0
        nextTapPointers[0] = 0
        for i in 0..<count {
            for j in 0..<factorCount {
                nextColumns[n] = columns[i] + factorColumns[j]
                for p in tapPointers[i]..<tapPointers[i + 1] {
                    for q in factorTapPointers[j]..<factorTapPointers[j + 1] {
                        nextTaps[t] = taps[p] + factorTaps[q]
                        t += 1
                    }
                }
                n += 1
                nextTapPointers[n] = t
            }
        }
        swap(&columns, &nextColumns)
        swap(&tapPointers, &nextTapPointers)
        swap(&taps, &nextTaps)
        count = n
    }
}
