// convmat-bench's ratio table and its peer runner: ratios computed by hand from made-up
// medians, and the subprocess path driven by a stand-in peers script (no Python needed).
@testable import convmat_bench
import Foundation
import Testing

@Suite struct BenchRatioTableTests {
    static let machine = MachineDescription(cpuModel: "Test CPU", cpus: 2, instructionSet: .portable)

    @Test func ratiosAreThePeerTimeOverOurs() {
        let shape = "conv2d_c64_56_k3"
        let ours = [
            Measurement(shape: shape, engine: "dense-f32", op: "conv", threads: 1, medianMilliseconds: 2, rate: ("gflops", 0)),
            Measurement(shape: shape, engine: "dense-f32", op: "conv", threads: 2, medianMilliseconds: 1.25, rate: ("gflops", 0)),
            Measurement(shape: shape, engine: "convmat", op: "compile", threads: 2, medianMilliseconds: 4, rate: ("mnnz_per_s", 0)),
            Measurement(shape: shape, engine: "cholmod", op: "W·X", threads: 1, medianMilliseconds: 100, rate: ("gflops", 0)),
            Measurement(shape: shape, engine: "cholmod", op: "W·X", threads: 2, medianMilliseconds: 80, rate: ("gflops", 0)),
            Measurement(shape: shape, engine: "cxsparse", op: "W·X", threads: 1, medianMilliseconds: 300, rate: ("gflops", 0)),
            Measurement(shape: shape, engine: "cholmod", op: "Wᵀ·Y", threads: 1, medianMilliseconds: 200, rate: ("gflops", 0)),
            Measurement(shape: shape, engine: "convmat", op: "refill", threads: 2, medianMilliseconds: 1.5, rate: ("mnnz_per_s", 0)),
            Measurement(shape: shape, engine: "convmat", op: "tap map", threads: 2, medianMilliseconds: 2.5, rate: ("mnnz_per_s", 0)),
        ]
        var peers = PeerResults()
        peers.onnxruntime[PeerResults.Key(shape, 1)] = 3
        peers.onnxruntime[PeerResults.Key(shape, 2)] = 1
        peers.scipy[shape] = PeerResults.SciPy(forwardMilliseconds: 150, transposedMilliseconds: 100, buildMilliseconds: 10,
                                               nonzeroCount: 1_000_000)
        peers.bandwidthGBps = 10
        let storage = [shape: StorageFigures(nonzeroCount: 1_000_000, rowCount: 1000, columnCount: 1000,
                                             matrixBytes: 12_004_004, tapMapBytes: 4_000_000,
                                             compilePeakBytes: 16_500_000)]
        let table = RatioTable(machine: Self.machine, ours: ours, storage: storage, peers: peers).markdown
        // onnxruntime: 3 / 2 and 1 / 1.25.
        #expect(table.contains("| conv2d_c64_56_k3 | 1 | 2.00 | 3.00 | 1.50× | – |"))
        #expect(table.contains("| conv2d_c64_56_k3 | 2 | 1.25 | 1.00 | 0.80× | – |"))
        // Floor = (12·10⁶ + 8·8·2000) B / 10 GB/s = 1.2128 ms; 100 / 1.2128 = 82.45; 300 / 100 = 3.
        #expect(table.contains("| conv2d_c64_56_k3 | W·X | 100 | 150 | 1.50× | 82.45× | 80.0 | 1.25× | 300 | 3.00× |"))
        // Wᵀ·Y: SciPy 100 / 200; no 2-thread or CXSparse figure.
        #expect(table.contains("| conv2d_c64_56_k3 | Wᵀ·Y | 200 | 100 | 0.50× | 164.91× | – | – | – | – |"))
        // Compile: 10⁶ / 4 ms = 250 Mnnz/s; SciPy 10 / 4; 12.004004 and 16.5 bytes per entry;
        // a refill took 1.5 ms, the tap map 2.5 ms and 4 bytes per entry.
        #expect(table.contains("| conv2d_c64_56_k3 | 1.0 M | 4.00 | 250 | 10.0 | 2.50× | 12.0 | 16.5 | 1.50 | 2.50 | 4.0 |"))
        #expect(table.contains("Test CPU"))
    }

    @Test func roundsGiveTheMedianOfTheirRatiosAndTheirRange() {
        let shape = "dwconv2d_c64_56_k3"
        // Our medians over three rounds: 1.0, 2.0, 1.5 → 1.5 ms; onnxruntime's: 1.2, 1.0, 3.0 → 1.2 ms.
        // Per-round ratios 1.2, 0.5, 2.0: median 1.2 (not 1.2 / 1.5 = 0.8), range 0.50–2.00.
        let ours = [Measurement(shape: shape, engine: "dense-f32", op: "conv", threads: 1, medianMilliseconds: 1.5, rate: ("gflops", 0))]
        var peers = PeerResults()
        peers.onnxruntime[PeerResults.Key(shape, 1)] = 1.2
        peers.roundRatios[PeerResults.Key(shape, 1)] = [1.2 / 1.0, 1.0 / 2.0, 3.0 / 1.5]
        let table = RatioTable(machine: Self.machine, ours: ours, storage: [:], peers: peers).markdown
        #expect(table.contains("| dwconv2d_c64_56_k3 | 1 | 1.50 | 1.20 | 1.20× | 0.50× – 2.00× (3) |"))
        #expect(median([3, 1, 2]) == 2 && median([4, 1, 3, 2]) == 2.5)
    }

    /// A channels-last dense run says so above its table (onnxruntime ran channels first);
    /// a channels-first one does not.
    @Test func theDenseTableNamesAChannelsLastLayout() {
        let ours = [Measurement(shape: "dwconv2d_c64_56_k3", engine: "dense-f32", op: "conv", threads: 1,
                                medianMilliseconds: 1.5, rate: ("gflops", 0))]
        let last = RatioTable(machine: Self.machine, ours: ours, storage: [:], peers: PeerResults(), denseLayout: .channelsLast)
        let first = RatioTable(machine: Self.machine, ours: ours, storage: [:], peers: PeerResults())
        #expect(last.markdown.contains("ConvMatrix with `x` and `y` channels last (onnxruntime's Conv channels first)"))
        #expect(!first.markdown.contains("channels last"))
    }

    @Test func theDenseTableNamesTheShapesWinogradRan() {
        let ours = [Measurement(shape: "conv2d_c64_56_k3", engine: "dense-f32", op: "conv", threads: 1, medianMilliseconds: 2, rate: ("gflops", 0)),
                    Measurement(shape: "conv3d_c16_32_k3", engine: "dense-f32", op: "conv", threads: 1, medianMilliseconds: 2, rate: ("gflops", 0))]
        let some = RatioTable(machine: Self.machine, ours: ours, storage: [:], peers: PeerResults(), winogradShapes: ["conv2d_c64_56_k3"])
        #expect(some.markdown.contains("F(2, 3) in 1-D, 1.5×) ran conv2d_c64_56_k3 (`--dense-algorithm direct`"))
        let none = RatioTable(machine: Self.machine, ours: ours, storage: [:], peers: PeerResults())
        #expect(none.markdown.contains("Every dense layer ran the direct convolution."))
    }

    @Test func thePeerRunnerReadsTheLastJSONLineOfEachMeasurement() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-peers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A stand-in for peers_bench.py: `sh script one ENGINE SHAPE …` prints a line of noise,
        // then one JSON object shaped like the real script's.
        let script = folder.appendingPathComponent("peers.sh")
        try """
        echo "warming up"
        case "$2" in
          bw) echo '{"1GiB": {"GBps_read+write": 24.5}}' ;;
          ort) if [ "$5" = 1 ]; then echo '{"median_s": 0.003}'; else echo '{"median_s": 0.002}'; fi ;;
          scipy) echo '{"nnz": 42, "build_s": 0.5, "W@X": {"median_s": 0.25}, "W.T@Y (csc view)": {"median_s": 0.125}}' ;;
        esac
        """.write(to: script, atomically: true, encoding: .utf8)
        let run = PeerRun(python: "sh", script: script.path, repetitions: 20)
        let results = try run.measureSparse(shapes: ["dwconv2d_c64_56_k3"])
        #expect(results.bandwidthGBps == 24.5)
        #expect(try run.onnxruntime("dwconv2d_c64_56_k3", threads: 1) == 3)
        #expect(try run.onnxruntime("dwconv2d_c64_56_k3", threads: 2) == 2)
        let scipy = results.scipy["dwconv2d_c64_56_k3"]
        #expect(scipy?.forwardMilliseconds == 250 && scipy?.transposedMilliseconds == 125)
        #expect(scipy?.buildMilliseconds == 500 && scipy?.nonzeroCount == 42)
    }

    @Test func aFailingPeerNamesTheCommandAndWhatItNeeds() throws {
        let error = #expect(throws: PeerError.self) {
            _ = try PeerRun(python: "sh", script: "/nonexistent/peers_bench.py", repetitions: 20)
                .measureSparse(shapes: ["dwconv2d_c64_56_k3"])
        }
        #expect(error?.description.contains("/nonexistent/peers_bench.py") == true)
    }
}
