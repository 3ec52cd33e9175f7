import ConvMatrix
import Foundation

/// The machine a run was measured on: figures hold for this CPU; ratios carry over.
struct MachineDescription {
    /// `model name` of `/proc/cpuinfo` (or "unknown CPU").
    let cpuModel: String
    /// Online logical CPUs.
    let cpus: Int
    /// The dense kernel variant measured (this CPU's best unless `--instruction-set` chose one).
    let instructionSet: DenseInstructionSet

    static func current(instructionSet: DenseInstructionSet = .best) -> MachineDescription {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return MachineDescription(cpuModel: model, cpus: ProcessInfo.processInfo.activeProcessorCount,
                                  instructionSet: instructionSet)
    }

    var summary: String {
        let kernels = instructionSet == .avx512 ? "AVX-512" : instructionSet == .avx2 ? "AVX2+FMA" : "portable C"
        let forced = instructionSet == .best ? "" : " (chosen with --instruction-set; this CPU's best is \(DenseInstructionSet.best.rawValue))"
        return "\(cpuModel), \(cpus) CPUs, dense kernels: \(kernels)\(forced)"
    }
}
