#!/bin/sh
# syscalls.sh UNIT TRACE [PROGRAM]: check a strace -f log of PROGRAM
# (default: groundwork) against UNIT's sandbox.  Prints each system
# call the program made that UNIT's SystemCallFilter= lines would not
# let through, and each memory mapping MemoryDenyWriteExecute= would
# refuse; exits 1 if there is any.
#
# Only what happens after PROGRAM's successful execve counts: the trace
# may start with the chroot and nsenter that launch it, which do what
# the unit's own set-up does.  Groups (@system-service, ...) are
# expanded by this machine's systemd-analyze, which must be the same
# systemd version as the target (Debian 12: 252).
set -eu
unit=$1
trace=$2
program=${3:-groundwork}

# expand NAME...: the system calls of each name or @group, one a line.
expand() {
	for item in "$@"; do
		case $item in
		@*)
			for x in $(systemd-analyze syscall-filter --no-pager "$item" |
			    awk 'NR > 1 && NF && $1 !~ /^#/ { print $1 }'); do
				expand "$x"
			done ;;
		*) echo "$item" ;;
		esac
	done
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2046
expand $(sed -n 's/^SystemCallFilter=\([^~]\)/\1/p' "$unit") | sort -u > "$tmp/allow"
# shellcheck disable=SC2046
expand $(sed -n 's/^SystemCallFilter=~//p' "$unit") | sort -u > "$tmp/deny"
comm -23 "$tmp/allow" "$tmp/deny" > "$tmp/allowed"
if [ ! -s "$tmp/allowed" ]; then
	echo "syscalls: $unit has no SystemCallFilter= allow list" >&2
	exit 1
fi

# The program's part of the trace: every line after its execve.
awk -v prog="$program" '
	started { print; next }
	$0 ~ "execve\\(\"[^\"]*/" prog "\"" && $0 ~ /= 0$/ { started = 1 }
' "$trace" > "$tmp/ours"
if [ ! -s "$tmp/ours" ]; then
	echo "syscalls: no execve of $program in $trace" >&2
	exit 1
fi
# "PID name(args) = ..." and "PID <... name resumed>" lines.
sed -n -e 's/^[0-9]* *\([a-z0-9_]*\)(.*/\1/p' \
    -e 's/^[0-9]* *<\.\.\. \([a-z0-9_]*\) resumed>.*/\1/p' "$tmp/ours" |
    sort -u > "$tmp/used"

status=0
denied=$(comm -23 "$tmp/used" "$tmp/allowed")
if [ -n "$denied" ]; then
	echo "syscalls: $program made calls $(basename "$unit") does not allow:" $denied
	status=1
fi
wx=$(grep -E '(mmap|mprotect|pkey_mprotect)\(.*PROT_WRITE\|PROT_EXEC|mprotect\(.*PROT_EXEC' "$tmp/ours" || true)
if [ -n "$wx" ]; then
	echo "syscalls: $program maps memory writable and executable, or makes it executable later:"
	echo "$wx" | head -n 5
	status=1
fi
[ $status = 0 ] &&
    echo "syscalls: $program made $(wc -l < "$tmp/used") kinds of system call, all allowed by $(basename "$unit")"
exit $status
