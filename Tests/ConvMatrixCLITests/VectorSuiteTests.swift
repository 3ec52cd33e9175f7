import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

/// `convmat vectors` then `convmat verify --suite`: the reference itself passes, a missing or
/// wrong result fails with the case named, and the suite's cases read back as conformance cases.
@Suite struct VectorSuiteTests {
    @Test func vectorsThenSuite() throws {
        let dir = TemporaryDirectory()
        let made = try CLI.run(["vectors", "--op", "conv_transpose2d", "--count", "12", "--seed", "2", "--out", dir.path("v")])
        #expect(made.status == 0, "\(made)")
        let cases = try FileManager.default.contentsOfDirectory(atPath: dir.path("v")).sorted()
        #expect(cases.count == 12 && cases[0] == "000-basic" && cases.contains("004-output-padding"), "\(cases)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("v/000-basic")).sorted()
                == ["b.npy", "case.json", "gy.npy", "layer.txt", "ref_gb.npy", "ref_gw.npy", "ref_gx.npy", "w.npy", "x.npy", "y.npy"])
        // The conformance runner agrees with every reference written (sparse and dense paths).
        let check = try CLI.run(["check", dir.path("v")])
        #expect(check.status == 0 && check.lines.contains("12 passed, 0 failed"), "\(check)")
        // The references as the user's results: all pass; then one missing, one off by 1 in one element.
        for name in cases {
            let folder = dir.path("v/\(name)")
            try FileManager.default.copyItem(atPath: folder + "/y.npy", toPath: folder + "/out.npy")
            try FileManager.default.copyItem(atPath: folder + "/ref_gw.npy", toPath: folder + "/gw.npy")
        }
        let right = try CLI.run(["verify", "--suite", dir.path("v")])
        #expect(right.status == 0 && right.lines.contains("12 passed, 0 failed"), "\(right)")
        #expect(right.stdout.hasPrefix("PASS 000-basic (y float64 worst 0× its bound; w float64 worst 0× its bound)"), "\(right)")
        try FileManager.default.removeItem(atPath: dir.path("v/003-asymmetric-pads/out.npy"))
        try FileManager.default.removeItem(atPath: dir.path("v/003-asymmetric-pads/gw.npy"))
        let y = try NumPyArray(contentsOf: dir.path("v/005-groups/y.npy"))
        var values = try y.doubles()
        values[7] += 1
        try NumPyArray(shape: y.shape, storage: .float64(values)).write(to: dir.path("v/005-groups/out.npy"))
        let wrong = try CLI.run(["verify", "--suite", dir.path("v")])
        #expect(wrong.status == 1, "\(wrong)")
        #expect(wrong.lines.contains("FAIL 003-asymmetric-pads: no out.npy (nor gx.npy, gw.npy, gb.npy) beside the case"), "\(wrong)")
        #expect(wrong.lines.contains("FAIL 005-groups: y: 1 of 300 outside the float64 bound"), "\(wrong)")
        #expect(wrong.lines.contains("10 passed, 2 failed"), "\(wrong)")
        let empty = try CLI.run(["verify", "--suite", dir.path("nothing")])
        #expect(empty.status == 2, "\(empty)")
    }
}
