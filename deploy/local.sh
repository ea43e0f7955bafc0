#!/bin/sh
# A local Groundwork instance: the real "groundwork serve" behind a real
# nginx on 127.0.0.1, all state in one directory.
#
#   local.sh run   [--port P] [--dir D]   foreground; Ctrl-C stops both
#   local.sh start [--port P] [--dir D]   background (tests); prints nothing
#   local.sh stop  [--dir D]
#
# Extra config lines for the app may be given in GW_EXTRA_CONFIG, and
# GW_BIN names another build of the program (default build/groundwork;
# the sanitizer layer uses build/san/groundwork).
# GW_SIGNIN_RATE (default 5r/m) and GW_SIGNIN_BURST (default 5) set
# nginx's limit on sign-in POSTs.  GW_NO_SEED=1 skips the demo data.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${GW_BIN:-$root/build/groundwork}
mode=${1:-run}
[ $# -gt 0 ] && shift
port=8080
dir="$root/run"
while [ $# -gt 0 ]; do
	case "$1" in
	--port) port=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	*) echo "local.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

stop_instance() {
	for name in nginx groundwork; do
		if [ -f "$dir/$name.run.pid" ]; then
			pid=$(cat "$dir/$name.run.pid")
			kill -TERM "$pid" 2>/dev/null || true
			i=0
			while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
				sleep 0.1; i=$((i + 1))
			done
			rm -f "$dir/$name.run.pid"
		fi
	done
}

if [ "$mode" = stop ]; then
	stop_instance
	exit 0
fi

if [ ! -x "$bin" ]; then
	echo "local.sh: $bin is missing; run make first" >&2
	exit 1
fi

mkdir -p "$dir/logs" "$dir/tmp"
chmod 755 "$dir"
conf="$dir/groundwork.conf"
cat > "$conf" <<CONF
# Written by deploy/local.sh for this local instance.
db = $dir/groundwork.db
socket = $dir/groundwork.sock
share_dir = $root
workers = ${GW_WORKERS:-4}
# nginx's workers run as another user locally, so the socket is open to
# all; the directory is private to this machine.  Production uses 0660.
socket_mode = 0666
secure_cookies = false
CONF
[ -n "${GW_EXTRA_CONFIG:-}" ] && printf '%s\n' "$GW_EXTRA_CONFIG" >> "$conf"

"$bin" --config "$conf" migrate >/dev/null
if [ "${GW_NO_SEED:-0}" != 1 ]; then
	"$bin" --config "$conf" seed --demo >/dev/null
fi

sed -e "s|@DIR@|$dir|g" -e "s|@ROOT@|$root|g" -e "s|@PORT@|$port|g" \
    -e "s|@SIGNIN_RATE@|${GW_SIGNIN_RATE:-5r/m}|g" \
    -e "s|@SIGNIN_BURST@|${GW_SIGNIN_BURST:-5}|g" \
    "$root/deploy/nginx/local.conf.in" > "$dir/nginx.conf"

stop_instance
"$bin" --config "$conf" serve 2>>"$dir/logs/groundwork.log" &
echo $! > "$dir/groundwork.run.pid"
i=0
while [ ! -S "$dir/groundwork.sock" ]; do
	if ! kill -0 "$(cat "$dir/groundwork.run.pid")" 2>/dev/null; then
		echo "local.sh: groundwork serve failed to start; see $dir/logs/groundwork.log:" >&2
		tail -n 5 "$dir/logs/groundwork.log" >&2
		exit 1
	fi
	sleep 0.1; i=$((i + 1))
	[ $i -gt 100 ] && { echo "local.sh: no socket after 10 s" >&2; exit 1; }
done

nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/nginx-error.log" 2>>"$dir/logs/nginx-error.log" &
echo $! > "$dir/nginx.run.pid"
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do
	if ! kill -0 "$(cat "$dir/nginx.run.pid")" 2>/dev/null; then
		echo "local.sh: nginx failed to start; see $dir/logs/nginx-error.log:" >&2
		tail -n 5 "$dir/logs/nginx-error.log" >&2
		stop_instance
		exit 1
	fi
	sleep 0.1; i=$((i + 1))
	[ $i -gt 100 ] && { echo "local.sh: nginx not answering after 10 s" >&2; stop_instance; exit 1; }
done

[ "$mode" = start ] && exit 0

cat <<MSG

  Groundwork is running at http://127.0.0.1:$port

  Demo sign-ins (password for all: groundwork-demo):
    admin     admin@example.com
    managers  maria@example.com (team North), sam@example.com (team South)
    reps      ravi@ lena@ tom@ ines@ (North), kofi@ julia@ diego@ mei@ (South)
              each @example.com

  Data: $dir/groundwork.db   Logs: $dir/logs/
  Press Ctrl-C to stop.

MSG
trap 'stop_instance; echo; echo "Groundwork stopped."; exit 0' INT TERM
while kill -0 "$(cat "$dir/groundwork.run.pid")" 2>/dev/null &&
      kill -0 "$(cat "$dir/nginx.run.pid")" 2>/dev/null; do
	sleep 1
done
echo "local.sh: a server stopped unexpectedly; see $dir/logs/" >&2
stop_instance
exit 1
