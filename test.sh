#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first (keepalived, iproute2, tcpdump, nftables,
# tshark; QEMU, busybox-static and ipvsadm for the IPVS VM tests), prepares the VM (tests/vm/prepare.sh),
# builds the NativeAOT binary the CLI tests run, then runs every test project.
# The last line is the plain summary "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

need=()
command -v keepalived >/dev/null 2>&1 || need+=(keepalived)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
command -v nft >/dev/null 2>&1 || need+=(nftables)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need+=(python3-aiosmtpd)
# DNS_CHECK's real server (dnsmasq-base: the binary only, no service started on the host).
command -v dnsmasq >/dev/null 2>&1 || need+=(dnsmasq-base)
[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 ] || need+=(libfaketime)
# The Debian package and its man pages (packaging/): pandoc writes the pages, man-db renders them,
# dpkg-dev's dpkg-shlibdeps computes Depends, binutils strips, lintian checks the .deb.
command -v pandoc >/dev/null 2>&1 || need+=(pandoc)
command -v man >/dev/null 2>&1 || need+=(man-db)
command -v dpkg-shlibdeps >/dev/null 2>&1 || need+=(dpkg-dev)
command -v strip >/dev/null 2>&1 || need+=(binutils)
command -v lintian >/dev/null 2>&1 || need+=(lintian)
# The IPVS VM tests (tests/vm): QEMU, a static busybox for the guest, ipvsadm, xz for the kernel image.
# Installed without recommends: 30 packages, about 18 MB, where recommends would pull in a desktop's worth.
vm_need=()
command -v qemu-system-x86_64 >/dev/null 2>&1 || vm_need+=(qemu-system-x86)
[ -x /bin/busybox ] || vm_need+=(busybox-static)
command -v ipvsadm >/dev/null 2>&1 || vm_need+=(ipvsadm)
command -v xz >/dev/null 2>&1 || vm_need+=(xz-utils)
# promtool, for the Prometheus alert rules' tests (packaging/prometheus), comes with Debian's server
# package; installed without recommends too (no node exporter), and its service is stopped below.
command -v promtool >/dev/null 2>&1 || vm_need+=(prometheus)
if [ ${#need[@]} -gt 0 ] || [ ${#vm_need[@]} -gt 0 ]; then
    echo "test.sh: installing ${need[*]} ${vm_need[*]}"
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
    apt-get update -qq >/dev/null || { echo "test.sh: apt-get update failed"; echo "0 passed, 1 failed"; exit 1; }
    if [ ${#need[@]} -gt 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
            || { echo "test.sh: apt-get install ${need[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
    fi
    if [ ${#vm_need[@]} -gt 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${vm_need[@]}" >/dev/null \
            || { echo "test.sh: apt-get install ${vm_need[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
    fi
fi
# The guest kernel and initramfs, cached under /var/cache/keepalived-sharp-vm/<kernel-version>/
# (a 70 MB download the first time; the harness runs it too, and a second run only prints the path).
if ! tests/vm/prepare.sh >/dev/null; then
    echo "test.sh: tests/vm/prepare.sh failed"
    echo "0 passed, 1 failed"
    exit 1
fi
# Debian's keepalived package starts a daemon on the host: tests never want it.
if command -v systemctl >/dev/null 2>&1; then systemctl stop keepalived >/dev/null 2>&1 || true; fi
pkill -x keepalived >/dev/null 2>&1 || true
# Debian's prometheus package starts a server on the host (port 9090): tests only want promtool.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
if [ -x /etc/init.d/prometheus ]; then
    /etc/init.d/prometheus stop >/dev/null 2>&1 || true
    update-rc.d prometheus disable >/dev/null 2>&1 || true
fi

if ! ./build.sh; then
    echo "test.sh: build.sh failed"
    echo "0 passed, 1 failed"
    exit 1
fi
export KS_BINARY="$PWD/out/keepalived-sharp"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
passed=0; failed=0; skipped=0; broken=0
dotnet build KeepalivedSharp.slnx -c Debug -nologo -v:q >"$results/build.log" 2>&1 || { cat "$results/build.log"; echo "0 passed, 1 failed"; exit 1; }
for proj in tests/*.Tests/*.csproj; do
    name=$(basename "$proj" .csproj)
    echo "== $name"
    log="$results/$name.log"
    dotnet test "$proj" --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -E "^\s+(Failed|Skipped) |error" || true
    # The summary block: "Total tests: N" then "Passed: N", "Failed: N", "Skipped: N" lines.
    if ! grep -qE "^Total tests: +[0-9]+" "$log"; then
        echo "test.sh: $name produced no result line"
        broken=$((broken + 1))
        continue
    fi
    summary=$(sed -n '/^Total tests:/,$p' "$log")
    p=$(grep -E "^ +Passed: +[0-9]+" <<<"$summary" | grep -oE "[0-9]+" | tail -1); p=${p:-0}
    f=$(grep -E "^ +Failed: +[0-9]+" <<<"$summary" | grep -oE "[0-9]+" | tail -1); f=${f:-0}
    s=$(grep -E "^ +Skipped: +[0-9]+" <<<"$summary" | grep -oE "[0-9]+" | tail -1); s=${s:-0}
    echo "   $name: $p passed, $f failed, $s skipped"
    if [ "$f" -gt 0 ]; then grep -E -A25 "^\s+Failed " "$log" | head -150; fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
failed=$((failed + broken))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
