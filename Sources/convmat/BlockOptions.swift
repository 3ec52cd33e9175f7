import ArgumentParser
import ConvMatrix

/// `--memory-budget` and `--rows`, shared by `export` and `apply`: how much memory `W` may take,
/// and which of its rows to work on.
struct BlockOptions: ParsableArguments {
    @Option(name: .customLong("memory-budget"), help: ArgumentHelp(
        "Largest memory W may take, e.g. 256MB, 4GB, 1.5GiB (default ¾ of physical memory). A larger W is compiled and used in row blocks that fit.",
        valueName: "size"))
    var memoryBudget: String?

    @Option(help: ArgumentHelp(
        "Only rows r0 ..< r1 of W (0-based, end excluded), e.g. 0:4096: export writes them as an (r1−r0) × columns matrix; apply computes those elements of W·x, or their part W[r0:r1]ᵀ·y[r0:r1] of Wᵀ·y.",
        valueName: "r0:r1"))
    var rows: String?

    /// The budget in bytes.
    func budget() throws -> Int {
        guard let memoryBudget else { return CompileOptions.defaultMemoryBudget }
        return try ByteSize.parse(memoryBudget, option: "--memory-budget")
    }

    /// The row range, if given.
    func rowRange() throws -> Range<Int>? {
        guard let rows else { return nil }
        let parts = rows.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let r0 = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let r1 = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw ConvMatrixError(.invalidParameter, parameter: "--rows", value: rows, rule: "write r0:r1 with integers, e.g. 0:4096")
        }
        guard r0 >= 0, r0 <= r1 else {
            throw ConvMatrixError(.invalidParameter, parameter: "--rows", value: rows, rule: "must satisfy 0 ≤ r0 ≤ r1")
        }
        return r0..<r1
    }
}

/// Byte sizes typed on the command line: `4GB` (10⁹), `4GiB` (2³⁰), `512MB`, `800kB`, `123` (bytes).
enum ByteSize {
    static let units: [(String, Double)] = [
        ("TIB", 1_099_511_627_776), ("GIB", 1_073_741_824), ("MIB", 1_048_576), ("KIB", 1024),
        ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("K", 1e3), ("B", 1),
    ]

    static func parse(_ text: String, option: String) throws -> Int {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        let (suffix, scale) = units.first { upper.hasSuffix($0.0) } ?? ("", 1)
        let number = upper.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
        guard let value = Double(number), value.isFinite, value > 0, value * scale < 9e18 else {
            throw ConvMatrixError(.invalidParameter, parameter: option, value: text,
                                  rule: "must be a positive size such as 256MB, 4GB or 1.5GiB")
        }
        return Int(value * scale)
    }
}
