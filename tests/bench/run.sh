#!/bin/sh
# make bench: wrk against the real serve + nginx on loopback, on
# generated databases.  Prints one table per data-set size: requests
# per second, p50 and p99 latency, and each page's throughput as a
# ratio to the trivial FastCGI page (/healthz) from the same run.
#
#   tests/bench/run.sh [SIZE ...]     default: 10000 100000 1000000
#   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 8)
# Raw wrk output is kept in tests/bench/results/ (git-ignored).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
sizes=${*:-"10000 100000 1000000"}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-8}
port=${BENCH_PORT:-18980}
results=tests/bench/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$results" build/bench
base=http://127.0.0.1:$port
bin=build/groundwork

# sign_in EMAIL: prints a session token for the demo user.
sign_in() {
	jar=$dir/cookies
	rm -f "$jar"
	t=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$t" \
	    --data-urlencode "email=$1" --data-urlencode "password=groundwork-demo" \
	    "$base/login"
	awk '$6 == "gw_session" { print $7 }' "$jar"
}

cleanup() { sh deploy/local.sh stop --dir "$dir" >/dev/null 2>&1 || true; }

# post_rounds OUT: the create-deal POST against its physical limit, the
# same transaction in a plain C loop on the same disk (the server idle
# meanwhile).  This disk's fsync time swings from second to second, so
# POST and loop alternate for BENCH_ROUNDS rounds (default 3) and the
# median round counts; OUT gets that round's wrk output.
post_rounds() {
	ids=$(sqlite3 -cmd ".timeout 30000" "$dir/groundwork.db" "select id || ' ' || team_id from users where email = 'kofi@example.com'")
	# round, POST req/s, loop commits/s, share, the POSTs' commits, flushes
	rounds=$results/$size-rounds.txt
	: > "$rounds"
	i=1
	while [ "$i" -le "${BENCH_ROUNDS:-3}" ]; do
		before=$(commit_counts)
		wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$dir/post.lua" "$base/deals/new" > "$results/$size-create-deal-$i.txt"
		after=$(commit_counts)
		./build/bench_insert_loop "$dir/groundwork.db" $ids "$secs" > "$results/$size-insert-loop-$i.txt"
		awk -v i="$i" -v p="$(rps "$results/$size-create-deal-$i.txt")" -v b="$before" -v a="$after" \
		    'BEGIN { split(b, x, " "); split(a, y, " ") }
		     { printf "%s %s %s %.4f %d %d\n", i, p, $(NF-1), p / $(NF-1), y[1] - x[1], y[3] - x[3] }' \
		    "$results/$size-insert-loop-$i.txt" >> "$rounds"
		i=$((i + 1))
	done
	# Context for the share: four loops at once, one per worker, each
	# finding its page cache emptied by the others' commits as the
	# workers do, and sharing the WAL's flushes as the workers do.
	before=$(commit_counts)
	for k in 1 2 3 4; do
		./build/bench_insert_loop "$dir/groundwork.db" $ids "$secs" > "$results/$size-insert-loop-x4-$k.txt" &
	done
	wait
	after=$(commit_counts)
	cat "$results"/$size-insert-loop-x4-*.txt | awk -v b="$before" -v a="$after" \
	    'BEGIN { split(b, x, " "); split(a, y, " ") } { s += $(NF-1) }
	     END { c = y[1] - x[1]; f = y[3] - x[3]; printf "%.1f commits/s in all, %.1f commits a flush", s, (f ? c / f : 0) }' \
	    > "$results/$size-insert-loop-x4.txt"
	n=$(wc -l < "$rounds")
	set -- $(sort -k4 -g "$rounds" | sed -n "$(( (n + 1) / 2 ))p")
	cp "$results/$size-create-deal-$1.txt" "$out"
	awk -v c="$5" -v f="$6" 'BEGIN { printf "%d commits, %d WAL flushes: %.1f commits a flush", c, f, (f ? c / f : 0) }' \
	    > "$results/$size-post-flushes.txt"
	echo "$3 commits/s in the median round; each round: $(awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $3 }' "$rounds")" > "$results/$size-insert-loop.txt"
	awk '{ printf "%s%.0f%%", (NR > 1 ? ", " : ""), 100 * $4 }' "$rounds" > "$results/$size-post-rounds.txt"
	awk -v s="$4" 'BEGIN { printf "%.0f%%", 100 * s }' > "$results/$size-post-share.txt"
}

# commit_counts: commits written, commits on disk and WAL flushes so
# far, from the shared counters in the lock file (app/group_commit.c).
commit_counts() { od -An -t u8 -N24 "$dir/groundwork.db.lock" | tr -s ' ' | sed 's/^ //'; }

# field N: the Nth field of wrk's "Latency Distribution" line for P%.
latency() { awk -v p="$2" '$1 == p { print $2 }' "$1"; }
rps() { awk '/^Requests\/sec/ { print $2 }' "$1"; }

for size in $sizes; do
	dir=$root/build/bench/db-$size
	# Generated once and kept as generated.db; each run works on a copy,
	# so the deals the POSTs add never pile up from run to run.
	if [ ! -f "$dir/generated.db" ]; then
		echo "bench: generating $size deals (304 reps: 40 teams)"
		rm -rf "$dir"; mkdir -p "$dir"
		printf 'db = %s/generated.db\nshare_dir = %s\n' "$dir" "$root" > "$dir/gen.conf"
		"$bin" --config "$dir/gen.conf" migrate >/dev/null
		# From 1M deals on, one rep (ravi, read below) also holds
		# 12,000 open deals, as a rep who logs everything would.
		big=0
		[ "$size" -ge 1000000 ] && big=12000
		/usr/bin/time -f "bench: generated in %e s" \
		    "$bin" --config "$dir/gen.conf" seed --demo --deals "$size" --reps 304 --big-rep "$big" >/dev/null
	fi
	rm -f "$dir/groundwork.db" "$dir/groundwork.db-wal" "$dir/groundwork.db-shm"
	cp "$dir/generated.db" "$dir/groundwork.db"
	trap cleanup EXIT INT TERM
	GW_NO_SEED=1 GW_SIGNIN_RATE=6000r/m GW_SIGNIN_BURST=100 \
	    sh deploy/local.sh start --port "$port" --dir "$dir"
	# Quiet nginx's access log so it does not dominate the figures.
	# Reads as ravi and maria (team North; ravi is the rep with thousands of
	# open deals in the large sets); the create-deal POSTs and
	# the insert loop write as kofi (team South), so the deals they add
	# never change what the read benchmarks see, on this run or the next.
	session=$(sign_in ravi@example.com)
	poster=$(sign_in kofi@example.com)
	manager=$(sign_in maria@example.com)
	director=$(sign_in vp@example.com)
	csrf=$(curl -s -H "Cookie: gw_session=$poster" "$base/deals/new" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	cat > "$dir/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "csrf=$csrf&company=Bench+Company&stage_id=1&contact=Pat+Lee&amount=12%2C500&anyway=1"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "gw_session=$poster"
LUA
	deals_rep=$(sqlite3 -cmd ".timeout 30000" "$dir/groundwork.db" "select count(*) from deals d join users u on u.id = d.owner_id where u.email = 'ravi@example.com' and d.status = 'open'")
	deals_team=$(sqlite3 -cmd ".timeout 30000" "$dir/groundwork.db" "select count(*) from deals d join users u on u.team_id = d.team_id where u.email = 'maria@example.com' and d.status = 'open'")
	teams=$(sqlite3 -cmd ".timeout 30000" "$dir/groundwork.db" "select count(*) from teams where retired_at is null")
	echo
	echo "== $size deals in the database (ravi has $deals_rep open deals, maria's team $deals_team; /org shows $teams teams); wrk -t2 -c$conns -d${secs}s"
	printf '%-22s %10s %9s %9s %8s\n' page req/s p50 p99 ratio
	trivial=""
	# Every page a person opens is here.  Routes that only take a POST
	# (/team/coaching/top, which sets how many items This week shows, and
	# the other forms) are not pages; create-deal is the POST measured.
	# The pages twice: as served (each worker keeps /deals and /team
	# until their data changes) and with page_cache off, which is what
	# every change costs the first request after it.
	for spec in "static:/static/app.css" "trivial:/healthz" "deals:/deals" "team:/team" \
	    "team-deals:/team/deals" "team-time:/team/time" "team-coaching:/team/coaching" \
	    "coaching:/coaching" "org:/org" "org-targets:/org/targets" \
	    "board:/deals/board" "board-manager:/deals/board" "create-deal:POST" \
	    "restart:" "deals-uncached:/deals" "team-uncached:/team" "org-uncached:/org"; do
		name=${spec%%:*}; path=${spec#*:}
		if [ "$name" = restart ]; then
			sh deploy/local.sh stop --dir "$dir" >/dev/null 2>&1
			GW_EXTRA_CONFIG="page_cache = false" GW_NO_SEED=1 \
			    GW_SIGNIN_RATE=6000r/m GW_SIGNIN_BURST=100 \
			    sh deploy/local.sh start --port "$port" --dir "$dir"
			continue
		fi
		out=$results/$size-$name.txt
		cookie=$session
		case $name in team* | *-manager) cookie=$manager ;; org*) cookie=$director ;; esac
		if [ "$path" = POST ]; then
			post_rounds "$out"
		else
			wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Cookie: gw_session=$cookie" "$base$path" > "$out"
		fi
		r=$(rps "$out")
		[ "$name" = trivial ] && trivial=$r
		ratio=$( [ -n "$trivial" ] && awk -v a="$r" -v b="$trivial" 'BEGIN { printf "%.2f", a / b }' || echo "-")
		non2xx=$(awk '/Non-2xx or 3xx/ { print $5 }' "$out")
		printf '%-22s %10s %9s %9s %8s %s\n' "$name" "$r" "$(latency "$out" 50%)" "$(latency "$out" 99%)" "$ratio" "${non2xx:+($non2xx non-2xx/3xx)}"
	done
	cleanup
	trap - EXIT INT TERM
	echo "insert loop: $(cat "$results/$size-insert-loop.txt")"
	echo "create-deal POST at $(cat "$results/$size-post-share.txt") of the plain insert loop (median round; each round: $(cat "$results/$size-post-rounds.txt"))"
	echo "create-deal POSTs in the median round: $(cat "$results/$size-post-flushes.txt")"
	echo "four insert loops at once, one per worker: $(cat "$results/$size-insert-loop-x4.txt")"
	# Cost per request for the team page: compare p50 across sizes.
	echo "$size $(latency "$results/$size-team.txt" 50%) $(latency "$results/$size-team-uncached.txt" 50%)" >> "$results/team-p50.txt"
	echo "$size $(latency "$results/$size-team-coaching.txt" 50%) $(latency "$results/$size-coaching.txt" 50%)" >> "$results/coaching-p50.txt"
	echo "$size $(latency "$results/$size-org.txt" 50%) $(latency "$results/$size-org-uncached.txt" 50%)" >> "$results/org-p50.txt"
done
if [ -f "$results/team-p50.txt" ]; then
	echo
	echo "team page p50 by database size (as served, uncached):"
	cat "$results/team-p50.txt"
	echo
	echo "coaching pages p50 by database size (/team/coaching, /coaching):"
	cat "$results/coaching-p50.txt"
	echo
	echo "org page p50 by database size (as served, uncached):"
	cat "$results/org-p50.txt"
fi
echo
echo "bench: raw output in $results"
