import ConvMatrix
import ArgumentParser

/// Deterministic weights for teaching, when no `--weights FILE.npy` is given.
enum WeightFill: String, CaseIterable, ExpressibleByArgument {
    /// `1, 2, …, n` in PyTorch's weight order: NumPy's `np.arange(1, n + 1)`. Starting at 1
    /// keeps every tap visible (no stored entry reads 0) and makes a 2×2 kernel the chapter's
    /// `K = [[1, 2], [3, 4]]`.
    case arange
    /// Every weight 1: `W` shows the structure, each entry counts its taps.
    case ones
    /// Uniform in `[-1, 1)` from SplitMix64 seeded with `--seed`: the same on every machine.
    case random

    /// `geometry.weightCount` weights.
    ///
    /// - Throws: `.overBudget` when `W` of `geometry` certainly exceeds the default memory
    ///   budget or the weights alone do, before a weight is made (the weights are as large as the kernel, which can be
    ///   far larger than what fits).
    func values(for geometry: ConvolutionGeometry, seed: UInt64) throws -> [Double] {
        try geometry.checkMatrixFits()
        let count = geometry.weightCount, budget = CompileOptions.defaultMemoryBudget
        guard count <= budget / MemoryLayout<Double>.stride else {
            throw ConvMatrixError(.overBudget, parameter: "weight shape", value: IntegerList.shapeText(geometry.weightShape),
                                  rule: "--fill \(rawValue) would make \(count) weights of 8 bytes; that exceeds the memory budget of \(budget / 1_000_000) MB")
        }
        switch self {
        case .ones: return [Double](repeating: 1, count: count)
        case .arange: return (0..<count).map { Double($0 + 1) }
        case .random:
            var generator = SplitMix64(seed: seed)
            // 53 random bits → [0, 1) → [-1, 1).
            return (0..<count).map { _ in Double(generator.next() >> 11) * 0x1p-52 - 1 }
        }
    }

    /// How the weights were made, for the listing: `arange 1, 2, …, 4`.
    func note(count: Int, seed: UInt64) -> String {
        switch self {
        case .ones: return "--fill ones (every weight 1)"
        case .arange:
            return count <= 8 ? "--fill arange (" + (1...count).map(String.init).joined(separator: ", ") + ")"
                : "--fill arange (1, 2, …, \(count))"
        case .random: return "--fill random --seed \(seed) (uniform in [-1, 1), SplitMix64)"
        }
    }
}
