#!/usr/bin/env bash
# One bench/lb run, on this machine's kernel in namespaces (nftables) or inside the IPVS VM (ipvs):
#   lab.sh BACKEND IMPL COUNT TRIALS DELAY OUTDIR
# Namespaces ks-blb-<pid>-d (the director, 10.88.0.1/24) and -b (the backends, 10.88.0.2/24, with
# 10.89.0.0/16 routed to its lo: one bench/check/backend.py answers for every real server). The daemon runs its
# checkers alone (-C) with COUNT real servers, one HTTP_GET each at delay_loop DELAY, and programs the
# director's table; measure.py turns servers down and up. Appends to OUTDIR/raw.tsv:
#   impl backend count delay direction latency_ms
# and, for ours, OUTDIR/apply.tsv (impl backend count apply_ms: each change's cost, from the daemon's log);
# the daemon's log goes to OUTDIR/logs/IMPL-BACKEND-COUNT.log.
set -Eeuo pipefail
backend=$1 impl=$2 count=$3 trials=$4 delay=$5 out=$6
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
OURS=${KS_BINARY:-$repo/out/keepalived-sharp}
PREFIX="ks-blb-$$-"
BG_PIDS=()
. "$repo/bench/failover/lib.sh"
work=$(mktemp -d)
cleanup() {
    stop_labs
    # The daemon's log is kept, also when a run fails.
    mkdir -p "$out/logs"
    cp "$work/daemon.log" "$out/logs/$impl-$backend-$count.log" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
sweep_stale ks-blb-

d="${PREFIX}d" b="${PREFIX}b"
backends_lab "$d" "$b"
ip netns exec "$b" /usr/bin/python3 "$repo/bench/check/backend.py" 80 "$work/control" >"$work/backend.log" 2>&1 &
BG_PIDS+=($!); disown $!
for ((i = 0; i < 600; i++)); do grep -q listening "$work/backend.log" && break; sleep 0.05; done
grep -q listening "$work/backend.log" || { echo "lab.sh: backend.py did not start: $(tail -3 "$work/backend.log")" >&2; exit 1; }

servers=()
{
    printf 'global_defs {\n    router_id bench\n}\nvirtual_server 10.90.0.1 80 {\n    delay_loop %s\n    lb_algo wrr\n    lb_kind NAT\n    protocol TCP\n' "$delay"
    for ((i = 0; i < count; i++)); do
        ip=10.89.$((i / 250)).$((i % 250 + 1)); servers+=("$ip")
        printf '    real_server %s 80 {\n        HTTP_GET {\n            connect_timeout 3\n            retry 0\n            url {\n                path /\n                status_code 200\n            }\n        }\n    }\n' "$ip"
    done
    printf '}\n'
} >"$work/keepalived.conf"

if [ "$impl" = ours ]; then
    cmd=("$OURS" -n -l -C -f "$work/keepalived.conf" -p "$work/ks.pid" -c "$work/chk.pid" --lb-backend "$backend" --control-socket "$work/control.sock")
else
    cmd=(/usr/sbin/keepalived -n -l -C -f "$work/keepalived.conf" -p "$work/ka.pid" -c "$work/chk.pid")
fi
ip netns exec "$d" "${cmd[@]}" >"$work/daemon.log" 2>&1 &
daemon=$!; BG_PIDS+=("$daemon"); disown "$daemon"

# Ready: every real server is in the kernel, then one more round of checks.
in_kernel() {
    if [ "$backend" = ipvs ]; then ip netns exec "$d" grep -c -- '->.*Masq' /proc/net/ip_vs || true
    else grep -oE "nftables: 1 service\(s\), [0-9]+ destination" "$work/daemon.log" | tail -1 | grep -oE '[0-9]+ destination' | grep -oE '[0-9]+' || echo 0; fi
}
for ((i = 0; i < 1200; i++)); do
    [ "$(in_kernel)" = "$count" ] && break
    kill -0 "$daemon" 2>/dev/null || { echo "lab.sh: $impl exited: $(tail -3 "$work/daemon.log")" >&2; exit 1; }
    sleep 0.1
done
[ "$(in_kernel)" = "$count" ] || { echo "lab.sh: $impl: $(in_kernel) of $count servers in the kernel after 120 s" >&2; tail -5 "$work/daemon.log" >&2; exit 1; }
sleep $((delay + 1))
mark=$(wc -l <"$work/daemon.log")

ip netns exec "$d" /usr/bin/python3 "$here/measure.py" --backend "$backend" --control "$work/control" \
    --trials "$trials" --bound $((3 * delay + 10)) --servers "${servers[@]}" | while IFS=$'\t' read -r dir ms; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$impl" "$backend" "$count" "$delay" "$dir" "$ms"
done >>"$out/raw.tsv"
if [ "$impl" = ours ]; then
    tail -n +"$((mark + 1))" "$work/daemon.log" | grep -oE 'in the kernel \([0-9.]+ ms\)' | grep -oE '[0-9.]+' |
        awk -v i="$impl" -v b="$backend" -v c="$count" '{ printf "%s\t%s\t%s\t%s\n", i, b, c, $1 }' >>"$out/apply.tsv"
fi
kill -TERM "$daemon" 2>/dev/null || true
for ((i = 0; i < 300; i++)); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
echo "lab.sh: $impl $backend $count: $(grep -c "^$impl	$backend	$count	" "$out/raw.tsv") changes"
