/// Step 1 and 2 of ``ConvolutionMatrix/init(recovering:geometry:source:tolerance:options:)``:
/// the file's values aligned with the pattern's entries, and weights solved from them.
struct WeightRecovery {
    var weights: [Double]
    /// The file's value of each pattern entry (0 where the file stores none).
    var fileValues: [Double]
    /// `(row, column)` of each pattern entry.
    var places: [(Int, Int)]

    init<P: SparseIndex, Index: SparseIndex>(_ p: PatternArrays<P>, _ csr: CSRMatrix<Index>,
                                             geometry: ConvolutionGeometry, source: String, bound: Double) throws {
        let nnz = p.nonzeroCount
        fileValues = [Double](repeating: 0, count: nnz)
        places = []
        places.reserveCapacity(nnz)
        // Merge each row's sorted columns: the pattern's and the file's.
        for r in 0..<p.rowCount {
            var f = Int(csr.rowPointers[r])
            let fEnd = Int(csr.rowPointers[r + 1])
            for e in Int(p.rowPointers[r])..<Int(p.rowPointers[r + 1]) {
                let c = Int(p.columnIndices[e])
                places.append((r, c))
                while f < fEnd, Int(csr.columnIndices[f]) <= c {
                    let fc = Int(csr.columnIndices[f])
                    if fc == c { fileValues[e] += csr.values[f] } else { try Self.outside(r, fc, csr.values[f], source, geometry) }
                    f += 1
                }
            }
            while f < fEnd {
                try Self.outside(r, Int(csr.columnIndices[f]), csr.values[f], source, geometry)
                f += 1
            }
        }

        // 1. One-tap entries.
        let map = try p.tapMap()
        var weights = [Double](repeating: 0, count: geometry.weightCount)
        var known = [Bool](repeating: false, count: geometry.weightCount)
        var firstEntry = [Int](repeating: -1, count: geometry.weightCount)
        var multiTap = [Int]()
        for e in 0..<nnz {
            let taps = map.taps(ofEntry: e)
            guard taps.count == 1 else { multiTap.append(e); continue }
            let t = taps[0], v = fileValues[e]
            if !known[t] {
                (weights[t], known[t], firstEntry[t]) = (v, true, e)
            } else if abs(weights[t] - v) > bound {
                let (r0, c0) = places[firstEntry[t]], (r, c) = places[e]
                throw ConvMatrixError(.shapeMismatch, parameter: "\(source) entry (\(r + 1), \(c + 1))", value: "\(v)",
                                      rule: "entry (\(r0 + 1), \(c0 + 1)) holds \(weights[t]), and both are weight \(Self.tapName(t, geometry)) in W of this layer")
            }
        }
        // 2. Multi-tap entries: solve one unknown at a time; free taps become 0.
        var pending = multiTap
        while !pending.isEmpty {
            var waiting = [Int]()
            for e in pending {
                let taps = map.taps(ofEntry: e)
                let unknown = taps.filter { !known[$0] }
                if unknown.count > 1 { waiting.append(e); continue }
                guard let t = unknown.first else { continue }
                var rest = 0.0
                for other in taps where other != t { rest += weights[other] }
                (weights[t], known[t]) = (fileValues[e] - rest, true)
            }
            if waiting.count == pending.count, let t = map.taps(ofEntry: waiting[0]).first(where: { !known[$0] }) {
                (weights[t], known[t]) = (0, true)
            }
            pending = waiting
        }
        self.weights = weights
    }

    /// `w[co, ci, k…]`.
    static func tapName(_ t: Int, _ geometry: ConvolutionGeometry) -> String {
        var rest = t, coordinates = [Int]()
        for extent in geometry.weightShape.reversed() {
            coordinates.append(rest % extent)
            rest /= extent
        }
        return "w[" + coordinates.reversed().map(String.init).joined(separator: ", ") + "]"
    }

    /// A file entry where `W` stores none: fine when it is zero.
    static func outside(_ r: Int, _ c: Int, _ v: Double, _ source: String, _ geometry: ConvolutionGeometry) throws {
        guard v != 0 else { return }
        throw ConvMatrixError(.shapeMismatch, parameter: "\(source) entry (\(r + 1), \(c + 1))", value: "\(v)",
                              rule: "W of this layer has a structural zero there (\(geometry.rowLabel(r)) does not read \(geometry.columnLabel(c)))")
    }
}
