/// Building a report from the user's values, the reference and per-element bound terms.
extension VerificationReport {
    /// The report on `got` against `reference`, element `i` bounded by
    /// `tolerance.bound(terms: terms[i], count: counts[i], reference: reference[i])`.
    ///
    /// All arrays are in the memory order of `space`; `trace` gives the receptive field of a
    /// logical index (called for the `worst` elements only).
    ///
    /// - Complexity: O(elements · log(worst)) plus the traces.
    static func build(got: [Double], reference: [Double], terms: [Double], counts: [Double], space: VerifiedSpace,
                      tolerance: VerificationTolerance, precision: VerifiedPrecision, worst: Int, crossChecked: Bool,
                      trace: ([Int]) throws -> [ReceptiveFieldTerm]) rethrows -> VerificationReport {
        precondition(got.count == reference.count && terms.count == got.count && counts.count == got.count,
                     "VerificationReport.build: arrays of different lengths")
        var bounds = [Double](repeating: 0, count: got.count)
        var failed = [Bool](repeating: false, count: got.count)
        var failing = 0, maxAbs = 0.0, maxRatio = 0.0
        var ranked = [(ratio: Double, offset: Int)]()
        for i in got.indices {
            let b = tolerance.bound(terms: terms[i], count: counts[i], reference: reference[i])
            bounds[i] = b
            let error = got[i].isFinite ? abs(got[i] - reference[i]) : .infinity
            let ratio = ratio(error, b)
            if !within(got[i], reference[i], b) { failed[i] = true; failing += 1 }
            maxAbs = max(maxAbs, error)
            maxRatio = max(maxRatio, ratio)
            insert((ratio, i), into: &ranked, keeping: worst)
        }
        let elements = try ranked.map { r -> Element in
            let index = space.index(of: r.offset)
            return Element(index: index, label: space.label(index), got: got[r.offset], expected: reference[r.offset],
                           bound: bounds[r.offset], receptiveField: try trace(index))
        }
        let places = Localisation(space: space, failed: failed)
        return VerificationReport(name: space.name, passed: failing == 0, precision: precision,
                                  tolerance: tolerance.description, elements: got.count, failing: failing,
                                  maxAbsError: maxAbs, maxErrorInBounds: maxRatio, worst: elements,
                                  byChannel: places.byChannel, byGroup: places.byGroup, bySample: places.bySample,
                                  border: places.border, map: places.map, crossChecked: crossChecked, diagnosis: [],
                                  reference: reference, bounds: bounds)
    }

    /// Keeps the `limit` largest ratios, largest first; ties keep the lower offset first.
    private static func insert(_ item: (ratio: Double, offset: Int), into ranked: inout [(ratio: Double, offset: Int)],
                               keeping limit: Int) {
        guard limit > 0 else { return }
        if ranked.count == limit, let last = ranked.last, !(item.ratio > last.ratio) { return }
        let at = ranked.firstIndex { item.ratio > $0.ratio } ?? ranked.count
        ranked.insert(item, at: at)
        if ranked.count > limit { ranked.removeLast() }
    }
}
