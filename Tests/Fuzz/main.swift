// libFuzzer entry point of every ConvMatrix fuzz target. Built only by Scripts/fuzz.sh, with
// `swift build --sanitize=fuzzer` (libFuzzer supplies `main`, and this file must hold no
// top-level code); a plain `swift build` links it as a program that does nothing.
// CONVMAT_FUZZ_TARGET chooses the target: see FuzzTarget.

/// Runs one input through the chosen target. Any thrown `ConvMatrixError` is an expected
/// outcome; a crash, a hang, an out-of-memory or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func convmatFuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}
