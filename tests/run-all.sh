#!/bin/sh
# Run the test layers and total them.  With no argument: every layer.
#   tests/run-all.sh [lint|unit|integration|browser|fuzz|stress|sanitize ...]
# Each layer's output goes to build/test-logs/<layer>.log and is shown.
# The last line is "check: N passed, M failed"; the exit status is
# non-zero when anything failed or a layer ran no test at all.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
logs=build/test-logs
mkdir -p "$logs"
layers=${*:-"lint unit integration browser fuzz stress sanitize"}
total_pass=0
total_fail=0
summary=""

# count LAYER PASS FAIL STATUS
count() {
	p=${2:-0}; f=${3:-0}
	[ "$4" != 0 ] && [ "$f" = 0 ] && f=1   # a crash with no count is a failure
	[ "$p" = 0 ] && [ "$f" = 0 ] && f=1    # a layer that ran nothing fails
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
	summary="$summary$(printf '  %-12s %5s passed, %s failed' "$1" "$p" "$f")
"
}

for layer in $layers; do
	log="$logs/$layer.log"
	echo "== $layer"
	case $layer in
	lint)
		sh tests/lint/run.sh 2>&1 | tee "$log"
		line=$(grep -E '^lint: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
		p=$(echo "$line" | awk '{print $2}'); f=$(echo "$line" | awk '{print $4}')
		st=$(grep -qE '^lint: [0-9]+ passed, 0 failed' "$log" && echo 0 || echo 1)
		count lint "${p:-0}" "${f:-0}" "$st"
		;;
	unit)
		./build/unit_tests 2>&1 | tee "$log"; st=$?
		line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -n 1)
		n=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
		f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2/' | awk '{print $1 + $2}')
		[ -z "$line" ] && { n=0; f=0; }
		st=$(grep -q "Failures: 0, Errors: 0" "$log" && echo 0 || echo 1)
		count unit $((n - f)) "$f" "$st"
		;;
	integration|browser)
		node --test --test-concurrency=1 --test-reporter=tap "tests/$layer/" >"$log" 2>&1; st=$?
		# Name every failing test, nested ones included.
		grep -E '^ *not ok|^# (pass|fail|tests)' "$log" || true
		grep -E '^not ok' -A 20 "$log" | head -n 60
		p=$(grep -E '^# pass ' "$log" | tail -n 1 | awk '{print $3}')
		f=$(grep -E '^# fail ' "$log" | tail -n 1 | awk '{print $3}')
		count "$layer" "${p:-0}" "${f:-0}" "$st"
		;;
	fuzz)
		sh tests/fuzz/run.sh 2>&1 | tee "$log" | grep -vE '^#[0-9]+' ; st=$?
		line=$(grep -E '^fuzz: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
		p=$(echo "$line" | awk '{print $2}'); f=$(echo "$line" | awk '{print $4}')
		st=$(grep -qE '^fuzz: [0-9]+ passed, 0 failed' "$log" && echo 0 || echo 1)
		count fuzz "${p:-0}" "${f:-0}" "$st"
		;;
	stress)
		./build/stress_writer_lock 2>&1 | tee "$log"; st=$?
		line=$(grep -E '^stress: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
		p=$(echo "$line" | awk '{print $2}'); f=$(echo "$line" | awk '{print $4}')
		st=$(grep -qE '^stress: [0-9]+ passed, 0 failed' "$log" && echo 0 || echo 1)
		count stress "${p:-0}" "${f:-0}" "$st"
		;;
	sanitize)
		# The unit and HTTP suites again, on build/san/ (ASan + UBSan).
		# Every process writes its sanitizer report to a file of its
		# own under build/san/reports/ (log_path), whatever became of
		# its stderr: a unit test that silences stderr, a worker whose
		# stderr is an instance's log.  Each report is a failure.
		reports="$root/build/san/reports"
		rm -rf "$reports"
		mkdir -p "$reports"
		ulog="$logs/sanitize-unit.log"
		ilog="$logs/sanitize-integration.log"
		export ASAN_OPTIONS="halt_on_error=1:log_path=$reports/asan"
		export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"
		if [ -x build/san/unit_tests ] && [ -x build/san/groundwork ]; then
			echo "sanitize: unit suite on build/san/unit_tests"
			./build/san/unit_tests >"$ulog" 2>&1
			line=$(grep -E '^[0-9]+%: Checks: ' "$ulog" | tail -n 1)
			grep -E '^[^:]+:[0-9]+:[EF]:' "$ulog" | head -n 20
			echo "sanitize: unit: ${line:-no total}"
			un=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
			uf=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2/' | awk '{print $1 + $2}')
			[ -z "$line" ] && { un=0; uf=1; }
			echo "sanitize: integration suite on build/san/groundwork"
			GW_BIN="$root/build/san/groundwork" node --test --test-concurrency=1 \
			    --test-reporter=tap tests/integration/ >"$ilog" 2>&1; ist=$?
			grep -E '^ *not ok|^# (pass|fail|tests)' "$ilog" || true
			ip=$(grep -E '^# pass ' "$ilog" | tail -n 1 | awk '{print $3}')
			if_=$(grep -E '^# fail ' "$ilog" | tail -n 1 | awk '{print $3}')
			[ "$ist" != 0 ] && [ "${if_:-0}" = 0 ] && if_=1
		else
			echo "sanitize: build/san/ is not built (make san-build)" >&2
			un=0; uf=1; ip=0; if_=0
		fi
		unset ASAN_OPTIONS UBSAN_OPTIONS
		nrep=$(find "$reports" -type f | wc -l)
		for f in $(find "$reports" -type f | sort | head -n 5); do
			echo "sanitize: report $f:"
			head -n 30 "$f" | sed 's/^/    /'
		done
		echo "sanitize: $nrep sanitizer report(s) in $reports"
		{ cat "$ulog" "$ilog"; echo "sanitizer reports: $nrep"; } >"$log"
		p=$((un - uf + ${ip:-0}))
		f=$((uf + ${if_:-0} + nrep))
		count sanitize "$p" "$f" "$([ "$f" = 0 ] && echo 0 || echo 1)"
		;;
	*)
		echo "run-all: unknown layer $layer" >&2
		count "$layer" 0 1 1
		;;
	esac
done

echo
echo "== summary"
printf '%s' "$summary"
echo "check: $total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
