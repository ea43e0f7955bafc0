#!/bin/sh
# Run the test layers and total them.  With no argument: every layer.
#   tests/run-all.sh [unit|integration|browser|fuzz|stress ...]
# Each layer's output goes to build/test-logs/<layer>.log and is shown.
# The last line is "check: N passed, M failed"; the exit status is
# non-zero when anything failed or a layer ran no test at all.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
logs=build/test-logs
mkdir -p "$logs"
layers=${*:-"unit integration browser fuzz stress"}
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
