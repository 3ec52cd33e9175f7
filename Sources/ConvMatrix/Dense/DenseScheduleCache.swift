import Synchronization

/// What a dense schedule depends on: the geometry, the direction and everything that sizes
/// the work split (batch, workers, kernel variant, element size, cache budget).
struct DenseScheduleKey: Hashable, Sendable {
    let geometry: ConvolutionGeometry
    let direction: Convolution.Direction
    let batch: Int
    let workers: Int
    let isa: DenseInstructionSet
    let elementSize: Int
    let budget: Int
}

/// The schedules (``ForwardSchedule``, ``TransposedSchedule``) of the most recent dense calls,
/// shared by all threads, so that calling a layer again skips its planning.
///
/// Holds at most ``capacity`` schedules whose tables take at most ``largestCachedBytes`` each
/// (a schedule with larger tables — a very long axis — is rebuilt per call, where its work
/// dwarfs the rebuild), evicting the least recently used. Schedules are immutable, so a hit
/// hands the same object to concurrent callers.
final class DenseScheduleCache: Sendable {
    /// The cache every dense call uses: 8 schedules of up to 4 MiB of tables.
    static let shared = DenseScheduleCache(capacity: 8, largestCachedBytes: 4 << 20)

    let capacity: Int
    let largestCachedBytes: Int
    /// Most recently used last.
    private let entries = Mutex<[(key: DenseScheduleKey, schedule: any Sendable)]>([])

    init(capacity: Int, largestCachedBytes: Int) {
        self.capacity = capacity
        self.largestCachedBytes = largestCachedBytes
    }

    /// The schedule for `key`: the cached one, or `make()` — built outside the lock, then kept
    /// when `bytes` of it is at most ``largestCachedBytes``.
    /// - Complexity: O(capacity) key comparisons, plus `make` on a miss.
    func schedule<S: Sendable>(_ key: DenseScheduleKey, bytes: (S) -> Int, make: () -> S) -> S {
        let hit = entries.withLock { entries -> S? in
            guard let index = entries.firstIndex(where: { $0.key == key }),
                  let schedule = entries[index].schedule as? S else { return nil }
            entries.append(entries.remove(at: index))
            return schedule
        }
        if let hit { return hit }
        let schedule = make()
        guard bytes(schedule) <= largestCachedBytes else { return schedule }
        entries.withLock { entries in
            entries.removeAll { $0.key == key }
            entries.append((key, schedule))
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
        return schedule
    }

    /// The keys held, least recently used first.
    var keys: [DenseScheduleKey] { entries.withLock { $0.map(\.key) } }
}
