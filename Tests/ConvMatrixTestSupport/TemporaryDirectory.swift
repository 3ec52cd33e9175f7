// A scratch directory per test, shared by every test target.
import Foundation

/// A fresh directory under the system temporary directory (made by `mkdtemp`, so two tests
/// never share one), removed with its contents when the object goes away. Swift may end an
/// object's life at its last use, so a test that keeps only a path string should use the
/// directory again afterwards (or wrap the work in `withExtendedLifetime`).
public final class TemporaryDirectory {
    /// The directory as a file URL (`url.path` is its absolute path).
    public let url: URL

    /// Makes the directory.
    ///
    /// - Precondition: `mkdtemp` succeeds (a writable temporary directory exists); a test cannot
    ///   run without one, so failing here stops it.
    public init() {
        var template = Array((NSTemporaryDirectory() + "/convmatrix-test.XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed in \(NSTemporaryDirectory())")
        url = URL(fileURLWithPath: template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, isDirectory: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the directory (the file need not exist).
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The names in the directory, sorted, hidden files (AtomicFile's temporaries) included.
    public var contents: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }

    /// Writes `text` as UTF-8 to `name` and returns the file's path.
    @discardableResult
    public func write(_ text: String, to name: String) -> String {
        write(Array(text.utf8), to: name)
    }

    /// Writes `bytes` to `name` and returns the file's path.
    @discardableResult
    public func write(_ bytes: [UInt8], to name: String) -> String {
        let file = path(name)
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    /// The bytes of `name`, or none when it cannot be read.
    public func bytes(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: path(name)) ?? Data())
    }
}
