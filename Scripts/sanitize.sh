#!/usr/bin/env bash
# The test suite under AddressSanitizer (Swift and C) and UndefinedBehaviorSanitizer (the C
# kernels CConvKernels and CTemporaryFiles); SuiteSparse is called through the instrumented
# bridge. Run it once per change of the C kernels or the SuiteSparse bridge:
#
#   Scripts/sanitize.sh                     # the whole suite
#   Scripts/sanitize.sh --filter Sparse     # a part (any `swift test` option)
#
# Builds into .build-sanitize. A sanitizer report fails the run (halt_on_error).
set -euo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
# Swift has no UndefinedBehaviorSanitizer on Linux: ASan covers Swift and C; UBSan instruments the
# C targets (-Xcc) and its runtime is linked through the clang driver.
flags=(--sanitize=address -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined
       -Xswiftc -Xclang-linker -Xswiftc -fsanitize=undefined --scratch-path .build-sanitize)
swift build --build-tests "${flags[@]}"
swift test --skip-build "${flags[@]}" "$@"
