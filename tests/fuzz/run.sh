#!/bin/sh
# tests/fuzz/run.sh - build and run the libFuzzer harnesses for the
# request decoders in app/http.c and the CSV importer's reader
# (app/import_csv.c).
#
#   FUZZ_SECONDS=30 sh tests/fuzz/run.sh [harness ...]
#
# For each harness (urlencoded, cookies, query_path, import_csv;
# default all):
#   1. build build/fuzz/fuzz_<h> from tests/fuzz/fuzz_<h>.c, app/http.c
#      and app/util.c with ASan, UBSan and libFuzzer;
#   2. replay tests/fuzz/regressions/<h>/ and tests/fuzz/corpus/<h>/ as
#      plain inputs, so an old crash fails the run before any fuzzing;
#   3. fuzz for FUZZ_SECONDS seconds in a scratch corpus,
#      build/fuzz/work/<h>/corpus, seeded from the committed one (new
#      corpus files never land in tests/).
# A crash, leak, timeout or OOM found in step 3 is copied into
# tests/fuzz/regressions/<h>/ and fails the run.  The last line is
# always "fuzz: N passed, M failed" (counting harnesses).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

FUZZ_SECONDS=${FUZZ_SECONDS:-30}
case $FUZZ_SECONDS in
'' | *[!0-9]*)
	echo "fuzz: FUZZ_SECONDS must be a whole number of seconds" >&2
	exit 2
	;;
esac
FUZZ_CC=${FUZZ_CC:-clang}
CFLAGS_FUZZ="-std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra \
-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -iquote app"
: "${UBSAN_OPTIONS:=print_stacktrace=1}"
export UBSAN_OPTIONS

out=build/fuzz
all="urlencoded cookies query_path import_csv"
harnesses=${*:-$all}

if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
	echo "fuzz: $FUZZ_CC not found (apt-get install clang libclang-rt-14-dev)" >&2
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi

passed=0
failed=0
report=""

# Inputs in the given directories, NUL-separated, minus the README and
# .gitkeep files that keep empty directories in git.
list_inputs() {
	for d in "$@"; do
		[ -d "$d" ] || continue
		find "$d" -type f ! -name 'README*' ! -name '.gitkeep' -print0
	done
}

# Print the last lines of a log, indented, after a failure.
show_log() {
	echo "fuzz: --- last lines of $1 ---" >&2
	tail -n 40 "$1" | sed 's/^/    /' >&2
}

# run_one <harness>: 0 when it passed.
run_one() {
	h=$1
	src=tests/fuzz/fuzz_$h.c
	bin=$out/fuzz_$h
	work=$out/work/$h
	reg=tests/fuzz/regressions/$h
	seeds=tests/fuzz/corpus/$h

	if [ ! -f "$src" ]; then
		echo "fuzz: $h: no such harness ($src)" >&2
		report="${report}fuzz: $h: FAILED (no harness)
"
		return 1
	fi

	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/artifacts" "$reg"

	# 1. Build.
	# shellcheck disable=SC2086 # CFLAGS_FUZZ is a list of words
	# The importer's reader also needs its own file and libcsv.
	extra=""
	case $h in import_csv) extra="app/import_csv.c -lcsv" ;; esac
	# shellcheck disable=SC2086 # extra is a list of words
	if ! $FUZZ_CC $CFLAGS_FUZZ -o "$bin" "$src" app/http.c app/util.c $extra \
	    >"$work/build.log" 2>&1; then
		echo "fuzz: $h: build failed" >&2
		show_log "$work/build.log"
		report="${report}fuzz: $h: FAILED (build)
"
		return 1
	fi
	if [ -s "$work/build.log" ]; then
		cat "$work/build.log" >&2
	fi

	# 2. Replay regressions and seeds as plain inputs.
	if ! list_inputs "$reg" "$seeds" |
	    xargs -0 -r "$bin" -artifact_prefix="$work/artifacts/" \
	        >"$work/replay.log" 2>&1; then
		echo "fuzz: $h: a regression or seed input fails" >&2
		show_log "$work/replay.log"
		report="${report}fuzz: $h: FAILED (replay of $reg or $seeds)
"
		return 1
	fi
	replayed=$(grep -c '^Executed ' "$work/replay.log" || true)

	# 3. Fuzz in a scratch copy of the corpus.
	# shellcheck disable=SC2016 # $1 and $@ belong to the inner sh
	if ! list_inputs "$seeds" "$reg" |
	    xargs -0 -r sh -c 'd=$1; shift; cp -- "$@" "$d"' sh "$work/corpus"; then
		report="${report}fuzz: $h: FAILED (cannot seed $work/corpus)
"
		return 1
	fi
	rc=0
	"$bin" -max_len=70000 -max_total_time="$FUZZ_SECONDS" \
	    -print_final_stats=1 -timeout=25 -rss_limit_mb=2048 \
	    -artifact_prefix="$work/artifacts/" "$work/corpus" \
	    >"$work/fuzz.log" 2>&1 || rc=$?

	execs=$(awk '/^stat::number_of_executed_units:/ { n = $2 }
	    /^#[0-9]+[ \t]+DONE/ && n == "" { sub(/^#/, "", $1); d = $1 }
	    END { print (n != "" ? n : (d != "" ? d : "?")) }' "$work/fuzz.log")

	found=0
	for f in "$work"/artifacts/crash-* "$work"/artifacts/leak-* \
	    "$work"/artifacts/timeout-* "$work"/artifacts/oom-*; do
		[ -f "$f" ] || continue
		cp -- "$f" "$reg/"
		echo "fuzz: $h: saved $reg/${f##*/}" >&2
		found=$((found + 1))
	done

	if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
		echo "fuzz: $h: libFuzzer exited $rc after $execs executions" >&2
		show_log "$work/fuzz.log"
		report="${report}fuzz: $h: FAILED after $execs executions ($found new regression file(s) in $reg)
"
		return 1
	fi
	report="${report}fuzz: $h: $execs executions in ${FUZZ_SECONDS}s, $replayed regression/seed inputs replayed, ok
"
	return 0
}

mkdir -p "$out"
for h in $harnesses; do
	echo "fuzz: $h: building and running for ${FUZZ_SECONDS}s" >&2
	if run_one "$h"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done

printf '%s' "$report"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
