#!/bin/sh
# tests/lint/run.sh - the lint layer: checks on the sources themselves,
# run by `make lint` and `make check`.
#
#   sh tests/lint/run.sh
#
#   format   each C file is as clang-format leaves it (.clang-format);
#            `make format` fixes what differs
#   cppcheck no finding of cppcheck's warning, performance or
#            portability checks in app/ and tests/
#   layout   the rules app/README.md gives: a handler h_<x>_* is
#            defined in h_<x>*.c and a cli_* function in cli_*.c;
#            handler files call no function of another handler file;
#            only db*.c include sqlite3.h (through db_internal.h), and
#            no header includes sodium.h
#
# Each file checked for format, the cppcheck run and each layout rule
# count as one check.  The last line is "lint: N passed, M failed".
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "lint: $*"; }

# The C sources the format applies to, as `make format` lists them.
files=$(ls app/*.c app/*.h app/*.cc tests/unit/*.c tests/unit/*.h \
    tests/stress/*.c tests/bench/*.c tests/fuzz/*.c)

# --- format ----------------------------------------------------------

if command -v clang-format >/dev/null 2>&1; then
	for f in $files; do
		if clang-format --style=file "$f" | cmp -s - "$f"; then
			ok
		else
			bad "format: $f differs from clang-format's (make format)"
			clang-format --style=file "$f" | diff -u "$f" - | sed -n '3,12p'
		fi
	done
else
	bad "format: clang-format not found (apt-get install clang-format)"
fi

# --- cppcheck --------------------------------------------------------

if command -v cppcheck >/dev/null 2>&1; then
	log=$(cppcheck --quiet --enable=warning,performance,portability \
	    --suppress=missingIncludeSystem --error-exitcode=1 \
	    -Iapp app tests/unit tests/stress tests/bench tests/fuzz 2>&1)
	if [ $? -eq 0 ] && [ -z "$log" ]; then
		ok
	else
		bad "cppcheck found:"
		echo "$log" | head -n 40
	fi
else
	bad "cppcheck: not found (apt-get install cppcheck)"
fi

# --- layout ----------------------------------------------------------

# Function definitions with external linkage: "name(" at the start of a
# line after a line holding only the return type, and not static.
definitions() {
	awk 'prev !~ /^static/ && prev !~ /^[ \t]/ && $0 ~ /^[a-z_][a-z_0-9]*\(/ {
		sub(/\(.*/, ""); print
	} { prev = $0 }' "$@"
}

# A handler h_<x>_* is defined in a file h_<x>*.c.
problems=""
for f in app/h_*.c; do
	for fn in $(definitions "$f" | grep '^h_'); do
		x=${fn#h_}
		x=${x%%_*}
		case ${f#app/} in
		h_"$x"*.c) ;;
		*) problems="$problems $fn($f)" ;;
		esac
	done
done
if [ -z "$problems" ]; then ok; else bad "layout: handlers outside h_<x>*.c:$problems"; fi

# A cli_* function is defined in a cli_*.c file.
problems=""
for f in app/*.c; do
	case ${f#app/} in cli_*.c) continue ;; esac
	for fn in $(definitions "$f" | grep '^cli_'); do
		problems="$problems $fn($f)"
	done
done
if [ -z "$problems" ]; then ok; else bad "layout: cli_* outside cli_*.c:$problems"; fi

# Handler files never call each other: what one defines, no other names.
problems=""
for f in app/h_*.c; do
	for fn in $(definitions "$f"); do
		for g in app/h_*.c; do
			[ "$g" = "$f" ] && continue
			grep -qw "$fn" "$g" && problems="$problems $g->$fn"
		done
	done
done
if [ -z "$problems" ]; then ok; else bad "layout: handler files call each other:$problems"; fi

# sqlite3.h only in the data layer's files; sodium.h in no header.
problems=$(grep -l '#include <sqlite3.h>' app/*.c app/*.h app/*.cc |
    grep -v '^app/db_internal\.h$')
if [ -z "$problems" ]; then ok; else bad "layout: sqlite3.h outside db_internal.h:" $problems; fi
problems=$(grep -l '#include "db_internal.h"' app/*.c app/*.h app/*.cc |
    grep -v '^app/db[a-z_]*\.c$')
if [ -z "$problems" ]; then ok; else bad "layout: db_internal.h outside db*.c:" $problems; fi
problems=$(grep -l '#include <sodium.h>' app/*.h)
if [ -z "$problems" ]; then ok; else bad "layout: sodium.h in a header:" $problems; fi

echo "lint: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
