// Reproducible random test data.
import ConvMatrix

/// `count` values uniform in [-1, 1) from SplitMix64 seeded with `seed`: the same on every
/// machine, so a failing case re-runs from its printed seed.
///
/// - Complexity: O(count).
public func randomValues(_ count: Int, seed: UInt64) -> [Double] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in Double.random(in: -1..<1, using: &rng) }
}
