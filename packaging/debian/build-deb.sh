#!/usr/bin/env bash
# Builds the wca Debian package with dpkg-deb (no network, no debhelper) from built binaries:
#   packaging/debian/build-deb.sh DIST_DIR OUT_DIR [VERSION]
# DIST_DIR holds wca (Native AOT), wca-jit (the plugin-capable JIT build), optionally wca-wrapper and librdkafka
# (`make dist` output). Prints the path of the .deb. Depends' libc6 version is the highest GLIBC_ symbol version the
# shipped executables and libraries ask for (objdump -T), so dpkg refuses a host whose glibc is older.
set -euo pipefail
dist=$(realpath "$1")
out=$(realpath "$2")
here=$(dirname "$(realpath "$0")")
packaging=$(dirname "$here")
version=${3:-$("$dist/wca" --version)}
# Python-style .devN sorts before the release it leads to: Debian's ~ does that. No Debian revision: a native package.
version=${version/.dev/\~dev}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib/wca" "$root/lib/systemd/system" "$root/etc/wca" "$root/etc/default" \
    "$root/usr/share/doc/wca" "$root/usr/share/man/man1" "$root/usr/share/lintian/overrides"

libs=()
for binary in wca wca-jit wca-wrapper; do
    [ -e "$dist/$binary" ] || { [ "$binary" = wca-wrapper ] && continue; echo "build-deb: $dist/$binary is missing (run make dist)" >&2; exit 1; }
    install -m 0755 "$dist/$binary" "$root/usr/lib/wca/$binary"
    # /usr/bin names for PATH; the binaries find each other (and librdkafka) next to their real path.
    ln -s "../lib/wca/$binary" "$root/usr/bin/$binary"
    libs+=("$root/usr/lib/wca/$binary")
done
for lib in librdkafka.so centos8-librdkafka.so; do
    [ -e "$dist/$lib" ] || continue
    install -m 0644 "$dist/$lib" "$root/usr/lib/wca/$lib"
    strip --strip-unneeded "$root/usr/lib/wca/$lib"
done
# librdkafka.so needs libsasl2; without it the self-contained centos8 build is loaded, so only that one counts.
[ -e "$root/usr/lib/wca/centos8-librdkafka.so" ] && libs+=("$root/usr/lib/wca/centos8-librdkafka.so")

install -m 0644 "$packaging/systemd/wca.service" "$root/lib/systemd/system/wca.service"
install -m 0644 "$packaging/etc/wca_config.yml" "$root/etc/wca/wca_config.yml"
install -m 0644 "$packaging/etc/default-wca" "$root/etc/default/wca"
install -m 0644 "$here/copyright" "$root/usr/share/doc/wca/copyright"
install -m 0644 "$here/lintian-overrides" "$root/usr/share/lintian/overrides/wca"
gzip -9n < "$here/wca.1" > "$root/usr/share/man/man1/wca.1.gz"
ln -s wca.1.gz "$root/usr/share/man/man1/wca-jit.1.gz"
[ -e "$root/usr/bin/wca-wrapper" ] && ln -s wca.1.gz "$root/usr/share/man/man1/wca-wrapper.1.gz"
printf 'wca (%s) unstable; urgency=medium\n\n  * Built from the wca-dotnet tree.\n\n -- wca-dotnet maintainers <wca-dotnet@users.noreply.github.com>  %s\n' \
    "$version" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(date +%s)}")" | gzip -9n > "$root/usr/share/doc/wca/changelog.gz"
chmod 0644 "$root/usr/share/doc/wca/changelog.gz" "$root/usr/share/man/man1/wca.1.gz"

glibc=$(for f in "${libs[@]}"; do objdump -T "$f" | grep -o 'GLIBC_[0-9][0-9.]*'; done | sed 's/GLIBC_//' | sort -uV | tail -1)
depends="libc6 (>= $glibc)"
if for f in "${libs[@]}"; do objdump -p "$f" | grep -q 'NEEDED.*libstdc++' && echo yes; done | grep -q yes; then
    depends="$depends, libstdc++6, libgcc-s1"
fi
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" -e "s/@DEPENDS@/$depends/" "$here/control.in" > "$root/DEBIAN/control"
install -m 0644 "$here/conffiles" "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "$here/$script" "$root/DEBIAN/$script"; done
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/wca_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "$deb"
