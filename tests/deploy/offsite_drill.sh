# tests/deploy/offsite_drill.sh - the off-site restore drill, sourced by
# check.sh (it uses its check, ok, fail, $work, $cache, $base and $deb).
#
# A backup host (a Debian 12 root with openssh-server, SFTP only) and two
# servers share one network namespace, so everything meets on loopback:
#   1. Root 1 installs the .deb, is given the SFTP repository, and boots
#      under systemd; its offsite timer (every 15 s here, by a drop-in)
#      takes snapshots while a rep posts deals through nginx.
#   2. Faults: the SFTP server stopped mid-upload, then stopped before a
#      run, then a wrong password, each named by doctor; the snapshots
#      already there stay and the next run succeeds.
#   3. Root 1 is thrown away.  Root 2 starts as a fresh Debian root:
#      install the .deb, give it the repository, groundwork offsite
#      restore, and the team signs in again with every deal acknowledged
#      before the last snapshot, and integrity_check ok.
drill_dir=$work/drill
drill_ns=
drill_init=
DRILL_PASSWORD='drill repository password, long and random enough'
DRILL_REPO=sftp:restic@127.0.0.1:/srv/restic/groundwork
DRILL_ADMIN_PASS=drill-admin-pass

# Stop what the drill started (check.sh's cleanup calls this).
offsite_drill_cleanup() {
	[ -d "$drill_dir" ] || return 0
	if [ -f "$drill_dir/nspawn.pid" ]; then
		kill -TERM "$(cat "$drill_dir/nspawn.pid")" 2>/dev/null || true
		i=0
		while kill -0 "$(cat "$drill_dir/nspawn.pid")" 2>/dev/null && [ $i -lt 300 ]; do
			sleep 0.1; i=$((i + 1))
		done
	fi
	[ -f "$drill_dir/sshd.pid" ] && drill_stop_sshd
	[ -f "$drill_dir/root2/run/nginx.pid" ] &&
		kill "$(cat "$drill_dir/root2/run/nginx.pid")" 2>/dev/null
	for f in serve.pid ns.pid; do
		if [ -f "$drill_dir/$f" ]; then kill "$(cat "$drill_dir/$f")" 2>/dev/null || true; fi
	done
	for r in root1 root2 sftp-build; do
		if mountpoint -q "$drill_dir/$r/proc" 2>/dev/null; then umount -l "$drill_dir/$r/proc"; fi
	done
	return 0
}

dnet() { nsenter -t "$drill_ns" -n "$@"; }
# droot DIR CMD...: CMD in the root DIR, as root, with a clean environment.
droot() {
	d=$1; shift
	chroot "$d" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}
dgw() { d=$1; shift; droot "$d" groundwork --config /etc/groundwork/groundwork.conf "$@"; }
dcurl() { dnet curl -sS -k --resolve crm.example.com:443:127.0.0.1 "$@"; }
dbox() { nsenter -t "$drill_init" -a env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
now_ms() { date +%s%3N; }

# drill_new_root DIR: a fresh Debian 12 root from the cached debootstrap.
drill_new_root() {
	mkdir "$1"
	tar -C "$1" -xf "$base"
	mount -t proc proc "$1/proc"
	cp /etc/resolv.conf "$1/etc/resolv.conf"
	printf '#!/bin/sh\nexit 101\n' > "$1/usr/sbin/policy-rc.d"
	chmod 0755 "$1/usr/sbin/policy-rc.d"
	cp "$deb" "$1/tmp/groundwork.deb"
	droot "$1" apt-get -q update >>"$drill_dir/apt.log" 2>&1
}

# The backup host: openssh-server in a root of its own (cached), an
# account "restic" that only keeps the repository.
drill_sftp_host() {
	tar=$cache/bookworm-sftp-host.tar
	if [ ! -f "$tar" ]; then
		echo "check-deploy: building the SFTP host's root (openssh-server)"
		drill_new_root "$drill_dir/sftp-build"
		droot "$drill_dir/sftp-build" apt-get -q -y --no-install-recommends \
			install openssh-server >>"$drill_dir/apt.log" 2>&1
		umount "$drill_dir/sftp-build/proc"
		tar -C "$drill_dir/sftp-build" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
		rm -rf --one-file-system "$drill_dir/sftp-build"
	fi
	sftp=$drill_dir/sftp
	mkdir "$sftp"
	tar -C "$sftp" -xf "$tar"
	droot "$sftp" useradd -m -s /bin/sh restic
	# Not locked ('!'), no password either: keys only.
	droot "$sftp" usermod -p '*' restic
	droot "$sftp" install -d -o restic -g restic -m 0700 /home/restic/.ssh /srv/restic
	printf 'ListenAddress 127.0.0.1\nPasswordAuthentication no\nUsePAM no\n' \
		> "$sftp/etc/ssh/sshd_config.d/drill.conf"
	mkdir -p "$sftp/run/sshd"
	drill_start_sshd
}

drill_start_sshd() {
	dnet chroot "$drill_dir/sftp" /usr/sbin/sshd -D -e >>"$drill_dir/sshd.log" 2>&1 &
	echo $! > "$drill_dir/sshd.pid"
	i=0
	until dnet bash -c 'exec 3<>/dev/tcp/127.0.0.1/22' 2>/dev/null || [ $i -ge 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

# The listener and every session it forked, by their ids.
drill_stop_sshd() {
	pid=$(cat "$drill_dir/sshd.pid")
	pids=$pid
	kids=$(pgrep -P "$pid" || true)
	while [ -n "$kids" ]; do
		pids="$pids $kids"
		kids=$(for k in $kids; do pgrep -P "$k" || true; done)
	done
	kill $pids 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$drill_dir/sshd.pid"
}

# drill_offsite_client ROOT: what an admin does on a server, per the
# README: a key for the groundwork user, authorized on the backup host,
# the host's key known, and the root-only offsite file.
drill_offsite_client() {
	r=$1
	droot "$r" install -d -o groundwork -g groundwork -m 0700 /var/lib/groundwork/.ssh
	droot "$r" runuser -u groundwork -- ssh-keygen -q -t ed25519 -N '' \
		-f /var/lib/groundwork/.ssh/id_ed25519
	cat "$r/var/lib/groundwork/.ssh/id_ed25519.pub" >> "$drill_dir/sftp/home/restic/.ssh/authorized_keys"
	droot "$drill_dir/sftp" chown restic:restic /home/restic/.ssh/authorized_keys
	echo "127.0.0.1 $(cut -d' ' -f1-2 "$drill_dir/sftp/etc/ssh/ssh_host_ed25519_key.pub")" \
		> "$r/var/lib/groundwork/.ssh/known_hosts"
	printf 'Host *\n    BatchMode yes\n    ServerAliveInterval 15\n' \
		> "$r/var/lib/groundwork/.ssh/config"
	droot "$r" chown groundwork:groundwork /var/lib/groundwork/.ssh/known_hosts \
		/var/lib/groundwork/.ssh/config
	printf '# off-site repository (README, "Off-site backups")\nrepository = %s\npassword = %s\n' \
		"$DRILL_REPO" "$DRILL_PASSWORD" > "$r/etc/groundwork/offsite.conf"
	chmod 0600 "$r/etc/groundwork/offsite.conf"
}

# drill_site ROOT: the nginx site enabled, with a certificate.
drill_site() {
	ln -s ../sites-available/groundwork.conf "$1/etc/nginx/sites-enabled/groundwork.conf"
	rm -f "$1/etc/nginx/sites-enabled/default"
	mkdir -p "$1/etc/letsencrypt/live/crm.example.com"
	cp "$drill_dir/cert/fullchain.pem" "$drill_dir/cert/privkey.pem" \
		"$1/etc/letsencrypt/live/crm.example.com/"
}

# Until the sign-in page answers through nginx (at most 30 s).
drill_wait_site() {
	i=0
	until [ "$(dcurl -o /dev/null -w '%{http_code}' https://crm.example.com/login 2>/dev/null)" = 200 ] ||
		[ $i -ge 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

# drill_sign_in JAR EMAIL PASSWORD: the answer to the sign-in form.
drill_sign_in() {
	csrf=$(dcurl -c "$1" -b "$1" https://crm.example.com/login |
		sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	dcurl -c "$1" -b "$1" -o /dev/null -w '%{http_code} %{redirect_url}' \
		--data-urlencode "csrf=$csrf" --data-urlencode "email=$2" \
		--data-urlencode "password=$3" https://crm.example.com/login
}

# drill_post N: post a deal "Drill deal N"; on 303 it is acknowledged,
# and goes into the list every restore must hold.
drill_post() {
	code=$(dcurl -b "$drill_dir/rep.jar" -o /dev/null -w '%{http_code}' \
		--data-urlencode "csrf=$drill_csrf" --data-urlencode "company=Drill deal $1" \
		https://crm.example.com/deals/new || true)
	if [ "$code" = 303 ]; then
		echo "Drill deal $1" >> "$drill_dir/acked"
		now_ms > "$drill_dir/last-ack"
	else
		echo "$1 $code" >> "$drill_dir/refused"
	fi
}

# The last snapshot the state file records, and whether its copy began
# after the last acknowledged deal (ok_at is the end; ok_ms the run).
drill_state() { sed -n "s/^$1=//p" "$drill_dir/root1/var/lib/groundwork/offsite.state" 2>/dev/null; }
drill_covers_acked() {
	at=$(drill_state ok_at); ms=$(drill_state ok_ms)
	[ -n "$at" ] && [ $((at * 1000 - ms)) -gt "$(cat "$drill_dir/last-ack")" ]
}
drill_unit() { dbox systemctl start groundwork-offsite.service >>"$drill_dir/units.log" 2>&1; }
drill_doctor() { dbox groundwork --config /etc/groundwork/groundwork.conf doctor 2>&1 || true; }
drill_snapshots() { dbox groundwork --config /etc/groundwork/groundwork.conf offsite list 2>/dev/null || true; }

# ---- root 1: install, configure, a traced run, boot ----------------------
drill_root1() {
	r1=$drill_dir/root1
	drill_new_root "$r1"
	t=$(date +%s.%N)
	check "drill: root 1 installs systemd, then the .deb with restic and openssh-client" sh -c "
		chroot '$r1' env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
			apt-get -q -y --no-install-recommends install systemd systemd-sysv >>'$drill_dir/apt.log' 2>&1 &&
		chroot '$r1' env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
			apt-get -q -y --no-install-recommends install /tmp/groundwork.deb restic openssh-client >>'$drill_dir/apt.log' 2>&1"
	awk "BEGIN { printf \"measure: drill root 1 installs in %.1f s\n\", $(date +%s.%N) - $t }"
	check "drill: the offsite timer is enabled on install" \
		test -L "$r1/etc/systemd/system/timers.target.wants/groundwork-offsite.timer"
	drill_site "$r1"
	droot "$r1" runuser -u groundwork -- groundwork --config /etc/groundwork/groundwork.conf \
		seed --demo >>"$log"
	printf '%s\n' "$DRILL_ADMIN_PASS" | droot "$r1" runuser -u groundwork -- groundwork \
		--config /etc/groundwork/groundwork.conf user add owner@example.org \
		--name "First Admin" --role admin >>"$log"
	drill_offsite_client "$r1"
	# The drill's timer: every 15 s instead of 5 min (systemctl edit).
	mkdir -p "$r1/etc/systemd/system/groundwork-offsite.timer.d"
	printf '[Timer]\nOnCalendar=\nOnCalendar=*:*:0/15\nAccuracySec=1s\n' \
		> "$r1/etc/systemd/system/groundwork-offsite.timer.d/drill.conf"

	chmod 0644 "$r1/etc/groundwork/offsite.conf"
	out=$(dnet chroot "$r1" env -i PATH=/usr/bin:/bin groundwork \
		--config /etc/groundwork/groundwork.conf offsite init 2>&1 || echo "exit $?")
	chmod 0600 "$r1/etc/groundwork/offsite.conf"
	check "drill: an offsite file others can read is refused, with a message" sh -c \
		"echo \"\$1\" | grep -q 'must be readable by root alone (mode 0644' && echo \"\$1\" | grep -q '^exit 1'" sh "$out"
	out=$(dnet chroot "$r1" env -i PATH=/usr/bin:/bin groundwork \
		--config /etc/groundwork/groundwork.conf offsite init 2>&1 || echo "exit $?")
	echo "$out" >>"$log"
	check "drill: root initialises the SFTP repository (ssh as the groundwork user)" sh -c \
		"echo \"\$1\" | grep -q 'repository initialised' && test -f '$drill_dir/sftp/srv/restic/groundwork/config'" sh "$out"

	# The unit's command under strace, with the credential systemd would
	# hand it: restic and ssh make only calls the unit allows.
	creds=$r1/run/drill-credentials
	install -d -m 0500 "$creds"
	cp "$r1/etc/groundwork/offsite.conf" "$creds/offsite"
	chroot "$r1" chown -R groundwork: /run/drill-credentials
	chmod 0400 "$creds/offsite"
	out=$(dnet strace -f -qq -o "$drill_dir/offsite.trace" chroot --userspec=groundwork:groundwork "$r1" \
		/usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 CREDENTIALS_DIRECTORY=/run/drill-credentials \
		groundwork --config /etc/groundwork/groundwork.conf offsite backup 2>&1 || echo "exit $?")
	echo "$out" >>"$log"
	rm -rf "$creds"
	check "drill: the unit's command takes a first snapshot, prunes and checks ($(echo "$out" | grep -o 'added .* in [0-9.]* s'))" sh -c \
		"echo \"\$1\" | grep -q 'off-site snapshot [0-9a-f]* of' && echo \"\$1\" | grep -q 'offsite check found no errors'" sh "$out"
	if calls=$(sh tests/deploy/syscalls.sh "$r1/lib/systemd/system/groundwork-offsite.service" \
		"$drill_dir/offsite.trace" 2>&1); then
		ok "drill: the off-site backup, restic and ssh made only system calls groundwork-offsite.service allows"
	else
		fail "drill: the off-site backup, restic and ssh made only system calls groundwork-offsite.service allows"
		echo "$calls"
	fi
	printf '[Service]\nType=oneshot\nUser=groundwork\nExecStart=/usr/bin/restic version\nSystemCallFilter=@system-service\nSystemCallFilter=~@privileged @resources\n' \
		> "$r1/etc/systemd/system/drill-restic-without.service"
	printf '[Service]\nType=oneshot\nUser=groundwork\nExecStart=/usr/bin/restic version\nSystemCallFilter=@system-service\nSystemCallFilter=~@privileged @resources\nSystemCallFilter=setrlimit\n' \
		> "$r1/etc/systemd/system/drill-restic-with.service"
	umount "$r1/proc"
	systemd-nspawn -D "$r1" -b -q --register=no --keep-unit \
		--network-namespace-path="/proc/$drill_ns/ns/net" \
		--console=pipe </dev/null >"$drill_dir/boot.log" 2>&1 &
	echo $! > "$drill_dir/nspawn.pid"
	i=0
	until drill_init=$(pgrep -P "$(cat "$drill_dir/nspawn.pid")" -x systemd) || [ $i -ge 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
	i=0
	until booted=$(dbox systemctl is-system-running 2>&1) ||
		case $booted in running|degraded) true ;; *) false ;; esac || [ $i -ge 600 ]; do
		sleep 0.5; i=$((i + 1))
	done
	check "drill: root 1 boots; groundwork, nginx and the offsite timer are active" \
		dbox systemctl is-active groundwork.service nginx.service groundwork-offsite.timer
	# Why the offsite unit allows setrlimit: under systemd (open files
	# 1024, hard limit higher) restic raises its limit at start-up, and
	# the other units' filter kills it for that.
	if dbox systemctl start drill-restic-without.service >>"$log" 2>&1; then rc=0; else rc=$?; fi
	if dbox systemctl start drill-restic-with.service >>"$log" 2>&1; then rc2=0; else rc2=$?; fi
	check "drill: restic needs setrlimit under systemd: killed without it ($rc), runs with it ($rc2)" \
		sh -c "test $rc -ne 0 && test $rc2 -eq 0"
}

# ---- deals posted while the timer's backups run -------------------------
drill_load() {
	: > "$drill_dir/acked"; : > "$drill_dir/refused"; now_ms > "$drill_dir/last-ack"
	drill_wait_site
	answer=$(drill_sign_in "$drill_dir/rep.jar" ravi@example.com groundwork-demo)
	check "drill: a rep signs in on root 1 ($answer)" test "$answer" = "303 https://crm.example.com/deals"
	drill_csrf=$(dcurl -b "$drill_dir/rep.jar" https://crm.example.com/deals/new |
		sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	runs_before=$(dbox journalctl --no-pager -o cat -u groundwork-offsite.service | grep -c 'off-site snapshot' || true)
	n=0
	end=$(($(date +%s) + 40))
	while [ "$(date +%s)" -lt $end ]; do
		n=$((n + 1)); drill_post $n
	done
	drill_n=$n
	runs=$(( $(dbox journalctl --no-pager -o cat -u groundwork-offsite.service | grep -c 'off-site snapshot' || true) - runs_before ))
	echo "measure: drill posted $(wc -l < "$drill_dir/acked") deals in 40 s while the timer took $runs snapshots"
	check "drill: every deal posted during the timer's snapshots was acknowledged ($(wc -l < "$drill_dir/refused") refused)" \
		test ! -s "$drill_dir/refused"
	check "drill: the timer took snapshots while deals were posted ($runs)" test "$runs" -ge 1
	i=0
	until drill_covers_acked || [ $i -ge 600 ]; do sleep 0.2; i=$((i + 1)); done
	check "drill: a timer snapshot begun after the last acknowledged deal arrives" drill_covers_acked
	check "drill: no offsite run failed under systemd" sh -c \
		"! nsenter -t $drill_init -a systemctl --no-pager --plain --no-legend --failed | grep -q groundwork"
}

# ---- faults ------------------------------------------------------------
drill_faults() {
	# No more timer runs, and the one under way (its forget locks the
	# repository) finished.
	dbox systemctl stop groundwork-offsite.timer
	i=0
	while [ "$(dbox systemctl show -p ActiveState --value groundwork-offsite.service)" = activating ] &&
		[ $i -lt 600 ]; do
		sleep 0.2; i=$((i + 1))
	done
	before=$(drill_snapshots)
	# Slow loopback to 1 Mbit/s, so an upload lasts seconds; stop the
	# SFTP server as soon as a pack file starts to arrive.
	drill_n=$((drill_n + 1)); drill_post $drill_n
	dnet tc qdisc add dev lo root tbf rate 1mbit burst 32kbit latency 5s
	touch "$drill_dir/marker"
	drill_unit &
	unit=$!
	i=0
	until [ -n "$(find "$drill_dir/sftp/srv/restic/groundwork/data" -type f -newer "$drill_dir/marker" 2>/dev/null)" ] ||
		[ $i -ge 600 ]; do
		sleep 0.05; i=$((i + 1))
	done
	drill_stop_sshd
	wait $unit && unit_rc=0 || unit_rc=$?
	dnet tc qdisc del dev lo root
	check "drill: the SFTP server stopped mid-upload fails the run" test "$unit_rc" -ne 0
	doctor=$(drill_doctor)
	echo "$doctor" >>"$log"
	check "drill: doctor names the lost connection ($(echo "$doctor" | grep -o 'upload: [^(]*' | head -1))" sh -c \
		"echo \"\$1\" | grep -Eq '^PROBLEM +the last off-site run failed at .*(connection to the repository was lost|unreachable)'" sh "$doctor"
	health=$(dcurl https://crm.example.com/healthz || true)
	check "drill: the service answers meanwhile ($health)" sh -c "echo '$health' | grep -q '^ok '"
	drill_unit && rc=0 || rc=$?
	doctor=$(drill_doctor)
	check "drill: with the SFTP server down, the run fails and doctor says the host is unreachable" sh -c \
		"test $rc -ne 0 && echo \"\$1\" | grep -q '^PROBLEM *the last off-site run failed at .*the repository host is unreachable'" sh "$doctor"
	drill_start_sshd
	check "drill: the $(echo "$before" | grep -c .) snapshots from before the failed upload are intact" \
		sh -c "test -n '$before' && test \"\$1\" = '$before'" sh "$(drill_snapshots)"
	check "drill: the next run succeeds" drill_unit
	doctor=$(drill_doctor)
	check "drill: doctor shows the new snapshot, and the failure as past" sh -c \
		"echo \"\$1\" | grep -q '^ok *last off-site snapshot ' && echo \"\$1\" | grep -q '^note *an earlier off-site run failed'" sh "$doctor"
	check "drill: offsite check finds the repository sound after the broken upload" \
		dbox groundwork --config /etc/groundwork/groundwork.conf offsite check

	conf=$drill_dir/root1/etc/groundwork/offsite.conf
	sed -i 's/^password = .*/password = not the password/' "$conf"
	drill_unit && rc=0 || rc=$?
	doctor=$(drill_doctor)
	echo "$doctor" >>"$log"
	check "drill: a wrong password fails the run, and doctor says so" sh -c \
		"test $rc -ne 0 && echo \"\$1\" | grep -q '^PROBLEM *the last off-site run failed at .*wrong password for the off-site repository'" sh "$doctor"
	health=$(dcurl https://crm.example.com/healthz || true)
	check "drill: the service answers meanwhile ($health)" sh -c "echo '$health' | grep -q '^ok '"
	sed -i "s/^password = .*/password = $DRILL_PASSWORD/" "$conf"

	# The last snapshot root 1 takes: after these deals.
	for k in 1 2 3 4 5; do drill_n=$((drill_n + 1)); drill_post $drill_n; done
	sleep 1.1   # offsite.state keeps whole seconds: begin a second later
	check "drill: the last snapshot on root 1 succeeds" drill_unit
	check "drill: and began after the last acknowledged deal" drill_covers_acked
	drill_last=$(drill_state ok_snapshot)
}

# ---- root 1 thrown away, root 2 from nothing ----------------------------
drill_root2() {
	kill -TERM "$(cat "$drill_dir/nspawn.pid")"
	i=0
	while kill -0 "$(cat "$drill_dir/nspawn.pid")" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	rm -f "$drill_dir/nspawn.pid"
	rm -rf --one-file-system "$drill_dir/root1"
	check "drill: root 1 is gone" test ! -e "$drill_dir/root1"

	r2=$drill_dir/root2
	t0=$(date +%s.%N)
	drill_new_root "$r2"
	check "drill: a fresh root 2 installs the .deb with restic and openssh-client" \
		droot "$r2" apt-get -q -y --no-install-recommends install /tmp/groundwork.deb restic openssh-client
	t_inst=$(date +%s.%N)
	drill_offsite_client "$r2"
	out=$(dnet chroot "$r2" env -i PATH=/usr/bin:/bin groundwork \
		--config /etc/groundwork/groundwork.conf offsite restore 2>&1 || echo "exit $?")
	echo "$out" >>"$log"
	t_rest=$(date +%s.%N)
	check "drill: groundwork offsite restore puts the last snapshot ($drill_last) in place" sh -c \
		"echo \"\$1\" | grep -q 'the database is off-site snapshot $drill_last'" sh "$out"
	db2=$r2/var/lib/groundwork/groundwork.db
	check "drill: the restored database belongs to groundwork" \
		test "$(droot "$r2" stat -c %U /var/lib/groundwork/groundwork.db)" = groundwork
	check "drill: integrity_check is ok" test "$(sqlite3 "$db2" 'PRAGMA integrity_check')" = ok
	sqlite3 "$db2" "SELECT company FROM deals WHERE company LIKE 'Drill deal %'" | sort > "$drill_dir/present"
	sort "$drill_dir/acked" > "$drill_dir/acked.sorted"
	missing=$(comm -23 "$drill_dir/acked.sorted" "$drill_dir/present" | wc -l)
	check "drill: every one of the $(wc -l < "$drill_dir/acked") deals acknowledged before the last snapshot is there ($missing missing)" \
		test "$missing" -eq 0

	drill_site "$r2"
	# nsenter and chroot exec, so $! is the serve master itself, which
	# the kill below stops with its workers (dnet, a shell function,
	# would put a subshell in between and leave the master running).
	nsenter -t "$drill_ns" -n chroot --userspec=groundwork:groundwork "$r2" \
		groundwork --config /etc/groundwork/groundwork.conf serve \
		>>"$drill_dir/serve.log" 2>&1 &
	echo $! > "$drill_dir/serve.pid"
	i=0
	until [ -S "$r2/run/groundwork/groundwork.sock" ] || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
	dnet chroot "$r2" nginx >>"$log" 2>&1
	drill_wait_site
	answer=$(drill_sign_in "$drill_dir/admin2.jar" owner@example.org "$DRILL_ADMIN_PASS")
	page=$(dcurl -b "$drill_dir/admin2.jar" https://crm.example.com/admin/users || true)
	t_in=$(date +%s.%N)
	check "drill: the admin signs in on root 2 with the password set on root 1 ($answer)" sh -c \
		"test '$answer' = '303 https://crm.example.com/admin/users' && echo \"\$1\" | grep -q 'owner@example.org'" sh "$page"
	awk "BEGIN { printf \"measure: drill fresh root to signed-in page %.1f s (root and apt-get install %.1f s, offsite restore %.1f s, serve and sign in %.1f s)\n\", $t_in - $t0, $t_inst - $t0, $t_rest - $t_inst, $t_in - $t_rest }"
	answer=$(drill_sign_in "$drill_dir/rep2.jar" ravi@example.com groundwork-demo)
	deals=$(dcurl -b "$drill_dir/rep2.jar" "https://crm.example.com/deals?q=Drill+deal+$drill_n" || true)
	check "drill: the rep signs in again and sees the last deal posted on root 1" sh -c \
		"echo \"\$1\" | grep -q 'Drill deal $drill_n<'" sh "$deals"
	out=$(dnet chroot "$r2" env -i PATH=/usr/bin:/bin groundwork \
		--config /etc/groundwork/groundwork.conf offsite backup 2>&1 || echo "exit $?")
	echo "$out" >>"$log"
	check "drill: root 2 carries on the off-site series in the same repository" sh -c \
		"echo \"\$1\" | grep -q 'off-site snapshot [0-9a-f]* of'" sh "$out"
	kill "$(cat "$r2/run/nginx.pid")" 2>/dev/null || true
	kill "$(cat "$drill_dir/serve.pid")" 2>/dev/null || true
	wait "$(cat "$drill_dir/serve.pid")" 2>/dev/null || true
	rm -f "$drill_dir/serve.pid"
	umount "$r2/proc"
}

offsite_drill() {
	mkdir -p "$drill_dir/cert"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=crm.example.com \
		-keyout "$drill_dir/cert/privkey.pem" -out "$drill_dir/cert/fullchain.pem" >>"$log" 2>&1
	unshare -n sh -c 'echo $$ > "$1.tmp" && mv "$1.tmp" "$1"; exec sleep 3600' sh "$drill_dir/ns.pid" &
	i=0
	until [ -s "$drill_dir/ns.pid" ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
	drill_ns=$(cat "$drill_dir/ns.pid")
	dnet ip link set lo up
	drill_sftp_host
	drill_root1
	drill_load
	drill_faults
	drill_root2
	drill_stop_sshd
}
