import ConvMatrix
import Foundation

/// The machine a run was measured on: figures hold for this CPU; ratios carry over.
struct MachineDescription {
    /// `model name` of `/proc/cpuinfo` (or "unknown CPU").
    let cpuModel: String
    /// Online logical CPUs.
    let cpus: Int
    /// The dense path's kernel variant on this CPU.
    let instructionSet: DenseInstructionSet

    static var current: MachineDescription {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return MachineDescription(cpuModel: model, cpus: ProcessInfo.processInfo.activeProcessorCount,
                                  instructionSet: .best)
    }

    var summary: String {
        "\(cpuModel), \(cpus) CPUs, dense kernels: \(instructionSet == .avx512 ? "AVX-512" : instructionSet == .avx2 ? "AVX2+FMA" : "portable C")"
    }
}
