#!/usr/bin/env bash
# Prepares the IPVS test VM (docs/operations.md, "Tests in a VM"): this machine's kernel may have no
# ip_vs, so the tests boot Debian's stock kernel in QEMU (TCG, -nic none). Idempotent: everything is
# cached under /var/cache/keepalived-sharp-vm/<kernel-version>/ and a second run only prints the path.
#   - the kernel package named by linux-image-amd64, fetched with `apt-get download` and unpacked
#     with dpkg-deb -x (never installed), modules.dep generated with busybox depmod;
#   - vmlinux: the uncompressed ELF taken out of the bzImage's XZ stream, which QEMU boots through
#     the PVH entry in about 2 s instead of 5 s under TCG;
#   - initrd.cpio: busybox-static, the modules IPVS, 9p, veth and bridge need (in load order),
#     and tests/vm/init.
# Needs: apt-get, dpkg-deb, xz, busybox (busybox-static). Prints the cache directory on its last line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${KS_VM_CACHE:-/var/cache/keepalived-sharp-vm}

pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -1)
[ -n "$pkg" ] || { echo "prepare.sh: apt-cache depends linux-image-amd64 names no kernel (apt-get update?)" >&2; exit 1; }
kver=${pkg#linux-image-}
cache="$root/$kver"
# The stamp covers this script and init: a change to either rebuilds the initramfs.
stamp=$(cat "$0" "$here/init" | sha256sum | cut -c1-16)
if [ -f "$cache/ready" ] && [ "$(cat "$cache/ready")" = "$stamp" ]; then
    echo "$cache"
    exit 0
fi

# The modules, leaves first; their dependencies are added from modules.dep.
modules=(
    crc32c_generic                                   # libcrc32c's crc32c, which the guest cannot auto-load
    virtio virtio_ring virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci
    9pnet 9pnet_virtio netfs fscache 9p
    nf_defrag_ipv4 nf_defrag_ipv6 libcrc32c nf_conntrack
    ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_sh ip_vs_dh ip_vs_lblc ip_vs_lblcr ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_mh
    veth bridge dummy
)

mkdir -p "$root"
work=$(mktemp -d "$root/.build-XXXXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
# The .deb stays in the cache, so a change to init or this script rebuilds without downloading again.
deb=$(ls "$cache"/"${pkg}"_*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
    echo "prepare.sh: downloading $pkg" >&2
    # apt-get download writes into the current directory; as root it warns that the download is unsandboxed.
    apt-get download -q "$pkg" >&2 2>/dev/null || { apt-get update -qq >&2 && apt-get download -q "$pkg" >&2; }
    mkdir -p "$cache"
    mv "$work"/"${pkg}"_*.deb "$cache/"
    deb=$(ls "$cache"/"${pkg}"_*.deb | head -1)
    du -k "$deb" | awk '{printf "prepare.sh: %s is %d KB\n", $2, $1}' >&2
fi
dpkg-deb -x "$deb" kernel
busybox depmod -b kernel "$kver"
moddir="kernel/lib/modules/$kver"

# vmlinux: try each XZ magic (FD 37 7A 58 5A 00) in the bzImage until one decompresses to an ELF.
for off in $(LC_ALL=C grep -obUaP '\xfd\x37\x7a\x58\x5a\x00' "kernel/boot/vmlinuz-$kver" | cut -d: -f1); do
    tail -c +$((off + 1)) "kernel/boot/vmlinuz-$kver" | xz -dc --single-stream >vmlinux 2>/dev/null || true
    [ "$(head -c 4 vmlinux | od -An -tx1 | tr -d ' ')" = "7f454c46" ] && break
    rm -f vmlinux
done
[ -f vmlinux ] || { echo "prepare.sh: no XZ-compressed ELF in vmlinuz-$kver" >&2; exit 1; }

# Load order: a depth-first walk of modules.dep, dependencies before the module (insmod does not resolve them).
declare -A path_of=() deps_of=() seen=()
while IFS= read -r line; do
    ko=${line%%:*}
    name=$(basename "$ko"); name=${name%.ko*}; name=${name//-/_}
    path_of[$name]=$ko
    deps_of[$name]=${line#*:}
done <"$moddir/modules.dep"
order=()
visit() {
    local n=$1 d dn
    [ -n "${seen[$n]:-}" ] && return
    seen[$n]=1
    [ -n "${path_of[$n]:-}" ] || { echo "prepare.sh: module $n is not in $kver" >&2; exit 1; }
    for d in ${deps_of[$n]}; do
        dn=$(basename "$d"); dn=${dn%.ko*}; dn=${dn//-/_}
        visit "$dn"
    done
    order+=("$n")
}
for m in "${modules[@]}"; do visit "$m"; done

mkdir -p initrd/bin initrd/lib/modules initrd/proc initrd/sys initrd/dev initrd/mnt/h initrd/tmp
cp /bin/busybox initrd/bin/busybox
for applet in $(initrd/bin/busybox --list); do [ "$applet" = busybox ] || ln -s busybox "initrd/bin/$applet"; done
: >initrd/lib/modules/order
for n in "${order[@]}"; do
    src="$moddir/${path_of[$n]}"
    case "$src" in
        *.ko.xz) xz -dc "$src" >"initrd/lib/modules/$n.ko" ;;
        *.ko) cp "$src" "initrd/lib/modules/$n.ko" ;;
        *) echo "prepare.sh: $src: unknown module compression" >&2; exit 1 ;;
    esac
    echo "$n" >>initrd/lib/modules/order
done
install -m 0755 "$here/init" initrd/init
(cd initrd && find . | busybox cpio -o -H newc 2>/dev/null) >initrd.cpio

rm -f "$cache/ready"
mv vmlinux initrd.cpio "$cache/"
cp initrd/lib/modules/order "$cache/modules"
echo "$stamp" >"$cache/ready"
echo "prepare.sh: $cache: vmlinux $(du -k "$cache/vmlinux" | cut -f1) KB, initrd $(du -k "$cache/initrd.cpio" | cut -f1) KB, ${#order[@]} modules" >&2
echo "$cache"
