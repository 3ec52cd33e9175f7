import Foundation
import Testing
import ConvMatrix
import ConvMatrixConformance
import ConvMatrixTestSupport

/// Every conformance fixture (ONNX's own Conv/ConvTranspose tests, the founding examples and
/// the extension cases; see Fixtures/ATTRIBUTION.md) through CHOLMOD, CXSparse and the dense path.
@Suite struct ConformanceFixtureTests {
    static let fixtureRoot = Fixtures.conformanceDirectory

    static let files: [String] = {
        (try? ConformanceCase.files(at: fixtureRoot))?.map { String($0.dropFirst(fixtureRoot.count + 1)) } ?? []
    }()

    @Test func allFixturesAreThere() {
        #expect(Self.files.count == 68)
    }

    @Test(arguments: files)
    func passesThroughEveryPath(file: String) throws {
        let cases = try ConformanceCase.load(file: Self.fixtureRoot + "/" + file)
        #expect(cases.count == 1)
        for item in cases {
            let testCase = try item.get()
            let result = testCase.run(path: .both)
            #expect(result.passed, "\(file): \(result.line)")
        }
    }

    /// The checker itself must fail a case whose expected output is wrong.
    @Test func aWrongExpectationFails() throws {
        let file = Self.fixtureRoot + "/seeds/d2l_corr2d_matrix.json"
        let good = try ConformanceCase.load(file: file)[0].get()
        var data = good.y.data
        data[2] += 1e-3
        let bad = ConformanceCase(name: good.name, op: good.op, source: good.source, attributes: good.attributes,
                                  x: good.x, w: good.w, b: good.b, y: .init(shape: good.y.shape, data: data))
        for path in ConformancePath.allCases {
            let result = bad.run(path: path)
            #expect(!result.passed)
            #expect(result.line.hasPrefix("FAIL d2l_corr2d_matrix \(path == .dense ? "dense" : "sparse/cholmod"): max_abs_err=1.00e-03 at element 2"))
        }
    }

    @Test func anUnknownAttributeFailsTheCaseNamingIt() {
        let json = #"{"name": "odd", "op": "Conv", "attributes": {"stride": [2]}, "X": {"shape": [1,1,3], "data": [1,2,3]}, "W": {"shape": [1,1,1], "data": [1]}, "Y": {"shape": [1,1,3], "data": [1,2,3]}}"#
        let parsed = ConformanceCase.parse(Data(json.utf8), origin: "inline")
        let result = try? parsed.get().run()
        #expect(result?.passed == false)
        #expect(result?.line == "FAIL odd attribute = stride: is not a known Conv/ConvTranspose attribute or extension")
    }
}
