// Where the committed test fixtures live, for every test target.
import Foundation

/// The fixture folders of the repository, found from this source file's own path, so any test
/// target of a clean clone reaches them without copying them into a bundle.
public enum Fixtures {
    /// `Tests/`, two levels above this file (`Tests/ConvMatrixTestSupport/Fixtures.swift`).
    private static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/ConvMatrixTests/Fixtures`: the conformance cases (SCHEMA.md) — ONNX's tests, the
    /// founding seeds and the extensions.
    public static let conformanceDirectory = tests.appendingPathComponent("ConvMatrixTests/Fixtures").path

    /// `Tests/ConvMatrixIOTests/Fixtures`: files written once by SciPy and NumPy (`make_fixtures.py`).
    public static let ioDirectory = tests.appendingPathComponent("ConvMatrixIOTests/Fixtures").path

    /// `Tests/ConvMatrixModelsTests/Fixtures`: tiny ONNX models and safetensors files
    /// (`make_fixtures.py`).
    public static let modelsDirectory = tests.appendingPathComponent("ConvMatrixModelsTests/Fixtures").path

    /// A model fixture by its path below `modelsDirectory`, e.g. `external/up.onnx`.
    public static func model(_ relative: String) -> String { modelsDirectory + "/" + relative }

    /// A conformance fixture by its path below `conformanceDirectory`, e.g. `seeds/d2l_corr2d_matrix.json`.
    public static func conformance(_ relative: String) -> String { conformanceDirectory + "/" + relative }

    /// A SciPy/NumPy fixture by its file name.
    public static func io(_ name: String) -> String { ioDirectory + "/" + name }
}
