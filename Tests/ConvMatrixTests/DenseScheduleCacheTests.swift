import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// Dense calls reuse the schedule (plan and tables) of an earlier call with the same key; a
/// reused schedule must give what the definition gives, for new data, batch sizes and thread
/// counts, and the cache must stay within its bounds.
@Suite struct DenseScheduleCacheTests {
    final class Schedule: Sendable {
        let id: Int
        init(_ id: Int) { self.id = id }
    }

    static func key(_ batch: Int) throws -> DenseScheduleKey {
        DenseScheduleKey(geometry: try ConvolutionGeometry(inChannels: 1, outChannels: 1, axes: [AxisGeometry(inputSize: 4, kernelSize: 2)]),
                         direction: .forward, batch: batch, workers: 1, isa: .portable, elementSize: 8, budget: 1)
    }

    @Test func keepsTheMostRecentSmallSchedules() throws {
        let cache = DenseScheduleCache(capacity: 3, largestCachedBytes: 100)
        var builds = 0
        func get(_ batch: Int, bytes: Int = 10) throws -> Schedule {
            cache.schedule(try Self.key(batch), bytes: { _ in bytes }) {
                builds += 1
                return Schedule(builds)
            }
        }
        let first = try get(0)
        #expect(try get(0) === first)
        #expect(builds == 1)
        _ = try get(1)
        _ = try get(2)
        _ = try get(0)              // a hit: now the most recent
        _ = try get(3)              // evicts batch 1, the least recently used
        #expect(builds == 4)
        #expect(cache.keys == [try Self.key(2), try Self.key(0), try Self.key(3)])
        #expect(try get(0) === first)
        // Tables above the limit are built for the call and not kept.
        _ = try get(4, bytes: 101)
        _ = try get(4, bytes: 101)
        #expect(builds == 6)
        #expect(cache.keys.count == 3)
        #expect(!cache.keys.contains(try Self.key(4)))
        _ = try get(1)
        #expect(builds == 7)
    }

    /// A Float call of 2 samples through ``DenseJob`` with the given item budget, widened to Double.
    static func runFloat(_ g: ConvolutionGeometry, _ direction: Convolution.Direction, _ input: [Float], _ weights: [Float],
                         budget: Int, threads: Int) throws -> [Double] {
        var out = [Float](repeating: .nan, count: 2 * (direction == .forward ? g.outputCount : g.inputCount))
        var job = DenseJob(geometry: g, direction: direction, batch: 2, threads: threads, isa: .best)
        job.itemBudget = budget
        try input.withUnsafeBufferPointer { x in
            try weights.withUnsafeBufferPointer { w in
                try out.withUnsafeMutableBufferPointer { o in try job.run(x, w, nil, o) }
            }
        }
        return out.map(Double.init)
    }

    /// Calls on every split-test geometry with one data set, then with another (and another
    /// batch size and thread count): the later calls run on cached schedules where their keys
    /// match, and must still give what the sparse path's `W·x` and `Wᵀ·y` give (the compiled
    /// matrix never reads the dense path's plans).
    @Test(arguments: DenseSplitTests.cases)
    func reusedSchedulesGiveTheSparseProducts(g: ConvolutionGeometry) throws {
        let w = randomValues(g.weightCount, seed: 21)
        let matrix = try ConvolutionMatrix(g, weights: w)
        // Two data sets of 2 samples; a 1-sample call takes the first sample of a set.
        let sets = [(x: randomValues(2 * g.inputCount, seed: 22), y: randomValues(2 * g.outputCount, seed: 23)),
                    (x: randomValues(2 * g.inputCount, seed: 24), y: randomValues(2 * g.outputCount, seed: 25))]
        let zeros = [Double](repeating: 0, count: max(g.inChannels, g.outChannels))
        // Each key twice in a row (the second call a hit on new data), and keys that differ
        // only in batch or threads.
        for (budget, batch, threads, set) in [(1 << 30, 2, 1, 0), (1 << 30, 2, 1, 1), (1 << 30, 1, 2, 0), (1, 2, 2, 1), (1, 2, 2, 0)] {
            let x = Array(sets[set].x.prefix(batch * g.inputCount)), y = Array(sets[set].y.prefix(batch * g.outputCount))
            let label = "budget \(budget), batch \(batch), threads \(threads), data \(set): \(g)"
            let forward = try DenseSplitTests.run(g, .forward, input: x, weights: w, bias: Array(zeros.prefix(g.outChannels)),
                                                  batch: batch, threads: threads, budget: budget)
            #expect(relativeError(forward, try matrix.apply(x, batch: batch)) <= 1e-13, "forward, \(label)")
            let transposed = try DenseSplitTests.run(g, .transposed, input: y, weights: w, bias: Array(zeros.prefix(g.inChannels)),
                                                     batch: batch, threads: threads, budget: budget)
            #expect(relativeError(transposed, try matrix.applyTransposed(y, batch: batch)) <= 1e-13, "transposed, \(label)")
        }
        // Float right after Double with the same keys otherwise: another tile width, another schedule.
        let x = sets[0].x.map(Float.init), y = sets[0].y.map(Float.init), wf = w.map(Float.init)
        for (budget, threads) in [(1 << 30, 1), (1, 2)] {
            let forward = try Self.runFloat(g, .forward, x, wf, budget: budget, threads: threads)
            #expect(relativeError(forward, try matrix.apply(x.map(Double.init), batch: 2)) <= 1e-5, "Float forward, threads \(threads): \(g)")
            let transposed = try Self.runFloat(g, .transposed, y, wf, budget: budget, threads: threads)
            #expect(relativeError(transposed, try matrix.applyTransposed(y.map(Double.init), batch: 2)) <= 1e-5,
                    "Float transposed, threads \(threads): \(g)")
        }
    }
}
