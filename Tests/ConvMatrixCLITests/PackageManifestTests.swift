import Foundation
import Testing

/// The manifest keeps ConvMatrix usable as a versioned dependency: SwiftPM refuses a dependency
/// whose targets use `unsafeFlags` ("contains unsafe build flags"), so none may appear outside
/// comments. CONTRIBUTING.md ("Depending on ConvMatrix by version") has the end-to-end check.
@Suite struct PackageManifestTests {
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Package.swift")

    @Test func manifestHasNoUnsafeFlags() throws {
        let text = try String(contentsOf: Self.manifest, encoding: .utf8)
        let offending = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { _, line in
                let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
                return code.contains("unsafeFlags")
            }
            .map { number, line in "Package.swift:\(number + 1): \(line)" }
        #expect(offending.isEmpty, "unsafeFlags make the package unusable as a versioned dependency:\n\(offending.joined(separator: "\n"))")
    }
}
