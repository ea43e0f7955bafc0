#!/bin/sh
# make check-deploy: install the .deb into a fresh Debian 12 root, serve it
# through nginx over https, sign in, back up under load, restore, upgrade,
# break a migration on purpose, remove and purge.
#
# The root comes from debootstrap, using the mirror in this machine's apt
# sources. A copy is kept in $GW_DEPLOY_CACHE (outside the repository) to
# save time; delete it and the test builds it again.
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
	for f in "$work/serve.pid" "$root/run/nginx.pid" "$work/ns.pid"; do
		if [ -f "$f" ]; then kill "$(cat "$f")" 2>/dev/null || true; fi
	done
	# Anything still running inside the root was started by this test.
	for p in $(pgrep -x groundwork); do
		[ "$(readlink "/proc/$p/root")" = "$root" ] && kill "$p" 2>/dev/null
	done
	sleep 0.5
	if mountpoint -q "$root/proc" 2>/dev/null; then umount -l "$root/proc"; fi
	if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
		echo "check-deploy: work kept in $work"
	else
		rm -rf --one-file-system "$work"
	fi
}
trap cleanup EXIT

ok()   { passed=$((passed + 1)); echo "ok $passed - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }
check() { # check NAME COMMAND...
	name=$1; shift
	if "$@" >>"$log" 2>&1; then ok "$name"; else fail "$name"; fi
}
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
as_gw() { in_root runuser -u groundwork -- groundwork \
	--config /etc/groundwork/groundwork.conf "$@"; }
count() { sqlite3 "$1" "SELECT count(*) FROM $2"; }

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
in_root apt-get -q update >"$work/apt.log" 2>&1
t0=$(date +%s.%N)
check "the package installs with its dependencies from the archive" \
	in_root apt-get -q -y --no-install-recommends install /tmp/groundwork.deb openssl curl
t_installed=$(date +%s.%N)
check "postinst created the groundwork system user" in_root getent passwd groundwork
check "the data directory is 0750 and owned by groundwork" \
	test "$(in_root stat -c '%a %U' /var/lib/groundwork)" = "750 groundwork"
check "the database was created and migrated" test -s "$root/var/lib/groundwork/groundwork.db"
check "the nginx site is installed but not enabled" \
	sh -c "test -f '$root/etc/nginx/sites-available/groundwork.conf' && ! test -e '$root/etc/nginx/sites-enabled/groundwork.conf'"
check "the man page is installed" test -f "$root/usr/share/man/man8/groundwork.8.gz"

# ---- serve through nginx over https, in a private network -------------
site=$root/etc/nginx/sites-enabled
ln -s ../sites-available/groundwork.conf "$site/groundwork.conf"
rm -f "$site/default"
in_root mkdir -p /etc/letsencrypt/live/crm.example.com
in_root openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=crm.example.com \
	-keyout /etc/letsencrypt/live/crm.example.com/privkey.pem \
	-out /etc/letsencrypt/live/crm.example.com/fullchain.pem >>"$log" 2>&1
check "nginx -t accepts the installed site" in_root nginx -t
# Demo data gives the backup and upgrade steps something to keep.
as_gw seed --demo >>"$log"
printf 'first-admin-pass\n' | as_gw user add owner@example.org --name "First Admin" --role admin >>"$log"

# One long-lived namespace holds the service and nginx; every request
# and command that needs the network joins it with nsenter.
unshare -n sh -c 'echo $$ > "$1.tmp" && mv "$1.tmp" "$1"; exec sleep 900' sh "$work/ns.pid" &
i=0
until [ -s "$work/ns.pid" ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
ns=$(cat "$work/ns.pid")
net() { nsenter -t "$ns" -n "$@"; }
net ip link set lo up
start_service() {
	# The unit's ExecStart, by hand: there is no systemd in the root.
	# nsenter and chroot exec, so $! is the serve master itself (a shell
	# function here would put a subshell in between).
	nsenter -t "$ns" -n chroot --userspec=groundwork:groundwork "$root" groundwork \
		--config /etc/groundwork/groundwork.conf serve >>"$work/serve.log" 2>&1 &
	echo $! > "$work/serve.pid"
	i=0
	until [ -S "$root/run/groundwork/groundwork.sock" ] || [ $i -ge 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
stop_service() {
	kill "$(cat "$work/serve.pid")" 2>/dev/null || true
	wait "$(cat "$work/serve.pid")" 2>/dev/null || true
}
t_start=$(date +%s.%N)
start_service
net chroot "$root" nginx >>"$log" 2>&1

curl_gw() { net curl -sS -k --resolve crm.example.com:443:127.0.0.1 \
	--resolve crm.example.com:80:127.0.0.1 "$@"; }
first=$(curl_gw -o /dev/null -w '%{http_code}' https://crm.example.com/login || true)
t1=$(date +%s.%N)
check "the sign-in page answers over https" test "$first" = 200
awk "BEGIN { printf \"measure: apt-get install %.1f s (with 30 packages from the archive), start to first page %.2f s\n\", $t_installed - $t0, $t1 - $t_start }"

redirect=$(curl_gw -o /dev/null -w '%{http_code} %{redirect_url}' http://crm.example.com/login || true)
check "http redirects to https ($redirect)" test "$redirect" = "301 https://crm.example.com/login"

sign_in() { # sign_in JAR EMAIL PASSWORD -> prints the redirect target
	jar=$1
	csrf=$(curl_gw -c "$jar" -b "$jar" https://crm.example.com/login |
		sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	curl_gw -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
		--data-urlencode "csrf=$csrf" --data-urlencode "email=$2" \
		--data-urlencode "password=$3" https://crm.example.com/login
}
admin_jar=$work/admin.jar
answer=$(sign_in "$admin_jar" owner@example.org first-admin-pass)
check "the first admin signs in through https ($answer)" \
	test "$answer" = "303 https://crm.example.com/admin/users"
page=$(curl_gw -b "$admin_jar" https://crm.example.com/admin/users || true)
check "the signed-in admin sees the users page" sh -c "echo \"\$1\" | grep -q 'owner@example.org'" sh "$page"
headers=$(curl_gw -b "$admin_jar" -D - -o /dev/null https://crm.example.com/admin/users || true)
check "responses carry HSTS and no nginx version" sh -c \
	"echo \"\$1\" | grep -qi '^strict-transport-security' && ! echo \"\$1\" | grep -qi '^server: nginx/'" sh "$headers"
health=$(curl_gw https://crm.example.com/healthz || true)
check "/healthz reports the version and schema" sh -c "echo '$health' | grep -q '^ok $version schema'"

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

pss=0
for p in $(pgrep -x groundwork); do
	[ "$(readlink "/proc/$p/root")" = "$root" ] || continue
	kb=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
	pss=$((pss + ${kb:-0}))
done
echo "measure: idle memory of the service (master and workers, PSS) ${pss} KiB; installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"

# ---- backup under a write load, then restore --------------------------
db=$root/var/lib/groundwork/groundwork.db
rep_jar=$work/rep.jar
sign_in "$rep_jar" ravi@example.com groundwork-demo >/dev/null
form_csrf=$(curl_gw -b "$rep_jar" https://crm.example.com/deals/new |
	sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
before=$(count "$db" deals)
(
	i=0
	while [ $i -lt 300 ]; do
		curl_gw -b "$rep_jar" -o /dev/null --data-urlencode "csrf=$form_csrf" \
			--data-urlencode "company=Load $i" https://crm.example.com/deals/new
		i=$((i + 1))
	done
) &
load=$!
sleep 1
check "a backup is taken while deals are being written" \
	as_gw backup /var/backups/groundwork/under-load.db
wait $load
after=$(count "$db" deals)
in_backup=$(count "$root/var/backups/groundwork/under-load.db" deals)
echo "measure: deals before load $before, in backup $in_backup, after load $after"
check "the load wrote deals" test "$after" -eq $((before + 300))
check "the backup holds a consistent count between before and after" \
	sh -c "test $in_backup -ge $before && test $in_backup -le $after"
check "the backup passes integrity_check" \
	sh -c "test \"\$(sqlite3 '$root/var/backups/groundwork/under-load.db' 'PRAGMA integrity_check')\" = ok"
refused=$(as_gw restore /var/backups/groundwork/under-load.db 2>&1 || echo "exit $?")
check "restore is refused while the service answers" sh -c \
	"echo \"\$1\" | grep -q 'stop it first' && echo \"\$1\" | grep -q '^exit [1-9]'" sh "$refused"
stop_service
check "restore succeeds with the service stopped" \
	as_gw restore /var/backups/groundwork/under-load.db
check "the restored database has the backup's deal count" test "$(count "$db" deals)" -eq "$in_backup"
check "the previous database is kept aside" \
	sh -c "ls '$root/var/lib/groundwork/' | grep -q 'groundwork.db.before-restore-'"

# ---- upgrade: the same build packaged as a later version --------------
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
# There is no earlier release yet, so take this database back to schema 5
# by undoing 011 to 006 (the app cannot write a schema it does not
# know), then configure the package again: postinst backs up and migrates
# as in an upgrade.
sqlite3 "$db" "$(sqlite3 "$db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master
	WHERE type = 'trigger' AND sql LIKE '%_revisions%'")
	ALTER TABLE teams DROP COLUMN retired_at; DROP TABLE deal_edit_values;
	DROP INDEX deals_team_active; DROP INDEX job_aid_uses_user;
	CREATE INDEX deals_team_created ON deals(team_id, created_at);
	CREATE INDEX deals_team ON deals(team_id, status, stage_id);
	DROP TABLE team_revisions; DROP TABLE owner_revisions;
	DROP TABLE coaching_sessions; DROP TABLE coaching_items;
	ALTER TABLE teams DROP COLUMN early_target; PRAGMA user_version = 5;"
in_root sh -c 'chown groundwork:groundwork /var/lib/groundwork/groundwork.db*'
users=$(count "$db" users); deals=$(count "$db" deals); moves=$(count "$db" stage_changes)
check "the package upgrades a schema-5 database" \
	in_root dpkg-reconfigure -f noninteractive groundwork
check "the old database is at the latest schema, with coaching tables and revisions" sh -c \
	"test \"\$(sqlite3 '$db' 'PRAGMA user_version')\" = \"\$(ls '$root/usr/share/groundwork/sql' | grep -c '^[0-9].*\\.sql\$')\" && sqlite3 '$db' 'SELECT count(*) FROM coaching_items' >/dev/null && test \"\$(sqlite3 '$db' 'SELECT count(*) FROM team_revisions WHERE team_id = 0')\" = 1"
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

echo "check-deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
