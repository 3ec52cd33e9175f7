import Foundation

/// Runs the peers script (`peers_bench.py one ENGINE SHAPE …`), one measurement per process,
/// one after the other, and reads the JSON line each prints.
struct PeerRun {
    let python: String
    let script: String
    let repetitions: Int

    /// `Tests/bench/peers_bench.py` of the checkout this tool was built from.
    static var defaultScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/bench/peers_bench.py").path
    }

    /// SciPy float64 CSR for each shape and the copy-bandwidth probe once (the sparse part's
    /// peers); onnxruntime is run round by round beside our dense layer, by ``onnxruntime(_:threads:)``.
    func measureSparse(shapes: [String]) throws -> PeerResults {
        try checkScript()
        var results = PeerResults()
        results.bandwidthGBps = try one(["bw", "-"]).number("1GiB", "GBps_read+write")
        for shape in shapes {
            let r = try one(["scipy", shape, "--dtype", "float64"])
            results.scipy[shape] = PeerResults.SciPy(
                forwardMilliseconds: r.number("W@X", "median_s").map { $0 * 1e3 },
                transposedMilliseconds: r.number("W.T@Y (csc view)", "median_s").map { $0 * 1e3 },
                buildMilliseconds: r.number("build_s").map { $0 * 1e3 },
                nonzeroCount: r.number("nnz").map { Int($0) })
        }
        return results
    }

    /// onnxruntime's median milliseconds for one shape with `threads` intra-op threads, in its
    /// own process.
    func onnxruntime(_ shape: String, threads: Int) throws -> Double? {
        try checkScript()
        return try one(["ort", shape, "--threads", "\(threads)"]).number("median_s").map { $0 * 1e3 }
    }

    private func checkScript() throws {
        guard FileManager.default.fileExists(atPath: script) else {
            throw PeerError("the peers script \(script) does not exist (give --peers-script PATH)")
        }
    }

    /// One measurement in its own process; its last line of output is a JSON object.
    private func one(_ arguments: [String]) throws -> JSONObject {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "one"] + arguments + ["--reps", "\(repetitions)"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        FileHandle.standardError.write(Data("peers: \(arguments.joined(separator: " "))\n".utf8))
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let failure = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            let message = String(decoding: failure.suffix(600), as: UTF8.self)
            throw PeerError("\(python) \(script) one \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)); "
                            + "it needs numpy, scipy, onnx and onnxruntime (python3 -m pip install numpy scipy onnx onnxruntime): \(message)")
        }
        return JSONObject(object)
    }
}

/// What the peers measured, in milliseconds.
struct PeerResults {
    struct Key: Hashable {
        let shape: String
        let threads: Int
        init(_ shape: String, _ threads: Int) { (self.shape, self.threads) = (shape, threads) }
    }

    struct SciPy {
        let forwardMilliseconds: Double?
        let transposedMilliseconds: Double?
        let buildMilliseconds: Double?
        let nonzeroCount: Int?
    }

    /// onnxruntime's median over the rounds.
    var onnxruntime = [Key: Double?]()
    /// Per round, onnxruntime's time ÷ ours measured just before it (the table's ratio is
    /// their median, so that a slow spell of a shared machine hits both sides of a ratio).
    var roundRatios = [Key: [Double]]()
    var scipy = [String: SciPy]()
    /// Single-thread copy bandwidth, bytes read + written per second / 10⁹.
    var bandwidthGBps: Double?
}

/// A decoded JSON object with a path lookup for numbers.
struct JSONObject {
    let value: [String: Any]
    init(_ value: [String: Any]) { self.value = value }

    func number(_ path: String...) -> Double? {
        var node: Any = value
        for key in path {
            guard let next = (node as? [String: Any])?[key] else { return nil }
            node = next
        }
        return (node as? NSNumber)?.doubleValue
    }
}

struct PeerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
