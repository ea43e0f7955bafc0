#!/bin/sh
# Install what Groundwork needs from Debian's archive, only if missing.
# Usage: deps.sh [build|all|deploy]
#   all adds what the tests need; deploy what make deb and check-deploy need.
set -eu
want=${1:-build}

build_pkgs="libfcgi-dev libsqlite3-dev sqlite3 libctemplate-dev libsodium-dev
 check nginx pkg-config g++ curl"
test_pkgs="chromium clang wrk libclang-rt-14-dev"

deploy_pkgs="dpkg-dev lintian debootstrap iproute2 util-linux strace systemd
 systemd-container"

pkgs=$build_pkgs
[ "$want" = all ] && pkgs="$pkgs $test_pkgs"
[ "$want" = deploy ] && pkgs="$pkgs $deploy_pkgs"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# Node.js may come from elsewhere with its own npm; only add Debian's
# when there is none at all.
if [ "$want" = all ] && ! command -v npm >/dev/null 2>&1; then
	missing="$missing nodejs npm"
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

if [ "$want" = all ] && [ ! -d tests/browser/node_modules/playwright-core ]; then
	echo "groundwork: installing playwright-core for the browser tests"
	(cd tests/browser && npm install --no-audit --no-fund --silent >/dev/null)
fi
exit 0
