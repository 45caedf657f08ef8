#!/usr/bin/env bash
# Load-balancer benchmark (issue 12 deliverable 7): the time from a checker's verdict to the kernel's table
# change, and the cost of one change, for COUNT real servers on each backend (bench/lb/lab.sh has the lab,
# bench/lb/measure.py the clock).
#   nftables: on this machine's kernel, in namespaces; ours only (keepalived programs IPVS only).
#   ipvs:     in the IPVS VM (tests/vm/prepare.sh: Debian's stock kernel under QEMU TCG, -nic none), ours and
#             keepalived 2.2.7 in the same guest, so their ratio is fair; TCG makes both slower than on
#             hardware, so the absolute IPVS figures are not comparable with the nftables ones.
# Usage: bench/lb/run.sh [COUNT...]   (root; default 10 100 1000; after ./build.sh)
#   KS_BLB_TRIALS (10: each turns one server down and up), KS_BLB_BACKENDS ("nftables ipvs"), KS_BINARY.
# Appends to bench/lb/results/<commit>/raw.tsv and apply.tsv; bench/lb/report.sh makes the table and plot.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
TRIALS=${KS_BLB_TRIALS:-10}
BACKENDS=${KS_BLB_BACKENDS:-nftables ipvs}
OURS=$(realpath "${KS_BINARY:-$repo/out/keepalived-sharp}")
[ "$(id -u)" -eq 0 ] || { echo "run.sh: needs root (ip netns)" >&2; exit 1; }
[ -x "$OURS" ] || { echo "run.sh: $OURS is missing: run ./build.sh first" >&2; exit 1; }
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10 100 1000)
commit=$("$OURS" --version | grep -oE '[0-9a-f]{7,}' | tail -1)
out=$repo/bench/lb/results/$commit
mkdir -p "$out"
[ -s "$out/raw.tsv" ] || printf 'impl\tbackend\tcount\tdelay_s\tdirection\tlatency_ms\n' >"$out/raw.tsv"
[ -s "$out/apply.tsv" ] || printf 'impl\tbackend\tcount\tapply_ms\n' >"$out/apply.tsv"

for backend in $BACKENDS; do
    [ "$backend" = nftables ] || continue
    for count in "${counts[@]}"; do KS_BINARY=$OURS bench/lb/lab.sh nftables ours "$count" "$TRIALS" 1 "$out"; done
done

case " $BACKENDS " in *" ipvs "*) ;; *) echo "results: $out"; exit 0 ;; esac
# The guest: the same boot as tests' IpvsVm (TestKit/IpvsVm.cs); jobs go through the results share.
cache=$(tests/vm/prepare.sh | tail -1)
share=$(mktemp -d /tmp/ks-blb-vm-XXXXXXXX)
mkdir -p "$share/jobs" "$share/files/bench" "$share/out"
cp "$OURS" "$share/files/keepalived-sharp"
# The guest's /tmp is its own: the scripts go on the share, so a clone under /tmp works too.
cp -r bench/lb bench/failover bench/check "$share/files/bench/"
rm -rf "$share/files/bench/lb/results" "$share/files/bench/check/results"
qemu-system-x86_64 -accel tcg -smp 1 -m 1024 -nodefaults -display none -serial stdio -no-reboot -nic none \
    -kernel "$cache/vmlinux" -initrd "$cache/initrd.cpio" -append "console=ttyS0 quiet panic=-1" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$share,mount_tag=results,security_model=none" </dev/null >"$share/console" 2>&1 &
qemu=$!
finish() {
    # What the guest measured and logged is kept, also when a run failed.
    cat "$share/out/raw.tsv" >>"$out/raw.tsv" 2>/dev/null || true
    cat "$share/out/apply.tsv" >>"$out/apply.tsv" 2>/dev/null || true
    mkdir -p "$out/logs" && cp "$share/out/logs/"* "$out/logs/" 2>/dev/null || true
    touch "$share/poweroff"; sleep 1; kill -9 $qemu 2>/dev/null || true; rm -rf "$share"
}
trap finish EXIT
for ((i = 0; i < 600; i++)); do grep -q KS-VM-READY "$share/console" && break; sleep 0.1; done
grep -q KS-VM-READY "$share/console" || { echo "run.sh: the VM did not boot" >&2; cat "$share/console" >&2; exit 1; }
job=0
in_vm() { # in_vm LIMIT_S COMMAND...: runs in the guest (chrooted into this machine's root, read-only)
    local limit=$1; shift
    job=$((job + 1))
    local j="$share/jobs/$job"
    mkdir -p "$j"
    printf '%s\n' "$*" >"$j/run.sh"
    echo "$limit" >"$j/limit"
    : >"$j/go"
    for ((i = 0; i < (limit + 15) * 10; i++)); do [ -e "$j/exit" ] && break; sleep 0.1; done
    cat "$j/output"
    [ "$(cat "$j/exit" 2>/dev/null)" = 0 ]
}
for count in "${counts[@]}"; do
    # Under TCG a check costs far more than on hardware. At 1,000 servers and 200 checks/s (delay_loop 5) ours
    # saturated the guest's one CPU (its probes timed out and the pool collapsed) where keepalived's did not:
    # 50 checks/s (delay_loop 20) for both, with half the trials, since each waits for a round of checks.
    delay=$(( count >= 1000 ? 20 : 1 ))
    trials=$(( count >= 1000 ? (TRIALS + 1) / 2 : TRIALS ))
    for impl in ours keepalived; do
        in_vm 1800 "KS_BINARY=/run/ks/files/keepalived-sharp /run/ks/files/bench/lb/lab.sh ipvs $impl $count $trials $delay /run/ks/out"
    done
done
echo "results: $out"
