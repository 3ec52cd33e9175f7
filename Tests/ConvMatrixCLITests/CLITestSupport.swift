import ConvMatrixTestSupport
import Foundation
import Testing

/// What one run of the real `convmat` binary produced.
struct CommandResult: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stdout: String
    let stderr: String

    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    var description: String {
        "convmat \(arguments.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ")) → status \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }
}

enum CLI {
    /// The `convmat` SwiftPM built beside this test bundle (the test target depends on it), or
    /// `$CONVMAT_BINARY`.
    static let binary: String = ProcessInfo.processInfo.environment["CONVMAT_BINARY"] ?? executable(named: "convmat")

    /// An executable product SwiftPM built beside this test bundle.
    static func executable(named name: String) -> String {
        var candidates = [Bundle.main.bundleURL.appendingPathComponent(name).path]
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path)
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent(name).path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// Runs `convmat arguments…` (or another built `executable`) in `directory`, standard output
    /// and error captured through files (so neither is a terminal and no pipe can fill up).
    /// `$COLUMNS` is removed (grids then fit 120 columns) unless `environment` sets it.
    static func run(_ arguments: [String], in directory: URL? = nil, executable: String = binary,
                    environment: [String: String] = [:]) throws -> CommandResult {
        let scratch = TemporaryDirectory()  // read again at the end, so it lives until then
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.write("", to: "stdout")))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.write("", to: "stderr")))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        var inherited = ProcessInfo.processInfo.environment
        inherited["COLUMNS"] = nil
        process.environment = inherited.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CommandResult(arguments: arguments, status: process.terminationStatus,
                             stdout: String(decoding: scratch.bytes("stdout"), as: UTF8.self),
                             stderr: String(decoding: scratch.bytes("stderr"), as: UTF8.self))
    }
}

/// The numbers of a grid line `y[c=0, 0, 0]  1  2  .  3 …`: `.` reads as 0.
func gridNumbers(_ line: String) -> [Double] {
    guard let close = line.firstIndex(of: "]") else { return [] }
    return line[line.index(after: close)...].split(separator: " ").map { $0 == "." ? 0 : Double($0) ?? .nan }
}
