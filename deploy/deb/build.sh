#!/bin/sh
# Build groundwork_<version>_amd64.deb with dpkg-deb from `make install`.
# usage: build.sh VERSION OUTDIR   (run from the repository root)
set -eu
version=$1
out=$2
stage=$out/deb-root
rm -rf "$stage"
make -s install DESTDIR="$stage" PREFIX=/usr >/dev/null

doc=$stage/usr/share/doc/groundwork
install -d "$doc" "$stage/DEBIAN"
install -m 0644 deploy/deb/copyright "$doc/copyright"
gzip -9n < README.md > "$doc/README.md.gz"
# msmtp-mta comes first among the mailers the package recommends: it
# relays to the SMTP server an admin names, where the default MTA
# (exim4) would be a whole mail server to run on a small VPS.
install -d "$stage/usr/share/lintian/overrides"
printf 'groundwork: default-mta-dependency-not-listed-first *\n' \
    > "$stage/usr/share/lintian/overrides/groundwork"
# The changelog's newest entry is the version (the Makefile reads it).
# A build under any other version (check-deploy packages this tree again
# as a later one, to upgrade to) gets an entry of its own on top.
changelog=deploy/deb/changelog
top=$(sed -n '1s/^groundwork (\([^)]*\)).*/\1/p' "$changelog")
{
    if [ "$version" != "$top" ]; then
        printf 'groundwork (%s) UNRELEASED; urgency=medium\n\n' "$version"
        printf '  * Test build of %s, packaged as %s.\n\n' "$top" "$version"
        sed -n '0,/^ -- /{/^ -- /p}' "$changelog"
        echo
    fi
    cat "$changelog"
} | gzip -9n > "$doc/changelog.gz"
gzip -9n "$stage/usr/share/man/man8/groundwork.8"
strip --strip-unneeded -R .comment -R .note "$stage/usr/bin/groundwork"

# Runtime dependencies: the Debian package behind each shared library
# the binary links, with the version built against as the floor.
depends=$(ldd "$stage/usr/bin/groundwork" | awk '/=> \//{print $3}' |
    while read -r lib; do
        { dpkg -S "$lib" || dpkg -S "$(readlink -f "$lib")"; } 2>/dev/null |
            head -1 | cut -d: -f1
    done | sort -u |
    while read -r pkg; do
        ver=$(dpkg-query -W -f='${Version}' "$pkg" | sed 's/-[^-]*$//')
        printf '%s (>= %s), ' "$pkg" "$ver"
    done | sed 's/, $//')

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@SIZE@|$size|" -e "s|@DEPENDS@|$depends|" \
    deploy/deb/control.in > "$stage/DEBIAN/control"
printf '/etc/groundwork/groundwork.conf\n/etc/nginx/sites-available/groundwork.conf\n' \
    > "$stage/DEBIAN/conffiles"
for s in postinst prerm postrm; do
    install -m 0755 "deploy/deb/$s" "$stage/DEBIAN/$s"
done

deb=$out/groundwork_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
