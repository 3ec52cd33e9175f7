import ArgumentParser
import ConvMatrix
import Foundation

/// `convmat-bench`: the six reference shapes of `Tests/bench/peers_bench.py` (batch 8), our
/// engines, and — with `--peers` — onnxruntime, SciPy and the memory-bandwidth floor measured
/// in the same run, with the ratio table.
@main
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convmat-bench",
        abstract: "Time ConvMatrix on the six reference shapes (batch 8), optionally beside its peers.",
        discussion: """
        For each shape: compile time of W (structure and values, Mnnz/s), of a refill with \
        new weights and of its tap map (built on first use); W·X and Wᵀ·Y through \
        CHOLMOD and CXSparse with 1 and 2 threads, as a layer runs them (--numbering; with W \
        numbered channels innermost the channels-first batches are relaid out in and out inside \
        the timing; GFLOP/s \
        counted as 2·nnz·batch); the dense \
        Float layer with 1 and 2 threads (GFLOP/s counted as 2 × nominal multiply-adds, as the \
        peers count them; output buffer reused), in --rounds rounds. Times are medians.

        --peers also runs Tests/bench/peers_bench.py (onnxruntime, SciPy CSR, a copy-bandwidth \
        probe) for the same shapes, one measurement per process — onnxruntime in each round \
        right after our dense layer — and prints the ratio table: \
        peer time ÷ our time per shape, op and thread count (above 1.0× means ConvMatrix is \
        faster), our time ÷ the memory-bandwidth floor, and bytes of W per stored entry. \
        Absolute times depend on the machine; ratios measured in one run carry over. Run on \
        an idle machine; the CPU model and instruction set are printed with the table.

        Examples (from the repository root; CI runs the first two):
          swift run -c release convmat-bench --shapes dwconv2d_c64_56_k3 --peers
          swift run -c release convmat-bench --shapes convT2d_c64to32_28_k4s2p1 --only sparse --clock cpu --json
          swift run -c release convmat-bench --peers      # all six shapes: about 15 minutes
        """)

    @Flag(help: "Print one JSON object per measurement instead of text.")
    var json = false

    @Option(help: ArgumentHelp("Comma-separated shape names (default: all six).", valueName: "a,b"))
    var shapes: String?

    @Option(help: "Measure only one part: sparse or dense.")
    var only: Part?

    @Option(help: "The numbering W is compiled in for the sparse products: automatic (as layers run them: channels innermost when a row of W reads at least 8 channels, or with --transposed-products explicit-transpose a row of the copy of Wᵀ does; else the output channels alone innermost when one group has at least 8 output channels), caller (channels first, as exported), channels-innermost or output-channels-innermost.")
    var numbering: ConvolutionProduct.Numbering = .automatic

    @Option(name: .customLong("transposed-products"), help: "Where Wᵀ·Y reads Wᵀ from: same-matrix (W itself, no second matrix) or explicit-transpose (a CSR copy of Wᵀ formed after the compile, the size of W again; the compile figures then include it).")
    var transposedProducts: ConvolutionProduct.TransposedProducts = .sameMatrix

    @Option(name: .customLong("instruction-set"), help: "The dense kernels to time: best (what this CPU runs by default), avx512, avx2 or portable; e.g. avx2 on an AVX-512 machine measures the kernels AVX2-only CPUs run. It must be supported by this CPU.")
    var instructionSet: InstructionSetChoice = .best

    @Option(name: .customLong("dense-layout"), help: "The memory order of the dense layer's input and output, spelled as convmat's --layout: channels_first (NCHW, what onnxruntime's Conv takes) or channels_last (NHWC, as TensorFlow and JAX keep tensors; onnxruntime still runs channels first, so its ratios then say what the layout costs a channels-last caller).")
    var denseLayout: DenseLayoutChoice = .channelsFirst

    @Option(name: .customLong("dense-algorithm"), help: "The dense algorithm: automatic (Winograd F(2×2, 3×3) on 3×3 layers and F(2, 3) on 1-D layers of kernel 3, stride 1, at least 16 channels each side, channels first, and on their transposed maps with pads of at most 2; the direct convolution elsewhere) or direct (the direct convolution on every shape).")
    var denseAlgorithm: DenseAlgorithmChoice = .automatic

    @Option(help: "Samples per measurement. The peers run batch 8, so --peers needs the default; other batches show how the products scale with it (cholmod_sdmult takes the batch in blocks of 4 columns, one pass over W each).")
    var batch = BenchShape.referenceBatch

    @Option(help: "Repetitions of each sparse measurement (median taken).")
    var reps = 5

    @Option(name: .customLong("dense-reps"), help: "Repetitions of each dense measurement.")
    var denseReps = 20

    @Option(help: "Rounds of the dense part; with --peers each round times our layer and then onnxruntime for the same shape and thread count, and the ratio is the median of the rounds' ratios (a shared machine's slow spells then hit both sides).")
    var rounds = 5

    @Option(help: "wall (elapsed) or cpu (process CPU time, for comparing builds on a busy machine).")
    var clock: BenchClock = .wall

    @Flag(help: "Also run onnxruntime, SciPy and the bandwidth probe, and print the ratio table.")
    var peers = false

    @Option(name: .customLong("peers-script"), help: "The peers script (default: Tests/bench/peers_bench.py of this checkout).")
    var peersScript: String?

    @Option(help: "The Python that runs the peers (needs numpy, scipy, onnx, onnxruntime).")
    var python = "python3"

    @Option(name: .customLong("peer-reps"), help: "Repetitions of each peer measurement (the script uses at least 20).")
    var peerReps = 20

    enum Part: String, ExpressibleByArgument { case sparse, dense }

    /// The layouts `--dense-layout` offers, for both `x` and `y`: `convmat --layout`'s
    /// spelling, with hyphens taken as underscores (the bench's other values use hyphens).
    enum DenseLayoutChoice: String, CaseIterable, ExpressibleByArgument {
        case channelsFirst = "channels_first", channelsLast = "channels_last"
        var layout: TensorLayout { self == .channelsFirst ? .channelsFirst : .channelsLast }

        init?(argument: String) {
            self.init(rawValue: argument.replacingOccurrences(of: "-", with: "_"))
        }
    }

    /// The algorithms `--dense-algorithm` offers (Winograd alone would refuse most shapes).
    enum DenseAlgorithmChoice: String, CaseIterable, ExpressibleByArgument {
        case automatic, direct
        var algorithm: DenseAlgorithm { self == .automatic ? .automatic : .direct }
    }

    /// `best` or one named variant of ``DenseInstructionSet``.
    enum InstructionSetChoice: String, CaseIterable, ExpressibleByArgument {
        case best, avx512, avx2, portable
        var variant: DenseInstructionSet {
            switch self {
            case .best: return .best
            case .avx512: return .avx512
            case .avx2: return .avx2
            case .portable: return .portable
            }
        }
    }

    /// Usage errors exit with status 2, as `convmat`'s do; a failed peer run or engine error
    /// prints `error: …` and exits 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as PeerError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(withError: ExitCode.failure)
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            exit(withError: ExitCode(2))
        }
    }

    func validate() throws {
        guard reps >= 1, denseReps >= 1, peerReps >= 1 else { throw ValidationError("repetitions must be ≥ 1") }
        guard rounds >= 1 else { throw ValidationError("--rounds \(rounds): must be ≥ 1") }
        guard instructionSet.variant.isSupported else {
            throw ValidationError("--instruction-set \(instructionSet.rawValue) is not supported by this CPU; it supports \(DenseInstructionSet.supported.map(\.rawValue).joined(separator: ", "))")
        }
        guard batch >= 1 else { throw ValidationError("--batch must be ≥ 1") }
        guard !peers || batch == BenchShape.referenceBatch else {
            throw ValidationError("--peers compares with batch \(BenchShape.referenceBatch), the batch the peers run; drop --batch \(batch) or --peers")
        }
        let known = BenchShape.names
        for name in selectedNames where !known.contains(name) {
            throw ValidationError("unknown shape '\(name)'; the shapes are \(known.joined(separator: ", "))")
        }
    }

    var selectedNames: [String] {
        shapes.map { $0.split(separator: ",").map(String.init) } ?? BenchShape.names
    }

    func run() throws {
        let machine = MachineDescription.current(instructionSet: instructionSet.variant)
        if !json {
            let copy = transposedProducts == .explicitTranspose ? "; Wᵀ·Y through an explicit copy of Wᵀ" : ""
            let layout = denseLayout == .channelsLast ? "; dense layer channels last (x and y)" : ""
            let algorithm = denseAlgorithm == .direct ? "; dense layer direct (no Winograd)" : ""
            print("# \(machine.summary); batch \(batch)\(copy)\(layout)\(algorithm)")
        }
        var results = [Measurement]()
        var storage = [String: StorageFigures]()
        let emit = { (m: Measurement) in
            results.append(m)
            print(json ? m.json : m.text)
        }
        let peerRun = PeerRun(python: python, script: peersScript ?? PeerRun.defaultScript, repetitions: peerReps)
        var denseRounds = [PeerResults.Key: (ours: [Double], peer: [Double?])]()
        var winogradShapes = [String]()
        for shape in try BenchShape.all(batch: batch) where selectedNames.contains(shape.name) {
            if only != .dense {
                storage[shape.name] = try SparseMeasurement.measure(shape, numbering: numbering, transposedProducts: transposedProducts, repetitions: reps, clock: clock, emit: emit)
            }
            guard only != .sparse else { continue }
            if try DenseMeasurement.runsWinograd(shape, layout: denseLayout.layout, algorithm: denseAlgorithm.algorithm) {
                winogradShapes.append(shape.name)
                if !json { print("# \(shape.name): the dense layer runs Winograd") }
            }
            for threads in [1, 2] {
                let key = PeerResults.Key(shape.name, threads)
                for round in 1...rounds {
                    let ours = try DenseMeasurement.milliseconds(shape, threads: threads, instructionSet: instructionSet.variant,
                                                                 layout: denseLayout.layout, algorithm: denseAlgorithm.algorithm,
                                                                 repetitions: denseReps, clock: clock)
                    let peer = peers ? try peerRun.onnxruntime(shape.name, threads: threads) : nil
                    denseRounds[key, default: ([], [])].ours.append(ours)
                    denseRounds[key, default: ([], [])].peer.append(peer)
                    if !json && rounds > 1 {
                        let versus = peer.map { String(format: ", onnxruntime %.3f ms (%.2f×)", $0, $0 / ours) } ?? ""
                        print("#   \(shape.name), \(threads) thr, round \(round) of \(rounds): \(String(format: "%.3f", ours)) ms\(versus)")
                    }
                }
                emit(DenseMeasurement.measurement(shape, threads: threads, rounds: denseRounds[key]!.ours))
            }
        }
        guard peers else { return }
        var peerResults = only == .dense ? PeerResults() : try peerRun.measureSparse(shapes: selectedNames)
        for (key, pairs) in denseRounds {
            let timed = zip(pairs.ours, pairs.peer).compactMap { ours, peer in peer.map { (ours, $0) } }
            peerResults.onnxruntime[key] = timed.isEmpty ? nil : median(timed.map(\.1))
            peerResults.roundRatios[key] = timed.map { $0.1 / $0.0 }
        }
        print("")
        print(RatioTable(machine: machine, ours: results, storage: storage, peers: peerResults,
                                  transposedProducts: transposedProducts, denseLayout: denseLayout.layout,
                                  winogradShapes: winogradShapes).markdown)
    }
}

extension BenchClock: ExpressibleByArgument {}
extension ConvolutionProduct.Numbering: ExpressibleByArgument {}
extension ConvolutionProduct.TransposedProducts: ExpressibleByArgument {}
