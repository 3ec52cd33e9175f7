/// Where the failing elements of a verified quantity sit: per channel, group and sample, on the
/// borders of each spatial axis, and as a small text map.
struct Localisation {
    let byChannel: [Int]
    let byGroup: [Int]
    let bySample: [Int]
    let border: [VerificationReport.BorderCount]
    let map: String?

    /// The largest map drawn, per axis.
    static let mapLimit = 64

    /// Counts the `failed` flags (memory order of `space`).
    ///
    /// - Complexity: O(elements · rank).
    init(space: VerifiedSpace, failed: [Bool]) {
        let channels = space.channels, spatial = space.spatialShape
        var byChannel = [Int](repeating: 0, count: channels)
        var bySample = [Int](repeating: 0, count: space.batched ? space.logicalShape[0] : 0)
        var first = [Int](repeating: 0, count: spatial.count), last = first, interior = first
        var failedPositions = [Int: Set<Int>]()      // channel → flat spatial positions failing in any sample
        for offset in failed.indices where failed[offset] {
            let index = space.index(of: offset)
            guard space.batched else { byChannel[index[0]] += 1; continue }
            bySample[index[0]] += 1
            byChannel[index[1]] += 1
            for (a, p) in index.dropFirst(2).enumerated() {
                if p == 0 { first[a] += 1 } else if p == spatial[a] - 1 { last[a] += 1 } else { interior[a] += 1 }
            }
            failedPositions[index[1], default: []].insert(Self.flat(Array(index.dropFirst(2)), spatial))
        }
        let perGroup = channels / max(space.groups, 1)
        self.byChannel = byChannel
        byGroup = (0..<space.groups).map { g in byChannel[(g * perGroup)..<((g + 1) * perGroup)].reduce(0, +) }
        self.bySample = bySample
        border = spatial.indices.map { .init(axis: $0, first: first[$0], last: last[$0], interior: interior[$0]) }
        let worstChannel = byChannel.indices.max { byChannel[$0] < byChannel[$1] || (byChannel[$0] == byChannel[$1] && $0 > $1) }
        if space.batched, (1...2).contains(spatial.count), let c = worstChannel, byChannel[c] > 0 {
            map = Self.draw(failedPositions[c] ?? [], spatial: spatial, channel: c, name: space.name)
        } else {
            map = nil
        }
    }

    private static func flat(_ position: [Int], _ spatial: [Int]) -> Int {
        zip(position, spatial).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// Rows along the first spatial axis (one row for 1-d), `#` failing, `.` passing.
    private static func draw(_ failing: Set<Int>, spatial: [Int], channel: Int, name: String) -> String {
        let rows = spatial.count == 2 ? spatial[0] : 1, columns = spatial.last!
        let shownRows = min(rows, mapLimit), shownColumns = min(columns, mapLimit)
        var lines = ["failing positions of \(name) channel \(channel) (any sample), # failing . passing:"]
        for r in 0..<shownRows {
            lines.append(String((0..<shownColumns).map { failing.contains(r * columns + $0) ? "#" : "." }))
        }
        if shownRows < rows || shownColumns < columns {
            lines.append("(cut to the first \(shownRows) of \(rows) rows and \(shownColumns) of \(columns) columns)")
        }
        return lines.joined(separator: "\n")
    }
}
