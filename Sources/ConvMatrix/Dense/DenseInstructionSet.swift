internal import CConvKernels

/// The kernel variants of the dense path, chosen at run time from what the CPU supports.
///
/// A plain `swift build` targets baseline x86-64, so the hot loops live in C and are
/// compiled three times: portable, AVX2+FMA and AVX-512. ``best`` is what the dense entry
/// points use unless told otherwise; tests force each supported variant and compare it
/// with ``portable``.
public enum DenseInstructionSet: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Scalar C the compiler vectorizes for the build's baseline; the reference variant.
    case portable
    /// 256-bit vectors with fused multiply-add (6 × 16 Float tiles).
    case avx2
    /// 512-bit vectors (8 × 48 Float tiles).
    case avx512

    /// Whether this CPU can run the variant.
    public var isSupported: Bool { cvk_isa_supported(code) != 0 }

    /// The fastest variant this CPU supports.
    public static let best: DenseInstructionSet = {
        switch cvk_best_isa() {
        case Int32(CVK_ISA_AVX512): return .avx512
        case Int32(CVK_ISA_AVX2): return .avx2
        default: return .portable
        }
    }()

    /// Every variant this CPU supports, portable first.
    public static var supported: [DenseInstructionSet] { allCases.filter(\.isSupported) }

    public var description: String { rawValue }

    var code: Int32 {
        switch self {
        case .portable: return Int32(CVK_ISA_PORTABLE)
        case .avx2: return Int32(CVK_ISA_AVX2)
        case .avx512: return Int32(CVK_ISA_AVX512)
        }
    }

    /// Output channels per register tile (the packed-weight panel width) for `element`.
    func tileRows<E: KernelElement>(_ element: E.Type) -> Int { cvk_tile_rows(code, E.isDouble ? 1 : 0) }
}
