#!/usr/bin/env bash
# Coverage-guided fuzzing of ConvMatrix's readers and front ends with libFuzzer.
#
#   Scripts/fuzz.sh TARGET SECONDS [libFuzzer options…]    one target
#   Scripts/fuzz.sh all SECONDS                            every target, one after the other
#   Scripts/fuzz.sh list                                   the target names
#
# Builds `convmat-fuzz` with --sanitize=fuzzer --sanitize=address into .build-fuzz (release),
# then runs it on the committed seeds (Tests/Fuzz/Corpus/TARGET, never modified) plus a working
# corpus (.build-fuzz/corpus/TARGET, where libFuzzer keeps what it finds). A crash, a hang of
# more than 10 s, or more than 2 GB of memory is a finding: its input is saved as
# .build-fuzz/findings/TARGET/crash-… (or timeout-…, oom-…) and the script exits non-zero.
# Replay one: CONVMAT_FUZZ_TARGET=TARGET .build-fuzz/release/convmat-fuzz FILE
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(layer-string npy npz matrix-market conformance-json front-ends)
usage() { echo "usage: Scripts/fuzz.sh TARGET|all SECONDS [libFuzzer options…]; targets: ${targets[*]}" >&2; exit 2; }

[ $# -ge 1 ] || usage
if [ "$1" = list ]; then printf '%s\n' "${targets[@]}"; exit 0; fi
[ $# -ge 2 ] || usage
target=$1 seconds=$2
shift 2
[[ "$seconds" =~ ^[0-9]+$ ]] || usage
if [ "$target" = all ]; then selected=("${targets[@]}")
else
    [[ " ${targets[*]} " == *" $target "* ]] || usage
    selected=("$target")
fi

# With both sanitizers, swiftc's whole-module builds drop the coverage instrumentation that
# --sanitize=fuzzer alone implies (only the harness module would be instrumented, and libFuzzer
# would fuzz the library blind): ask for it explicitly, as libFuzzer needs it.
swift build -c release --sanitize=fuzzer --sanitize=address --product convmat-fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
binary=.build-fuzz/release/convmat-fuzz
# Refuse to fuzz blind: the whole package, not just the harness, must carry coverage counters.
counters=$(CONVMAT_FUZZ_TARGET=npy "$binary" -runs=0 2>&1 | sed -n 's/.*Loaded 1 modules *(\([0-9]*\) inline.*/\1/p' | head -n 1)
if [ "${counters:-0}" -lt 10000 ]; then
    echo "!! convmat-fuzz has ${counters:-no} coverage counters: the library is not instrumented" >&2
    exit 1
fi
echo "convmat-fuzz: $counters coverage counters"

status=0
for t in "${selected[@]}"; do
    mkdir -p ".build-fuzz/corpus/$t" ".build-fuzz/findings/$t"
    echo "== $t: $seconds s"
    if ! CONVMAT_FUZZ_TARGET="$t" "$binary" ".build-fuzz/corpus/$t" "Tests/Fuzz/Corpus/$t" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -artifact_prefix=".build-fuzz/findings/$t/" -print_final_stats=1 "$@" 2>".build-fuzz/$t.log"; then
        status=1
        echo "!! $t: finding saved in .build-fuzz/findings/$t/ (log: .build-fuzz/$t.log)"
    fi
    grep -E "^INFO: Loaded 1 modules|^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)" ".build-fuzz/$t.log" || true
    tail -n 3 ".build-fuzz/$t.log" | grep -E "cov:" || true
done
exit $status
