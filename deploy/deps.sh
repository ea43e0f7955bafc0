#!/bin/sh
# Install what Groundwork needs from Debian's archive, only if missing.
# Usage: deps.sh [--check] [WHAT ...]   (default: build)
#   --check      install nothing: name what is missing and exit 1
#   build        what make and make run need
#   unit         build (the Check library is part of it)
#   integration  build, Node.js, and the tools the HTTP tests call
#   browser      integration, Debian's chromium and playwright-core
#   fuzz         clang with its libFuzzer and sanitizer runtimes
#   stress       build
#   sanitize     integration and clang with its sanitizer runtimes
#   lint         clang-format and cppcheck, for the lint layer
#   bench        build and wrk
#   all          every test layer and make bench
#   deploy       what make deb and check-deploy need
set -eu

build_pkgs="libfcgi-dev libsqlite3-dev sqlite3 libctemplate-dev libsodium-dev
 libical-dev libcsv-dev libgmime-3.0-dev check nginx pkg-config g++ curl"
# b2sum (coreutils), openssl and systemd-analyze are called by the HTTP
# tests; they are on every Debian system but named so that a trimmed
# one still gets them.
# msmtp-mta is the sendmail the email tests deliver through, to an
# SMTP server of python3-aiosmtpd on loopback.  restic makes the
# off-site snapshots the tests take into a local repository, and
# python3-icalendar reads the calendar feed back.
integration_pkgs="coreutils openssl systemd msmtp msmtp-mta python3-aiosmtpd
 restic python3-icalendar"
browser_pkgs="chromium"
# clang and its runtimes: libFuzzer for the fuzz layer, ASan and UBSan
# for both it and the sanitizer layer.
fuzz_pkgs="clang libclang-rt-14-dev"
lint_pkgs="clang-format cppcheck"
bench_pkgs="wrk"
deploy_pkgs="dpkg-dev lintian debootstrap iproute2 util-linux strace systemd
 systemd-container"

pkgs=$build_pkgs
node=false
npm_pkgs=false
check=false
if [ "${1:-}" = --check ]; then
	check=true
	shift
fi
[ $# -eq 0 ] && set -- build
for want in "$@"; do
	case $want in
	build | unit | stress) ;;
	integration)
		pkgs="$pkgs $integration_pkgs"; node=true ;;
	sanitize)
		pkgs="$pkgs $integration_pkgs $fuzz_pkgs"; node=true ;;
	browser)
		pkgs="$pkgs $integration_pkgs $browser_pkgs"; node=true; npm_pkgs=true ;;
	fuzz) pkgs="$pkgs $fuzz_pkgs" ;;
	lint) pkgs="$pkgs $lint_pkgs" ;;
	bench) pkgs="$pkgs $bench_pkgs" ;;
	all)
		pkgs="$pkgs $integration_pkgs $browser_pkgs $fuzz_pkgs $lint_pkgs $bench_pkgs"
		node=true; npm_pkgs=true ;;
	deploy) pkgs="$pkgs $deploy_pkgs" ;;
	*)
		echo "deps.sh: unknown set $want" >&2
		exit 2 ;;
	esac
done

missing=""
for p in $pkgs; do
	case " $missing " in *" $p "*) continue ;; esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# Node.js may come from elsewhere with its own npm; only add Debian's
# when there is none at all.
if $node && ! command -v node >/dev/null 2>&1; then
	missing="$missing nodejs"
fi
if $npm_pkgs && ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi

npm_missing=false
if $npm_pkgs && { [ ! -d tests/browser/node_modules/playwright-core ] ||
	[ ! -d tests/browser/node_modules/axe-core ]; }; then
	npm_missing=true
fi

if $check; then
	$npm_missing && missing="$missing playwright-core axe-core (npm)"
	[ -z "$missing" ] && exit 0
	echo "groundwork: missing:$missing" >&2
	echo "groundwork: make deps DEPS=\"$*\" installs them (as root)" >&2
	exit 1
fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "groundwork: please install:$missing (as root: apt-get install$missing)" >&2
		exit 1
	fi
	echo "groundwork: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq $missing >/dev/null
fi

if $npm_missing; then
	echo "groundwork: installing playwright-core and axe-core for the browser tests"
	(cd tests/browser && npm install --no-audit --no-fund --silent >/dev/null)
fi
exit 0
