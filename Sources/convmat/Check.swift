import ArgumentParser
import ConvMatrix
import ConvMatrixConformance

extension ConformancePath: ExpressibleByArgument {}

/// `convmat check [--path sparse|dense|both] PATH...` — runs conformance cases (SCHEMA.md).
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run conformance cases through the sparse path (W via CHOLMOD and CXSparse) and the dense path.",
        discussion: """
            PATH is a .json case, a .jsonl file of cases, or a directory (every .json and .jsonl below
            it, recursively, in path order). One line per case: `PASS <name> max_abs_err=<e>` or
            `FAIL <name> <reason>`; the last line is `<P> passed, <F> failed`. Exit status 0 exactly
            when nothing failed.

            Example:
              convmat check --path both Tests/ConvMatrixTests/Fixtures/onnx Tests/ConvMatrixTests/Fixtures/seeds
            """
    )

    @Option(help: "Which implementation must pass each case: sparse, dense or both.")
    var path: ConformancePath = .both

    @Argument(help: "Case files (.json, .jsonl) or directories.")
    var paths: [String]

    func run() throws {
        var passed = 0, failed = 0
        func report(_ line: String, ok: Bool) {
            print(line)
            if ok { passed += 1 } else { failed += 1 }
        }
        for root in paths {
            let files: [String]
            do { files = try ConformanceCase.files(at: root) } catch {
                report("FAIL \(root) \(error)", ok: false)
                continue
            }
            for file in files {
                let cases: [Result<ConformanceCase, ConformanceLoadError>]
                do { cases = try ConformanceCase.load(file: file) } catch {
                    report("FAIL \(file) \(error)", ok: false)
                    continue
                }
                for item in cases {
                    switch item {
                    case .success(let testCase):
                        let result = testCase.run(path: path)
                        report(result.line, ok: result.passed)
                    case .failure(let problem):
                        report("FAIL \(problem.name) \(problem.error)", ok: false)
                    }
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode.failure }
    }
}
