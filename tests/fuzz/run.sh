#!/bin/sh
# Fuzzes the webhook parsers, the NIK/KK masking and the ID-photo text
# classifier with libFuzzer
# (clang -fsanitize=fuzzer,address,undefined; LeakSanitizer is on).
#
#   tests/fuzz/run.sh                    all targets: whatsapp telegram mask idclass
#   tests/fuzz/run.sh telegram mask      some of them
#   tests/fuzz/run.sh --build-only       build, replay the regressions, no fuzzing
#
# Environment:
#   FUZZ_SECONDS=60     fuzzing time per target (one process, one core)
#   FUZZ_MAX_LEN=16384  largest input libFuzzer generates
#   FUZZ_ARGS=...       extra libFuzzer flags, e.g. "-seed=1 -only_ascii=1"
#   FUZZ_OUT=build/fuzz where binaries, the growing corpus, logs and crashes go
#   FUZZ_COVERAGE=1     afterwards, line coverage of the product sources
#                       reached by the corpus (llvm-cov)
#   CC=clang            a clang with libFuzzer (Debian: clang, libclang-rt-14-dev)
#
# For each target: build build/fuzz/fuzz_<target>, replay the saved crash
# inputs tests/fuzz/crashes/<target>-* (regressions: each must pass now),
# then fuzz from the seeds tests/fuzz/corpus/<target>/ plus what earlier
# runs found (build/fuzz/corpus/<target>/). Exits 1 when anything crashed,
# leaked or broke an invariant, printing the input and how to reproduce it;
# 2 when the toolchain is missing. See tests/fuzz/README.md.
set -u
cd "$(dirname "$0")/../.." || exit 2

CC=${CC:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-16384}
FUZZ_ARGS=${FUZZ_ARGS:-}
OUT=${FUZZ_OUT:-build/fuzz}
BUILD_ONLY=0
TARGETS=""
for a in "$@"; do
    case "$a" in
    --build-only) BUILD_ONLY=1 ;;
    whatsapp|telegram|mask|idclass) TARGETS="$TARGETS $a" ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "run.sh: unknown argument '$a' (targets: whatsapp telegram mask idclass)" >&2; exit 2 ;;
    esac
done
[ -n "$TARGETS" ] || TARGETS="whatsapp telegram mask idclass"

# The smallest set of product sources each harness links: the parser, the
# event list, and the masking (bot/sensitive.c has no other dependency).
BOT_SRC="src/bot/sensitive.c"
sources() {
    case "$1" in
    whatsapp) echo "src/channels/whatsapp.c src/channels/event.c src/util/log.c $BOT_SRC" ;;
    telegram) echo "src/channels/telegram.c src/channels/event.c $BOT_SRC" ;;
    mask)     echo "$BOT_SRC" ;;
    idclass)  echo "src/channels/idclass.c" ;;
    esac
}

WARN="-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter"
BASE="-g -std=c11 -D_GNU_SOURCE $WARN -Isrc -Itests/fuzz"
SAN="-O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
PKG_CFLAGS=$(pkg-config --cflags jansson libsodium) || exit 2
PKG_LIBS=$(pkg-config --libs jansson libsodium) || exit 2

toolchain_hint() {
    echo "run.sh: $CC cannot build a libFuzzer target." >&2
    echo "  Debian 12: apt-get install clang libclang-rt-14-dev (scripts/install-deps --test)" >&2
    exit 2
}
command -v "$CC" >/dev/null 2>&1 || toolchain_hint
mkdir -p "$OUT" || exit 2
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
    'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
    > "$OUT/probe.c"
"$CC" -fsanitize=fuzzer,address,undefined -o "$OUT/probe" "$OUT/probe.c" 2>"$OUT/probe.log" \
    || { cat "$OUT/probe.log" >&2; toolchain_hint; }

# Sanitizer settings: report and stop on the first error; leaks count.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

FAILED=""
for t in $TARGETS; do
    bin="$OUT/fuzz_$t"
    echo "=== fuzz_$t: building"
    # shellcheck disable=SC2046,SC2086  # flag lists split on purpose
    if ! "$CC" $BASE $SAN $PKG_CFLAGS -o "$bin" "tests/fuzz/fuzz_$t.c" $(sources "$t") $PKG_LIBS; then
        echo "fuzz_$t: build failed"
        FAILED="$FAILED $t(build)"
        continue
    fi

    # regressions: every saved crash input must run clean now
    regress=$(ls tests/fuzz/crashes/"$t"-* 2>/dev/null)
    if [ -n "$regress" ]; then
        bad=""
        for f in $regress; do
            "$bin" "$f" >"$OUT/$t.regress.log" 2>&1 || { bad="$bad $f"; cp "$OUT/$t.regress.log" "$OUT/$t.regress.$(basename "$f").log"; }
        done
        if [ -n "$bad" ]; then
            echo "fuzz_$t: saved crash inputs still fail:"
            for f in $bad; do
                echo "  $f"
                grep -m1 -E 'ERROR: |runtime error|survived|fuzz invariant failed' "$OUT/$t.regress.$(basename "$f").log" | sed 's/^/    /'
                echo "    reproduce: $bin $f"
            done
            FAILED="$FAILED $t(regression)"
            continue
        fi
        echo "fuzz_$t: $(echo "$regress" | wc -l) saved crash input(s) pass"
    fi
    [ "$BUILD_ONLY" = 1 ] && continue

    mkdir -p "$OUT/corpus/$t" "$OUT/crashes"
    dict=""
    [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
    log="$OUT/$t.log"
    echo "=== fuzz_$t: fuzzing ${FUZZ_SECONDS}s (log: $log)"
    # shellcheck disable=SC2086
    "$bin" "$OUT/corpus/$t" "tests/fuzz/corpus/$t" $dict \
        -max_total_time="$FUZZ_SECONDS" -max_len="$FUZZ_MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$OUT/crashes/$t-" $FUZZ_ARGS >"$log" 2>&1
    rc=$?
    # the last status line: executions, coverage (cov: edges, ft: features), corpus
    grep -E '^#[0-9]+' "$log" | tail -1 | sed 's/^/  /'
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" \
        | sed 's/^stat::/  /'
    if [ "$rc" -ne 0 ]; then
        art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
        echo "fuzz_$t: FAILED (exit $rc)"
        grep -m3 -E 'ERROR: |runtime error|survived|fuzz invariant failed|SUMMARY' "$log" | sed 's/^/  /'
        if [ -n "$art" ]; then
            echo "  input:     $art"
            echo "  reproduce: $bin $art"
            echo "  minimize:  $bin -minimize_crash=1 -runs=100000 $art"
            echo "  keep it:   cp $art tests/fuzz/crashes/$t-<what>.json, and add a case to"
            echo "             tests/unit/test_webhook_parse.c"
        fi
        FAILED="$FAILED $t"
    fi
done

if [ "${FUZZ_COVERAGE:-0}" = 1 ] && [ "$BUILD_ONLY" = 0 ]; then
    # Replays each corpus once in a coverage build and reports lines reached.
    PROFDATA=$(command -v llvm-profdata || command -v llvm-profdata-14)
    LLVMCOV=$(command -v llvm-cov || command -v llvm-cov-14)
    if [ -z "$PROFDATA" ] || [ -z "$LLVMCOV" ]; then
        echo "coverage: llvm-profdata/llvm-cov not found (Debian: llvm-14)"
    else
        for t in $TARGETS; do
            cov="$OUT/cov_$t"
            # shellcheck disable=SC2046,SC2086  # flag lists split on purpose
            "$CC" $BASE -O0 -DFUZZ_COVERAGE_BUILD -fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping \
                $PKG_CFLAGS -o "$cov" "tests/fuzz/fuzz_$t.c" $(sources "$t") $PKG_LIBS || continue
            rm -f "$OUT/cov_$t".*.profraw
            LLVM_PROFILE_FILE="$OUT/cov_$t.%p.profraw" "$cov" -runs=0 -max_len="$FUZZ_MAX_LEN" \
                "$OUT/corpus/$t" "tests/fuzz/corpus/$t" >/dev/null 2>&1
            "$PROFDATA" merge -sparse "$OUT/cov_$t".*.profraw -o "$OUT/cov_$t.profdata" || continue
            echo "=== coverage of the corpus of fuzz_$t"
            # shellcheck disable=SC2046,SC2086  # flag lists split on purpose
            "$LLVMCOV" report "$cov" -instr-profile="$OUT/cov_$t.profdata" $(sources "$t") \
                | sed 's/^/  /'
        done
    fi
fi

if [ -n "$FAILED" ]; then
    echo "fuzz: FAILED:$FAILED"
    exit 1
fi
echo "fuzz: all passed ($TARGETS )"
