/// One benchmark figure: a median time and its throughput.
struct Measurement {
    let shape: String
    let engine: String
    let op: String
    let threads: Int
    let medianMilliseconds: Double
    /// `("gflops", value)` or `("mnnz_per_s", value)`.
    let rate: (key: String, value: Double)

    var json: String {
        #"{"shape": "\#(shape)", "engine": "\#(engine)", "op": "\#(op)", "threads": \#(threads), "median_ms": \#(rounded(medianMilliseconds)), "\#(rate.key)": \#(rounded(rate.value))}"#
    }

    var text: String {
        let unit = rate.key == "gflops" ? "GFLOP/s" : "Mnnz/s"
        return "\(pad(shape, 27)) \(pad(engine, 9)) \(pad(op, 16)) \(threads) thr  \(padLeft(String(rounded(medianMilliseconds)), 10)) ms  \(padLeft(String(rounded(rate.value)), 8)) \(unit)"
    }
}

/// Median time in milliseconds (read from `clock`) of `repetitions` calls after `warmups` untimed ones.
func medianMilliseconds(repetitions: Int, warmups: Int = 1, clock: BenchClock = .wall,
                        _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<warmups { try body() }
    var times = [Double]()
    for _ in 0..<max(1, repetitions) {
        let start = clock.now()
        try body()
        times.append(Double(clock.now() - start) / 1e6)
    }
    return median(times)
}

/// The median of `values` (the mean of the middle two for an even count); `values` is not empty.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func rounded(_ v: Double) -> Double { v >= 100 ? (v * 10).rounded() / 10 : (v * 1000).rounded() / 1000 }
private func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
private func padLeft(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
