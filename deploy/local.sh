#!/bin/sh
# A local Groundwork instance: the real "groundwork serve" behind a real
# nginx on 127.0.0.1, all state in one directory.
#
#   local.sh run   [--port P] [--dir D]   foreground; Ctrl-C stops both
#   local.sh start [--port P] [--dir D]   background (tests); prints nothing
#   local.sh stop  [--dir D]
#
# run and start succeed only once GET /login and /static/app.css answer
# 200 through this instance's nginx; otherwise they say why, stop what
# they started and exit 1 (run prints no banner).
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
case $port in
''|*[!0-9]*) echo "local.sh: --port wants a number, not '$port'" >&2; exit 2 ;;
esac
if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
	echo "local.sh: port $port is out of range (1-65535)" >&2
	exit 2
fi
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

# fail MESSAGE...: say why nothing is served, stop what was started.
fail() {
	for line in "$@"; do echo "$line" >&2; done
	stop_instance
	exit 1
}

# Does something accept connections on 127.0.0.1:$1?  curl's exit
# status 7 means the connection was refused: nobody listens there.
port_taken() {
	rc=0
	curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$1/" || rc=$?
	[ "$rc" -ne 7 ]
}

# The first free port above $port, to suggest instead.
free_port_after() {
	p=$((port + 1))
	while [ "$p" -le 65535 ] && [ "$p" -le $((port + 50)) ]; do
		port_taken "$p" || { echo "$p"; return; }
		p=$((p + 1))
	done
	echo "<another>"
}

port_advice() {
	echo "  Stop the program that holds it, or choose another port:" \
	     "make run PORT=$(free_port_after)"
}

# status URL: the HTTP status this instance's nginx gives URL (000 if
# no answer).
status() {
	curl -s -o /dev/null --max-time 30 -w '%{http_code}' \
	    "http://127.0.0.1:$port$1" 2>/dev/null || true
}

if [ "$mode" = stop ]; then
	stop_instance
	exit 0
fi

if [ ! -x "$bin" ]; then
	echo "local.sh: $bin is missing; run make first" >&2
	exit 1
fi

stop_instance
if port_taken "$port"; then
	fail "local.sh: port $port on 127.0.0.1 is already in use by another program." \
	    "$(port_advice)"
fi

mkdir -p "$dir/logs" "$dir/tmp" "$dir/mail"
conf="$dir/groundwork.conf"
cat > "$conf" <<CONF
# Written by deploy/local.sh for this local instance.
db = $dir/groundwork.db
socket = $dir/groundwork.sock
share_dir = $root
workers = ${GW_WORKERS:-4}
# nginx's workers run as the same user as this app (see local.sh), so
# the socket is private to that user.  Production uses 0660 and a group.
socket_mode = 0600
secure_cookies = false
# Email never leaves a local instance: each message the digest would
# send is written into mail/ as one .eml file instead.
sendmail = file:$dir/mail
CONF
[ -n "${GW_EXTRA_CONFIG:-}" ] && printf '%s\n' "$GW_EXTRA_CONFIG" >> "$conf"

"$bin" --config "$conf" migrate >/dev/null
# No systemd timer here: drop the sessions that expired since last time.
"$bin" --config "$conf" purge >/dev/null
if [ "${GW_NO_SEED:-0}" != 1 ]; then
	"$bin" --config "$conf" seed --demo >/dev/null
fi

# Started by root, nginx runs its workers as "nobody", who cannot enter
# a private home (root's is 0700) and so reaches neither the socket nor
# static/: every page would be refused.  This instance listens on
# loopback only and serves files its user owns already, so its workers
# run as that user wherever the checkout lives: "user root" for root,
# and anyone else's nginx keeps the user that started it (the directive
# is then left out, as nginx would ignore it).  Moving the socket and a
# copy of static/ somewhere everyone can reach would open the socket to
# every local user and hide edits to static/ until the next start.
user_line='s|^@USER@$|user root root;|'
[ "$(id -u)" = 0 ] || user_line='/^@USER@$/d'
sed -e "s|@DIR@|$dir|g" -e "s|@ROOT@|$root|g" -e "s|@PORT@|$port|g" \
    -e "s|@SIGNIN_RATE@|${GW_SIGNIN_RATE:-5r/m}|g" \
    -e "s|@SIGNIN_BURST@|${GW_SIGNIN_BURST:-5}|g" \
    -e "$user_line" \
    "$root/deploy/nginx/local.conf.in" > "$dir/nginx.conf"

rm -f "$dir/groundwork.sock"
"$bin" --config "$conf" serve 2>>"$dir/logs/groundwork.log" &
echo $! > "$dir/groundwork.run.pid"
i=0
while [ ! -S "$dir/groundwork.sock" ]; do
	if ! kill -0 "$(cat "$dir/groundwork.run.pid")" 2>/dev/null; then
		fail "local.sh: groundwork serve failed to start; see $dir/logs/groundwork.log:" \
		    "$(tail -n 5 "$dir/logs/groundwork.log")"
	fi
	sleep 0.1; i=$((i + 1))
	[ $i -gt 300 ] && fail "local.sh: groundwork serve made no socket in 30 s; see $dir/logs/groundwork.log"
done

# nginx writes its pid file only once it holds the port, so a pid file
# with our nginx's pid means the answers below come from it and not from
# another program on the same port.
nginx_log="$dir/logs/nginx-error.log"
touch "$nginx_log"
log_start=$(($(wc -c < "$nginx_log") + 1))
rm -f "$dir/nginx.pid"
nginx -p "$dir" -c "$dir/nginx.conf" -e "$nginx_log" 2>>"$nginx_log" &
nginx_pid=$!
echo "$nginx_pid" > "$dir/nginx.run.pid"
i=0
until [ "$(cat "$dir/nginx.pid" 2>/dev/null)" = "$nginx_pid" ]; do
	if ! kill -0 "$nginx_pid" 2>/dev/null; then
		said=$(tail -c "+$log_start" "$nginx_log" | grep -E '\[(emerg|alert|crit)\]' | tail -n 3)
		case $said in
		*"Address already in use"*)
			fail "local.sh: port $port on 127.0.0.1 is already in use by another program." \
			    "$(port_advice)" ;;
		*"bind() to"*"Permission denied"*)
			fail "local.sh: only root may listen on port $port." \
			    "  Choose a port above 1023: make run PORT=8080" ;;
		*)
			fail "local.sh: nginx failed to start; see $nginx_log:" "$said" ;;
		esac
	fi
	sleep 0.1; i=$((i + 1))
	[ $i -gt 300 ] && fail "local.sh: nginx did not take port $port in 30 s; see $nginx_log"
done

# Serving means the sign-in page and the stylesheet answer 200.  A 502
# at first only says the app's workers are still starting.
i=0
login=$(status /login)
while [ "$i" -lt 150 ] && case $login in 000|502|503|504) true ;; *) false ;; esac; do
	kill -0 "$(cat "$dir/groundwork.run.pid")" 2>/dev/null || break
	sleep 0.2; i=$((i + 1))
	login=$(status /login)
done
css=$(status /static/app.css)
if [ "$login" != 200 ] || [ "$css" != 200 ]; then
	fail "local.sh: nginx on port $port does not serve Groundwork: /login answered $login, /static/app.css $css." \
	    "  nginx's workers run as $(id -un) and need to reach $dir/groundwork.sock and $root/static/." \
	    "  nginx said ($nginx_log):" \
	    "$(tail -c "+$log_start" "$nginx_log" | tail -n 3)" \
	    "  the app said ($dir/logs/groundwork.log):" \
	    "$(tail -n 3 "$dir/logs/groundwork.log")"
fi

[ "$mode" = start ] && exit 0

cat <<MSG

  Groundwork is running at http://127.0.0.1:$port

  Demo sign-ins (password for all: groundwork-demo):
    admin     admin@example.com
    director  vp@example.com (every team, read-only: /org)
    managers  maria@example.com (team North), sam@example.com (team South),
              priya@example.com (team East)
    reps      ravi@ lena@ tom@ ines@ (North), kofi@ julia@ diego@ mei@ (South),
              omar@ zoe@ (East)
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
