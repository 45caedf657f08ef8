#!/usr/bin/env bash
# Packages the already built out/keepalived-sharp (./build.sh) as a Debian package with dpkg-deb:
#   packaging/debian/build-deb.sh [OUTDIR]      writes OUTDIR/keepalived-sharp_VERSION_ARCH.deb (default out/)
# The version is the binary's own (--version, from src/KeepalivedSharp/KeepalivedSharp.csproj) without the
# +commit. Man pages come from packaging/man/build.sh, the bash completion from 'keepalived-sharp completion bash'.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(realpath -m "${1:-out}")
bin=out/keepalived-sharp
[ -x "$bin" ] || { echo "build-deb.sh: $bin is missing: run ./build.sh first" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps pandoc strip; do
    command -v "$tool" >/dev/null 2>&1 || { echo "build-deb.sh: $tool is required (apt-get install dpkg-dev pandoc binutils)" >&2; exit 1; }
done

full=$("$bin" --version | sed -n 's/^keepalived-sharp //p')
version=${full%%+*}
[ -n "$version" ] || { echo "build-deb.sh: cannot read the version from $bin --version" >&2; exit 1; }
arch=$(dpkg --print-architecture)
# Reproducible: every timestamp is the last commit's.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
maintainer=$(sed -n 's/^Maintainer: //p' packaging/debian/control)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/root
doc=$root/usr/share/doc/keepalived-sharp
umask 022
install -d "$root/DEBIAN" "$root/usr/sbin" "$root/lib/systemd/system" "$root/usr/share/keepalived-sharp" \
    "$root/usr/share/man/man8" "$root/usr/share/man/man5" "$root/usr/share/bash-completion/completions" "$doc"

install -m 0755 "$bin" "$root/usr/sbin/keepalived-sharp"
# As dh_strip: the link's .comment section is of no use in a package (lintian: binary-has-unneeded-section).
strip --remove-section=.comment --remove-section=.note "$root/usr/sbin/keepalived-sharp"
sed -e 's#/usr/local/sbin/keepalived-sharp#/usr/sbin/keepalived-sharp#g' \
    -e 's#^Documentation=.*#Documentation=man:keepalived-sharp(8) man:keepalived-sharp.conf(5) file:/usr/share/doc/keepalived-sharp/operations.md#' \
    -e 's#^\(\# keepalived-sharp: .*\)Installed by install.sh; not enabled by it.#\1Installed by the package; not enabled by it.#' \
    packaging/keepalived-sharp.service > "$root/lib/systemd/system/keepalived-sharp.service"
install -m 0644 packaging/keepalived.conf.sample "$root/usr/share/keepalived-sharp/keepalived.conf.sample"
"$bin" completion bash > "$root/usr/share/bash-completion/completions/keepalived-sharp"

packaging/man/build.sh "$stage/man" "$version" "$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)"
gzip -9n -c "$stage/man/keepalived-sharp.8" > "$root/usr/share/man/man8/keepalived-sharp.8.gz"
gzip -9n -c "$stage/man/keepalived-sharp.conf.5" > "$root/usr/share/man/man5/keepalived-sharp.conf.5.gz"

install -m 0644 packaging/debian/copyright "$doc/copyright"
for f in README.md docs/operations.md docs/metrics.md docs/config-reference.md; do
    gzip -9n -c "$f" > "$doc/$(basename "$f").gz"
done
# The Prometheus alert rules, uncompressed so rule_files can point at them (docs/operations.md, "Alert rules").
install -d "$doc/examples/prometheus"
install -m 0644 packaging/prometheus/keepalived-sharp.rules.yml packaging/prometheus/keepalived-sharp.rules.test.yml "$doc/examples/prometheus/"
# A native package's changelog: this build, with the commit it came from.
{
    printf 'keepalived-sharp (%s) unstable; urgency=medium\n\n' "$version"
    printf '  * Built from %s.\n\n' "$full"
    printf ' -- %s  %s\n' "$maintainer" "$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$doc/changelog.gz"

install -m 0755 packaging/debian/postinst "$root/DEBIAN/postinst"
sed "s/@SAMPLE_SHA256@/$(sha256sum < packaging/keepalived.conf.sample | cut -d' ' -f1)/" packaging/debian/postrm > "$root/DEBIAN/postrm"
chmod 0755 "$root/DEBIAN/postrm"

# Depends from the binary's shared libraries (libc6); libssl is dlopen()ed by .NET's crypto (MD5, TLS checks).
mkdir -p "$stage/src/debian"
printf 'Source: keepalived-sharp\n\nPackage: keepalived-sharp\nArchitecture: any\n' > "$stage/src/debian/control"
depends=$(cd "$stage/src" && dpkg-shlibdeps -O "$root/usr/sbin/keepalived-sharp" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
    packaging/debian/control > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/keepalived-sharp_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
