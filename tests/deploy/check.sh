#!/bin/sh
# make check-deploy: in a fresh Debian 12 root, install the last release
# (deploy/deb/released, built from its own commit), put data in it and
# upgrade it to this .deb: every row kept, the new timer enabled, the
# installed units' sandbox rated 1.5 or lower.  Then serve it through
# nginx over https, sign in, reload, purge expired sessions, back up under
# load, restore, upgrade again, migrate an old schema, break a migration
# on purpose, remove and purge, and install this .deb afresh.  The
# service, a backup and a purge run under strace, and every system call
# they make must be one their unit allows.  Last, the root boots systemd
# in a container (systemd-nspawn), where the units serve, reload, back up
# and purge in their real sandbox.
#
# The root comes from debootstrap, using the mirror in this machine's apt
# sources. A copy is kept in $GW_DEPLOY_CACHE (outside the repository) to
# save time, with the release's package; delete it and the test builds
# them again.
# The service and nginx run in their own network namespace, so ports 80
# and 443 here are not touched.
set -eu
cd "$(dirname "$0")/../.."

version=$1
debdir=$2
cache=${GW_DEPLOY_CACHE:-/var/cache/groundwork-deploy}
work=$(mktemp -d /var/tmp/groundwork-deploy.XXXXXX)
root=$work/root
log=$work/log
passed=0
failed=0

cleanup() {
	status=$?
	for f in "$work/serve.pid" "$work/strace.pid" "$root/run/nginx.pid" "$work/ns.pid"; do
		if [ -f "$f" ]; then kill "$(cat "$f")" 2>/dev/null || true; fi
	done
	# A container still up is halted, then given up to 30 s.
	if [ -f "$work/nspawn.pid" ]; then
		kill -TERM "$(cat "$work/nspawn.pid")" 2>/dev/null || true
		i=0
		while kill -0 "$(cat "$work/nspawn.pid")" 2>/dev/null && [ $i -lt 300 ]; do
			sleep 0.1; i=$((i + 1))
		done
	fi
	# Anything still running inside the root was started by this test.
	for p in $(pgrep -x groundwork); do
		[ "$(readlink "/proc/$p/root")" = "$root" ] && kill "$p" 2>/dev/null
	done
	offsite_drill_cleanup
	sleep 0.5
	if mountpoint -q "$root/proc" 2>/dev/null; then umount -l "$root/proc"; fi
	if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
		echo "check-deploy: work kept in $work"
	else
		rm -rf --one-file-system "$work"
	fi
}
trap cleanup EXIT
# The off-site restore drill: offsite_drill, run last.
. tests/deploy/offsite_drill.sh

ok()   { passed=$((passed + 1)); echo "ok $passed - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }
check() { # check NAME COMMAND...
	name=$1; shift
	if "$@" >>"$log" 2>&1; then ok "$name"; else fail "$name"; fi
}
# check_calls WHAT UNIT TRACE: WHAT, traced, made only calls UNIT allows.
check_calls() {
	if out=$(sh tests/deploy/syscalls.sh "$root/lib/systemd/system/$2" "$3" 2>&1); then
		ok "$1 made only system calls $2 allows ($(echo "$out" |
			sed -n 's/.* made \([0-9]*\) kinds.*/\1/p') kinds)"
	else
		fail "$1 made only system calls $2 allows"
		echo "$out"
	fi
}
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
as_gw() { in_root runuser -u groundwork -- groundwork \
	--config /etc/groundwork/groundwork.conf "$@"; }
# as_gw_traced TRACE ARGS...: as_gw, as its unit runs it, under strace.
as_gw_traced() {
	trace=$1; shift
	strace -f -qq -o "$trace" chroot --userspec=groundwork:groundwork "$root" \
		/usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
		groundwork --config /etc/groundwork/groundwork.conf "$@"
}
count() { sqlite3 "$1" "SELECT count(*) FROM $2"; }
# rows DB: "table rows" for every table, one a line, sorted for join.
rows() {
	for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table'
	    AND name NOT LIKE 'sqlite_%'"); do
		echo "$t $(count "$1" "$t")"
	done | LC_ALL=C sort
}
# units_enabled UNIT...: deb-systemd-helper's links for each, in the root.
units_enabled() {
	for u in "$@"; do
		case $u in
		*.timer) test -L "$root/etc/systemd/system/timers.target.wants/$u" ;;
		*) test -L "$root/etc/systemd/system/multi-user.target.wants/$u" ;;
		esac || return 1
	done
}
UNITS_ENABLED="groundwork.service groundwork-backup.timer groundwork-purge.timer groundwork-digest.timer groundwork-offsite.timer"
installed_version() { in_root dpkg-query -W -f='${Version}' groundwork; }
changelog_starts() { # changelog_starts VERSION [OLDER]: the installed changelog
	zcat "$root/usr/share/doc/groundwork/changelog.gz" > "$work/changelog"
	head -n 1 "$work/changelog" | grep -q "^groundwork ($1) " &&
		{ [ $# -lt 2 ] || grep -q "^groundwork ($2) " "$work/changelog"; }
}

# ---- email (functions; called below) -----------------------------------
# mail_setup: the mailer the package recommends, msmtp-mta, installed in
# the root from the archive and pointed at an SMTP server on the
# container's loopback (python3-aiosmtpd, tests/integration/smtp_sink.py)
# that mail_drill starts.
MAIL_PORT=2525
mail_setup() {
	check "msmtp-mta (the package's recommended mailer) and python3-aiosmtpd install" \
		in_root apt-get -q -y --no-install-recommends install msmtp-mta python3-aiosmtpd
	printf 'defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport %s\nfrom groundwork@crm.example.com\n' \
		"$MAIL_PORT" > "$root/etc/msmtprc"
	chmod 0644 "$root/etc/msmtprc"
	install -m 0755 tests/integration/smtp_sink.py "$root/usr/local/bin/smtp_sink"
}
# mail_drill: under systemd, make everyone's emails due now, let the
# installed timer's service run once in its sandbox, and check that the
# mail arrived at the loopback server through msmtp-mta.
mail_drill() {
	box systemd-run -q --unit=gw-smtp-sink /usr/bin/python3 /usr/local/bin/smtp_sink \
		--port "$MAIL_PORT" --dir /var/tmp/gw-mail >>"$log" 2>&1 || true
	i=0
	until box bash -c "exec 3<>/dev/tcp/127.0.0.1/$MAIL_PORT" 2>/dev/null || [ $i -ge 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	sqlite3 "$root/var/lib/groundwork/groundwork.db" "INSERT OR REPLACE INTO user_settings
		(user_id, timezone, mail_off, send_day, send_hour)
		SELECT id, 'UTC', 0, CAST(strftime('%u', 'now') AS INTEGER), 0 FROM users"
	check "the digest timer is active" box systemctl is-active groundwork-digest.timer
	check "groundwork-digest.service runs" box systemctl start groundwork-digest.service
	sent=$(nsenter -t "$init" -a journalctl --no-pager -o cat -u groundwork-digest.service |
		sed -n 's/^groundwork: sent \([0-9]*\) emails.*/\1/p' | tail -n 1)
	arrived=$(ls "$root/var/tmp/gw-mail" 2>/dev/null | grep -c '\.eml$' || true)
	check "and its emails arrived through msmtp-mta over SMTP (${sent:-none} sent, $arrived arrived)" \
		sh -c "test -n '$sent' && test '$sent' -gt 0 && test '$arrived' = '$sent'"
	check "each arrived as automatic mail to the demo's admin, managers and reps" sh -c \
		"grep -l '^Auto-Submitted: auto-generated' '$root'/var/tmp/gw-mail/*.eml | wc -l | grep -qx '$arrived' &&
		 grep -qh '^To: .*<owner@example.org>' '$root'/var/tmp/gw-mail/*.eml"
	check "a second run sends nothing again" box systemctl start groundwork-digest.service
	again=$(ls "$root/var/tmp/gw-mail" | grep -c '\.eml$' || true)
	check "the outbox kept each email to once ($again arrived)" test "$again" = "$arrived"
	box systemctl stop gw-smtp-sink.service >/dev/null 2>&1 || true
}

mirror() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ { print $2; exit }' "$f"
	done | grep -v security | head -1
}

# ---- the Debian 12 root ------------------------------------------------
base=$cache/bookworm-minbase.tar
if [ ! -f "$base" ]; then
	echo "check-deploy: building a Debian 12 root with debootstrap"
	install -d "$cache"
	debootstrap --variant=minbase bookworm "$work/fresh" "$(mirror)" >"$work/debootstrap.log" 2>&1
	tar -C "$work/fresh" -cf "$base.tmp" . && mv "$base.tmp" "$base"
	rm -rf --one-file-system "$work/fresh"
fi
mkdir "$root"
tar -C "$root" -xf "$base"
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Package scripts must not start daemons inside the root.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

deb=$debdir/groundwork_${version}_amd64.deb
cp "$deb" "$root/tmp/groundwork.deb"

# ---- the last release, built from the commit it was released from ----
released=$(grep -v -e '^#' -e '^$' deploy/deb/released | tail -n 1)
rel_version=${released% *}
rel_commit=${released#* }
rel_deb=$cache/groundwork_${rel_version}_${rel_commit}_amd64.deb
if [ ! -f "$rel_deb" ]; then
	echo "check-deploy: building the $rel_version package from $rel_commit"
	if ! git cat-file -e "$rel_commit^{commit}" 2>/dev/null; then
		echo "check-deploy: commit $rel_commit ($rel_version) is not in this clone;" \
		    "fetch the history (git fetch --unshallow, or git fetch origin tag v$rel_version)" >&2
		exit 1
	fi
	mkdir "$work/release"
	git archive "$rel_commit" | tar -x -C "$work/release"
	if ! env -u MAKEFLAGS -u MAKELEVEL make -C "$work/release" -s -j2 deb >"$work/release.log" 2>&1; then
		echo "check-deploy: building $rel_version failed; see $work/release.log" >&2
		exit 1
	fi
	install -d "$cache"
	cp "$work/release/build/groundwork_${rel_version}_amd64.deb" "$rel_deb.tmp"
	mv "$rel_deb.tmp" "$rel_deb"
fi
cp "$rel_deb" "$root/tmp/release.deb"

# ---- install the release as its admins did, and use it ----------------
in_root apt-get -q update >"$work/apt.log" 2>&1
t0=$(date +%s.%N)
check "the $rel_version release installs with its dependencies from the archive" \
	in_root apt-get -q -y --no-install-recommends install /tmp/release.deb openssl curl
t_installed=$(date +%s.%N)
check "the installed package is $rel_version" test "$(installed_version)" = "$rel_version"

site=$root/etc/nginx/sites-enabled
ln -s ../sites-available/groundwork.conf "$site/groundwork.conf"
rm -f "$site/default"
in_root mkdir -p /etc/letsencrypt/live/crm.example.com
in_root openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=crm.example.com \
	-keyout /etc/letsencrypt/live/crm.example.com/privkey.pem \
	-out /etc/letsencrypt/live/crm.example.com/fullchain.pem >>"$log" 2>&1
check "nginx -t accepts the installed site" in_root nginx -t
# Demo data gives the upgrade, backup and restore steps something to keep.
as_gw seed --demo >>"$log"
printf 'first-admin-pass\n' | as_gw user add owner@example.org --name "First Admin" --role admin >>"$log"

# One long-lived namespace holds the service and nginx; every request
# and command that needs the network joins it with nsenter.
unshare -n sh -c 'echo $$ > "$1.tmp" && mv "$1.tmp" "$1"; exec sleep 1800' sh "$work/ns.pid" &
i=0
until [ -s "$work/ns.pid" ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
ns=$(cat "$work/ns.pid")
net() { nsenter -t "$ns" -n "$@"; }
net ip link set lo up
start_service() { # start_service [traced]
	# The unit's ExecStart, by hand: there is no systemd in the root.
	# nsenter and chroot exec, so $! is the serve master itself (a shell
	# function here would put a subshell in between).  Traced, $! is
	# strace, and the master is its child.
	rm -f "$work/serve.pid"
	if [ "${1:-}" = traced ]; then
		nsenter -t "$ns" -n strace -f -qq -o "$work/serve.trace" \
			chroot --userspec=groundwork:groundwork "$root" groundwork \
			--config /etc/groundwork/groundwork.conf serve >>"$work/serve.log" 2>&1 &
		echo $! > "$work/strace.pid"
		i=0
		until pgrep -P "$(cat "$work/strace.pid")" > "$work/serve.pid" || [ $i -ge 300 ]; do
			sleep 0.1; i=$((i + 1))
		done
	else
		nsenter -t "$ns" -n chroot --userspec=groundwork:groundwork "$root" groundwork \
			--config /etc/groundwork/groundwork.conf serve >>"$work/serve.log" 2>&1 &
		echo $! > "$work/serve.pid"
	fi
	i=0
	until [ -S "$root/run/groundwork/groundwork.sock" ] || [ $i -ge 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
stop_service() {
	pid=$(cat "$work/serve.pid")
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true   # our child, unless strace started it
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	if [ -f "$work/strace.pid" ]; then
		wait "$(cat "$work/strace.pid")" 2>/dev/null || true
		rm -f "$work/strace.pid"
	fi
}
start_service
net chroot "$root" nginx >>"$log" 2>&1

curl_gw() { net curl -sS -k --resolve crm.example.com:443:127.0.0.1 \
	--resolve crm.example.com:80:127.0.0.1 "$@"; }
sign_in() { # sign_in JAR EMAIL PASSWORD -> prints the redirect target
	jar=$1
	csrf=$(curl_gw -c "$jar" -b "$jar" https://crm.example.com/login |
		sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	curl_gw -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
		--data-urlencode "csrf=$csrf" --data-urlencode "email=$2" \
		--data-urlencode "password=$3" https://crm.example.com/login
}
form_csrf() { # form_csrf JAR: the csrf value of the new-deal form
	curl_gw -b "$1" https://crm.example.com/deals/new |
		sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1
}

# Data the way people make it: a rep signed in on the release logs deals.
rel_jar=$work/release-rep.jar
answer=$(sign_in "$rel_jar" lena@example.com groundwork-demo)
check "a rep signs in to the $rel_version release through https ($answer)" \
	test "$answer" = "303 https://crm.example.com/deals"
csrf=$(form_csrf "$rel_jar")
logged=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	code=$(curl_gw -b "$rel_jar" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
		--data-urlencode "company=Release customer $i" --data-urlencode "next_step=Call back" \
		https://crm.example.com/deals/new || true)
	[ "$code" = 303 ] && logged=$((logged + 1))
done
check "the rep logs 10 deals on the release ($logged answered 303)" test "$logged" = 10

# ---- upgrade the release to this package ------------------------------
db=$root/var/lib/groundwork/groundwork.db
# systemd stops the service in prerm and starts it in postinst; there is
# no systemd here, so the test does both.
stop_service
rows "$db" > "$work/rows-before"
# The coaching items by id: the upgrade merges them into one per
# subject and adds an item for each open deal that had none, so their
# count grows; each one the release had must still be there.
items_max=$(sqlite3 "$db" 'SELECT COALESCE(max(id), 0) FROM coaching_items')
items_before=$(sqlite3 "$db" 'SELECT count(*) || " " || COALESCE(sum(id), 0) FROM coaching_items')
rel_schema=$(sqlite3 "$db" 'PRAGMA user_version')
t_up=$(date +%s.%N)
check "$rel_version upgrades to $version with apt-get, new dependencies from the archive" \
	in_root apt-get -q -y --no-install-recommends install /tmp/groundwork.deb
mail_setup
t_upgraded=$(date +%s.%N)
check "the installed package is $version" test "$(installed_version)" = "$version"
check "the upgrade took a backup first" \
	sh -c "ls '$root/var/backups/groundwork/' | grep -q '^before-.*-from-$rel_version.db'"
rows "$db" > "$work/rows-after"
# Every table the release had keeps every row (derived rows may be
# added: the coaching items of open deals); new tables may appear.
tables=$(wc -l < "$work/rows-before")
kept=$(LC_ALL=C join "$work/rows-before" "$work/rows-after" | awk '$3 >= $2' | wc -l)
LC_ALL=C join "$work/rows-before" "$work/rows-after" |
	awk '$3 != $2 { printf "measure: the upgrade took %s from %d to %d rows\n", $1, $2, $3 }'
items_after=$(sqlite3 "$db" "SELECT count(*) || ' ' || COALESCE(sum(id), 0) FROM coaching_items WHERE id <= $items_max")
check "every coaching item the release had is still there ($items_before before, $items_after after)" \
	test "$items_before" = "$items_after"
awk -v s="$(awk "BEGIN { printf \"%.1f\", $t_upgraded - $t_up }")" \
	'{ n += $2 } END { printf "measure: %d tables, %d rows in the release'"'"'s database; upgrade %s s\n", NR, n, s }' \
	"$work/rows-before"
check "the upgrade kept every row of all $tables tables ($kept tables with as many rows or more)" \
	test "$kept" -eq "$tables"
# The schema is the highest migration's number (numbers may skip).
schema=$(ls "$root/usr/share/groundwork/sql" | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -n 1)
check "the database went from schema $rel_schema to this version's $schema" \
	test "$(sqlite3 "$db" 'PRAGMA user_version')" = "$schema"
check "the service and backup timer stay enabled and the new purge timer is enabled" \
	units_enabled $UNITS_ENABLED
check "the changelog is installed, $version first, $rel_version kept" \
	changelog_starts "$version" "$rel_version"
for unit in groundwork.service groundwork-backup.service groundwork-purge.service \
    groundwork-digest.service groundwork-offsite.service; do
	rating=$(systemd-analyze security --offline=true --root="$root" --no-pager "$unit" 2>&1 |
		sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	check "systemd-analyze security rates the installed $unit ${rating:-(no rating)}, 1.5 or lower" \
		systemd-analyze security --offline=true --root="$root" --threshold=15 --no-pager "$unit"
done

# ---- serve through nginx over https -----------------------------------
# The upgraded service runs under strace until the restore below: every
# system call it makes while serving is checked against its unit then.
t_start=$(date +%s.%N)
start_service traced
first=$(curl_gw -o /dev/null -w '%{http_code}' https://crm.example.com/login || true)
t1=$(date +%s.%N)
check "the sign-in page answers over https" test "$first" = 200
awk "BEGIN { printf \"measure: apt-get install of $rel_version %.1f s (with 30 packages from the archive), start to first page %.2f s under strace\n\", $t_installed - $t0, $t1 - $t_start }"

redirect=$(curl_gw -o /dev/null -w '%{http_code} %{redirect_url}' http://crm.example.com/login || true)
check "http redirects to https ($redirect)" test "$redirect" = "301 https://crm.example.com/login"

admin_jar=$work/admin.jar
answer=$(sign_in "$admin_jar" owner@example.org first-admin-pass)
check "the first admin, added on $rel_version, signs in through https ($answer)" \
	test "$answer" = "303 https://crm.example.com/admin/users"
page=$(curl_gw -b "$admin_jar" https://crm.example.com/admin/users || true)
check "the signed-in admin sees the users page" sh -c "echo \"\$1\" | grep -q 'owner@example.org'" sh "$page"
headers=$(curl_gw -b "$admin_jar" -D - -o /dev/null https://crm.example.com/admin/users || true)
check "responses carry HSTS and no nginx version" sh -c \
	"echo \"\$1\" | grep -qi '^strict-transport-security' && ! echo \"\$1\" | grep -qi '^server: nginx/'" sh "$headers"
health=$(curl_gw https://crm.example.com/healthz || true)
check "/healthz reports the new version and schema ($health)" test "$health" = "ok $version schema $schema"
deals=$(curl_gw -b "$rel_jar" https://crm.example.com/deals || true)
check "the rep is still signed in, and sees a deal logged on $rel_version" \
	sh -c "echo \"\$1\" | grep -q 'Release customer 7'" sh "$deals"

doctor=$(in_root groundwork --config /etc/groundwork/groundwork.conf doctor 2>&1 || true)
echo "$doctor" >>"$log"
check "doctor finds the install healthy" sh -c "echo \"\$1\" | grep -q '^verdict: healthy$'" sh "$doctor"
check "doctor sees that nginx can open the socket" sh -c \
	"echo \"\$1\" | grep -q '^ok *nginx (www-data) can open the socket (group www-data'" sh "$doctor"
sock=$root/run/groundwork/groundwork.sock
chmod 0600 "$sock"
doctor=$(in_root groundwork --config /etc/groundwork/groundwork.conf doctor 2>&1 || echo "exit $?")
chmod 0660 "$sock"
check "doctor reports a socket nginx cannot open" sh -c \
	"echo \"\$1\" | grep -q '^PROBLEM *nginx (www-data) can open the socket' && echo \"\$1\" | grep -q '^exit 1'" sh "$doctor"

# systemctl reload (ExecReload) sends SIGHUP: new workers, still serving.
old_workers=$(pgrep -P "$(cat "$work/serve.pid")" || true)
kill -HUP "$(cat "$work/serve.pid")"
old_left() { n=0; for p in $old_workers; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done; echo $n; }
i=0
while [ "$(old_left)" -gt 0 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
left=$(old_left)
health=$(curl_gw https://crm.example.com/healthz || true)
check "a reload (SIGHUP) replaces the $(echo $old_workers | wc -w) workers ($left left), and the site answers ($health)" \
	sh -c "test -n '$old_workers' && test '$left' = 0 && test '$health' = 'ok $version schema $schema'"

pss=0
for p in $(pgrep -x groundwork); do
	[ "$(readlink "/proc/$p/root")" = "$root" ] || continue
	kb=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
	pss=$((pss + ${kb:-0}))
done
echo "measure: idle memory of the service (master and workers, PSS) ${pss} KiB; installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"

# ---- expired sessions: doctor notices, the purge unit's command clears ----
live=$(count "$db" sessions)
now=$(date +%s)
sqlite3 -cmd '.timeout 5000' "$db" "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 40)
	INSERT INTO sessions (token_hash, user_id, created_at, last_seen)
	SELECT randomblob(32), (SELECT id FROM users WHERE email = 'lena@example.com'),
	       $now - 3 * 86400, $now - 3 * 86400 FROM k"
doctor=$(in_root groundwork --config /etc/groundwork/groundwork.conf doctor 2>&1 || echo "exit $?")
echo "$doctor" >>"$log"
check "doctor reports sessions that expired days ago: the purge is not running" sh -c \
	"echo \"\$1\" | grep -q '^PROBLEM *expired sessions are purged (40 expired, 40 of them over a day ago)' && echo \"\$1\" | grep -q '^exit 1'" sh "$doctor"
purged=$(as_gw_traced "$work/purge.trace" purge 2>&1 || echo "exit $?")
echo "$purged" >>"$log"
check "the purge unit's command deletes the 40 expired sessions ($purged)" sh -c \
	"echo \"\$1\" | grep -q '^groundwork: purged 40 expired sessions .*; none left$'" sh "$purged"
check "the $live live sessions stay" test "$(count "$db" sessions)" -eq "$live"
doctor=$(in_root groundwork --config /etc/groundwork/groundwork.conf doctor 2>&1 || true)
check "doctor is satisfied again" sh -c \
	"echo \"\$1\" | grep -q '^ok *0 expired sessions wait for the hourly purge' && echo \"\$1\" | grep -q '^verdict: healthy$'" sh "$doctor"
check_calls "the purge" groundwork-purge.service "$work/purge.trace"

# ---- backup under a write load, then restore --------------------------
rep_jar=$work/rep.jar
sign_in "$rep_jar" ravi@example.com groundwork-demo >/dev/null
csrf=$(form_csrf "$rep_jar")
before=$(count "$db" deals)
(
	i=0
	while [ $i -lt 300 ]; do
		curl_gw -b "$rep_jar" -o /dev/null --data-urlencode "csrf=$csrf" \
			--data-urlencode "company=Load $i" https://crm.example.com/deals/new
		i=$((i + 1))
	done
) &
load=$!
sleep 1
check "a backup is taken while deals are being written" \
	as_gw_traced "$work/backup.trace" backup /var/backups/groundwork/under-load.db
wait $load
after=$(count "$db" deals)
in_backup=$(count "$root/var/backups/groundwork/under-load.db" deals)
echo "measure: deals before load $before, in backup $in_backup, after load $after"
check "the load wrote deals" test "$after" -eq $((before + 300))
check "the backup holds a consistent count between before and after" \
	sh -c "test $in_backup -ge $before && test $in_backup -le $after"
check "the backup passes integrity_check" \
	sh -c "test \"\$(sqlite3 '$root/var/backups/groundwork/under-load.db' 'PRAGMA integrity_check')\" = ok"
check_calls "the backup" groundwork-backup.service "$work/backup.trace"
refused=$(as_gw restore /var/backups/groundwork/under-load.db 2>&1 || echo "exit $?")
check "restore is refused while the service answers" sh -c \
	"echo \"\$1\" | grep -q 'stop it first' && echo \"\$1\" | grep -q '^exit [1-9]'" sh "$refused"
stop_service
check_calls "serving, reloading and stopping" groundwork.service "$work/serve.trace"
check "restore succeeds with the service stopped" \
	as_gw restore /var/backups/groundwork/under-load.db
check "the restored database has the backup's deal count" test "$(count "$db" deals)" -eq "$in_backup"
check "the previous database is kept aside" \
	sh -c "ls '$root/var/lib/groundwork/' | grep -q 'groundwork.db.before-restore-'"

# ---- upgrade: the same build packaged as a later version --------------
# This version's own prerm and postinst, over a running service.
start_service
users=$(count "$db" users); deals=$(count "$db" deals); moves=$(count "$db" stage_changes)
sh deploy/deb/build.sh "$version.1" "$work/next" >>"$log"
cp "$work/next/groundwork_${version}.1_amd64.deb" "$root/tmp/next.deb"
check "an upgrade installs over the running service" in_root dpkg -i /tmp/next.deb
check "the upgrade took a backup first" \
	sh -c "ls '$root/var/backups/groundwork/' | grep -q '^before-.*-from-$version.db'"
check "the upgrade kept every user, deal and stage move" sh -c \
	"test $(count "$db" users) -eq $users && test $(count "$db" deals) -eq $deals && test $(count "$db" stage_changes) -eq $moves"
stop_service

# ---- upgrade from a database at an older migration ---------------------
# The release was already at schema 9, so to upgrade through 006 to the
# latest take this database back to schema 5 by undoing 016 to 006 (the app
# cannot write a schema it does not know), then configure the package
# again: postinst backs up and migrates as in an upgrade.
sqlite3 "$db" "$(sqlite3 "$db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master
	WHERE type = 'trigger' AND sql LIKE '%_revisions%'")
	DROP TABLE director_teams; DROP TABLE org_targets;
	ALTER TABLE teams DROP COLUMN inflow_target;
	DROP TABLE calendar_feeds; DROP INDEX deals_owner_due; DROP TABLE deal_steps;
	DROP TRIGGER deals_inflow; DROP TRIGGER stage_changes_flow;
	DROP INDEX deals_import; ALTER TABLE deals DROP COLUMN import_source;
	ALTER TABLE deals DROP COLUMN import_id; DROP TABLE stage_aliases;
	ALTER TABLE stage_changes DROP COLUMN imported;
	ALTER TABLE teams DROP COLUMN retired_at; DROP TABLE deal_edit_values;
	DROP INDEX deals_team_active; DROP INDEX job_aid_uses_user;
	CREATE INDEX deals_team_created ON deals(team_id, created_at);
	CREATE INDEX deals_team ON deals(team_id, status, stage_id);
	DROP TABLE team_revisions; DROP TABLE owner_revisions;
	DROP TABLE coaching_weeks; ALTER TABLE teams DROP COLUMN coach_top;
	DROP TABLE coaching_sessions; DROP TABLE coaching_items;
	ALTER TABLE teams DROP COLUMN early_target;
	DROP TABLE outbox; DROP TABLE user_settings;
	PRAGMA user_version = 5;"
in_root sh -c 'chown groundwork:groundwork /var/lib/groundwork/groundwork.db*'
users=$(count "$db" users); deals=$(count "$db" deals); moves=$(count "$db" stage_changes)
check "the package upgrades a schema-5 database" \
	in_root dpkg-reconfigure -f noninteractive groundwork
check "the old database is at the latest schema, with coaching tables and revisions" sh -c \
	"test \"\$(sqlite3 '$db' 'PRAGMA user_version')\" = '$schema' && sqlite3 '$db' 'SELECT count(*) FROM coaching_items' >/dev/null && test \"\$(sqlite3 '$db' 'SELECT count(*) FROM team_revisions WHERE team_id = 0')\" = 1"
check "the migration kept every user, deal and stage move" sh -c \
	"test $(count "$db" users) -eq $users && test $(count "$db" deals) -eq $deals && test $(count "$db" stage_changes) -eq $moves"
start_service
health=$(curl_gw https://crm.example.com/healthz || true)
check "the migrated service answers /healthz ($health)" sh -c "echo '$health' | grep -q '^ok $version schema'"
stop_service

# ---- a migration that fails leaves the database as it was -------------
dump_before=$(sqlite3 "$db" .dump | sha256sum)
printf 'CREATE TABLE broken_upgrade (x);\nTHIS IS NOT SQL;\n' \
	> "$root/usr/share/groundwork/sql/999_broken.sql"
reconfigure=$(in_root dpkg-reconfigure -f noninteractive groundwork 2>&1 || echo "exit $?")
echo "$reconfigure" >>"$log"
check "postinst stops when a migration fails, and says so" sh -c \
	"echo \"\$1\" | grep -q 'could not be migrated; it is unchanged' && echo \"\$1\" | grep -q '^exit [1-9]'" sh "$reconfigure"
check "the failed migration changed nothing" \
	test "$(sqlite3 "$db" .dump | sha256sum)" = "$dump_before"
refusal=$(net chroot --userspec=groundwork:groundwork "$root" groundwork \
	--config /etc/groundwork/groundwork.conf serve 2>&1 || true)
check "serve refuses to start and says why" \
	sh -c "echo \"\$1\" | grep -q 'could not be migrated'" sh "$refusal"
rm -f "$root/usr/share/groundwork/sql/999_broken.sql"

# ---- remove keeps the data, purge removes everything ------------------
net chroot "$root" nginx -s stop >>"$log" 2>&1 || true
check "remove succeeds" in_root dpkg -r groundwork
check "remove keeps the database and config" \
	sh -c "test -s '$db' && test -f '$root/etc/groundwork/groundwork.conf'"
check "remove takes the binary away" test ! -e "$root/usr/bin/groundwork"
check "purge succeeds" in_root dpkg -P groundwork
check "purge removes the data, backups and config" \
	sh -c "! test -e '$root/var/lib/groundwork' && ! test -e '$root/var/backups/groundwork' && ! test -e '$root/etc/groundwork'"
check "purge removes the system user" sh -c "! chroot '$root' getent passwd groundwork"
check "purge forgets the units" sh -c "! ls '$root'/etc/systemd/system/*.wants/groundwork* 2>/dev/null"

# ---- a first install of this version -----------------------------------
rm -f "$site/groundwork.conf"   # the test enabled it; purge took its target
# With systemd installed (not running), as on a server: postinst makes
# the socket's directory with systemd-tmpfiles, and the root can boot.
check "systemd installs in the root" \
	in_root apt-get -q -y --no-install-recommends install systemd systemd-sysv
fresh=$(in_root apt-get -q -y --no-install-recommends install /tmp/groundwork.deb 2>&1 || echo "exit $?")
echo "$fresh" >>"$log"
check "$version installs on a system that never had Groundwork" \
	sh -c "! echo \"\$1\" | grep -q '^exit ' && test \"\$(chroot '$root' dpkg-query -W -f='\${Version}' groundwork)\" = '$version'" sh "$fresh"
check "postinst says how to create the first admin" \
	sh -c "echo \"\$1\" | grep -q 'user add you@example.com --name'" sh "$fresh"
check "postinst created the groundwork system user" in_root getent passwd groundwork
check "the data directory is 0750 and owned by groundwork" \
	test "$(in_root stat -c '%a %U' /var/lib/groundwork)" = "750 groundwork"
check "the database was created and migrated to schema $schema" \
	test "$(sqlite3 "$db" 'PRAGMA user_version')" = "$schema"
check "the nginx site is installed but not enabled" \
	sh -c "test -f '$root/etc/nginx/sites-available/groundwork.conf' && ! test -e '$root/etc/nginx/sites-enabled/groundwork.conf'"
check "the man page is installed" test -f "$root/usr/share/man/man8/groundwork.8.gz"
check "the service, the backup timer and the purge timer are enabled" \
	units_enabled $UNITS_ENABLED
check "the changelog is installed, $version first" changelog_starts "$version"
check "systemd-tmpfiles made the socket's directory 2750 groundwork:www-data" \
	test "$(in_root stat -c '%a %U %G' /run/groundwork)" = "2750 groundwork www-data"

# ---- under systemd ------------------------------------------------------
# Everywhere above the test starts the service by hand.  Here the root
# boots systemd in a container (systemd-nspawn, with a network of its
# own), so the units' sandbox, directories, reload and timers are what
# systemd makes of them.
ln -s ../sites-available/groundwork.conf "$site/groundwork.conf"
as_gw seed --demo >>"$log"
printf 'first-admin-pass\n' | as_gw user add owner@example.org --name "First Admin" --role admin >>"$log"
umount "$root/proc"   # the container mounts its own
systemd-nspawn -D "$root" -b -q --register=no --keep-unit --private-network \
	--console=pipe </dev/null >"$work/boot.log" 2>&1 &
echo $! > "$work/nspawn.pid"
i=0
until init=$(pgrep -P "$(cat "$work/nspawn.pid")" -x systemd) || [ $i -ge 300 ]; do
	sleep 0.1; i=$((i + 1))
done
box() { nsenter -t "${init:-0}" -a env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
# Until systemd answers, and then until it has finished booting.
i=0
until booted=$(box systemctl is-system-running 2>&1) ||
	case $booted in running|degraded|maintenance|stopping|offline) true ;; *) false ;; esac ||
	[ $i -ge 600 ]; do
	sleep 0.5; i=$((i + 1))
done
box systemctl --no-pager --failed >>"$log" 2>&1 || true
check "the root boots under systemd ($booted)" sh -c "test '$booted' = running || test '$booted' = degraded"
check "groundwork.service, nginx and both timers are active" \
	box systemctl is-active groundwork.service nginx.service groundwork-backup.timer groundwork-purge.timer \
	groundwork-digest.timer
socket_group=$(box stat -c '%G %a' /run/groundwork/groundwork.sock 2>&1 || true)
check "the socket belongs to nginx's group ($socket_group)" test "$socket_group" = "www-data 660"
box_curl() { box curl -sS -k --resolve crm.example.com:443:127.0.0.1 "$@"; }
first=$(box_curl -o /dev/null -w '%{http_code}' https://crm.example.com/login || true)
check "the sign-in page answers over https through nginx ($first)" test "$first" = 200
box_jar=/tmp/admin.jar
csrf=$(box_curl -c "$box_jar" -b "$box_jar" https://crm.example.com/login |
	sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
answer=$(box_curl -c "$box_jar" -b "$box_jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
	--data-urlencode "csrf=$csrf" --data-urlencode "email=owner@example.org" \
	--data-urlencode "password=first-admin-pass" https://crm.example.com/login || true)
check "the first admin signs in ($answer)" test "$answer" = "303 https://crm.example.com/admin/users"
main=$(box systemctl show -p MainPID --value groundwork.service)
web=$(box systemctl show -p MainPID --value nginx.service)
box cat "/proc/$main/status" > "$work/service.status"
check "the service runs with a seccomp filter, no new privileges and no capabilities" sh -c \
	"grep -q '^Seccomp:[[:space:]]*2' '$work/service.status' && grep -q '^NoNewPrivs:[[:space:]]*1' '$work/service.status' && grep -q '^CapEff:[[:space:]]*0*$' '$work/service.status'"
check "the service has a network of its own, apart from nginx's" \
	test "$(box readlink "/proc/$main/ns/net")" != "$(box readlink "/proc/$web/ns/net")"
# No procps in the root: the kernel lists a process's children.
old_workers=$(box cat "/proc/$main/task/$main/children" || true)
check "systemctl reload groundwork succeeds" box systemctl reload groundwork.service
old_left() { n=0; for p in $old_workers; do box test -d "/proc/$p" && n=$((n + 1)); done; echo $n; }
i=0
while [ "$(old_left)" -gt 0 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
left=$(old_left)
health=$(box_curl https://crm.example.com/healthz || true)
check "the reload replaced the $(echo $old_workers | wc -w) workers ($left left), and the site answers ($health)" \
	sh -c "test -n '$old_workers' && test '$left' = 0 && test '$health' = 'ok $version schema $schema'"
backups=$(ls "$root/var/backups/groundwork" | wc -l)
check "groundwork-backup.service runs" box systemctl start groundwork-backup.service
made=$(box sh -c 'ls /var/backups/groundwork | wc -l; stat -c "%a %U" /var/backups/groundwork/groundwork-*.db' | tr '\n' ' ')
check "and writes a backup, private to groundwork ($made)" test "$made" = "$((backups + 1)) 600 groundwork "
check "groundwork-purge.service runs" box systemctl start groundwork-purge.service
check "and says what it purged" sh -c \
	"nsenter -t $init -a journalctl --no-pager -o cat -u groundwork-purge.service | grep -q '^groundwork: purged 0 expired sessions'"
mail_drill
doctor=$(box groundwork --config /etc/groundwork/groundwork.conf doctor 2>&1 || true)
echo "$doctor" >>"$log"
check "doctor finds the install healthy under systemd" sh -c "echo \"\$1\" | grep -q '^verdict: healthy$'" sh "$doctor"
check "no groundwork unit failed, and none was killed by its system call filter" sh -c \
	"! nsenter -t $init -a systemctl --no-pager --plain --no-legend --failed | grep -q groundwork &&
	 ! nsenter -t $init -a journalctl --no-pager -o cat | grep -qE 'status=31/SYS|signal 31'"
kill -TERM "$(cat "$work/nspawn.pid")"
i=0
while kill -0 "$(cat "$work/nspawn.pid")" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
rm -f "$work/nspawn.pid"

# ---- the off-site restore drill (tests/deploy/offsite_drill.sh) ---------
offsite_drill

echo "check-deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
