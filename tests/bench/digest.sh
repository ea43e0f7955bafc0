#!/bin/sh
# make bench-digest: the cost of building every email, on the data sets
# make bench generates (320 reps in teams of eight, with a manager each,
# and the demo's admin).  For each size, on a copy of the data set:
#
#   dry    groundwork digest --dry-run --everyone: every user's emails
#          as if due now, written as .eml files; reads only
#   send   everyone's settings made due now, then a real run through a
#          file:DIR mailer: the coaching lists refreshed, the outbox
#          written, every message handed over
#
# and prints the emails built, the wall time and the peak memory (RSS)
# of each.  The cost should follow the users, not the deals.
#
#   tests/bench/digest.sh [SIZE ...]     default: 10000 100000 1000000
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
sizes=${*:-"10000 100000 1000000"}
bin=$root/build/groundwork

printf '%-9s %6s %7s  %-28s %-28s\n' deals users emails "dry run (s, peak MiB)" "real run (s, peak MiB)"
for size in $sizes; do
	dir=$root/build/bench/db-$size
	if [ ! -f "$dir/generated.db" ]; then
		echo "bench: generating $size deals (320 reps in teams of 8)" >&2
		rm -rf "$dir"; mkdir -p "$dir"
		printf 'db = %s/generated.db\nshare_dir = %s\n' "$dir" "$root" > "$dir/gen.conf"
		"$bin" --config "$dir/gen.conf" migrate >/dev/null
		"$bin" --config "$dir/gen.conf" seed --demo --deals "$size" --reps 320 >/dev/null
	fi
	work=$dir/digest
	rm -rf "$work"; mkdir -p "$work/out" "$work/mail"
	cp "$dir/generated.db" "$work/groundwork.db"
	printf 'db = %s/groundwork.db\nshare_dir = %s\nbase_url = https://crm.example.com\nsendmail = file:%s/mail\n' \
	    "$work" "$root" "$work" > "$work/groundwork.conf"
	"$bin" --config "$work/groundwork.conf" migrate >/dev/null
	users=$(sqlite3 "$work/groundwork.db" 'SELECT count(*) FROM users WHERE active')
	/usr/bin/time -f '%e %M' -o "$work/dry.time" \
	    "$bin" --config "$work/groundwork.conf" digest --dry-run --everyone --out "$work/out" > "$work/dry.log"
	dry_n=$(ls "$work/out" | wc -l)
	# Everyone due now: today in UTC, from hour 0.
	sqlite3 "$work/groundwork.db" "INSERT OR REPLACE INTO user_settings
	    (user_id, timezone, mail_off, send_day, send_hour)
	    SELECT id, 'UTC', 0, CAST(strftime('%u', 'now') AS INTEGER), 0 FROM users"
	/usr/bin/time -f '%e %M' -o "$work/send.time" \
	    "$bin" --config "$work/groundwork.conf" digest > "$work/send.log"
	sent=$(ls "$work/mail" | grep -c '\.eml$' || true)
	deals=$(sqlite3 "$work/groundwork.db" 'SELECT count(*) FROM deals')
	printf '%-9s %6s %7s  %-28s %-28s\n' "$deals" "$users" "$dry_n/$sent" \
	    "$(awk '{ printf "%.2f s, %.1f MiB", $1, $2 / 1024 }' "$work/dry.time")" \
	    "$(awk '{ printf "%.2f s, %.1f MiB", $1, $2 / 1024 }' "$work/send.time")"
done
echo "(emails: built by the dry run / handed over by the real run, which leaves out weekend reminders and those with nothing to say)"
