#!/usr/bin/env bash
# Checker benchmark (issue 11 deliverable 9): COUNT real servers on local backends, one checker each
# (TCP_CHECK or HTTP_GET) at delay_loop 1, run by the checkers alone (-C). Measured per run, over a
# WINDOW s window after WARM s of warm-up:
#   cpu       CPU seconds of the daemon in the window (/proc/PID/stat utime+stime), and % of one core
#   rss       VmRSS at the end of the window; "added" = that minus the same daemon's with 1 real server
#   lateness  from the wire: per real server, the director's SYN that starts a check against its FIN or RST
#             that ended the previous one, minus delay_loop (p50, p99, max in ms; bench/check/lateness.py)
#   checks/s  SYNs per second in the window
# The lab: namespace <prefix>d (the director, 10.88.0.1/24) and <prefix>b (the backends, 10.88.0.2/24,
# with 10.89.0.0/16 routed to its lo, so one asyncio server, bench/check/backend.py, answers for every
# real server 10.89.X.Y:80). Nothing is sent on the host's own interfaces.
# keepalived 2.2.7 is started the same way; on a kernel without IPVS its checker exits at start
# ("IPVS: Can't initialize ipvs"), and the run records that instead of figures.
#
# Usage: bench/check/run.sh [COUNT...]   (root; default 10 100 1000)
#   KS_BCH_CHECKERS (default "tcp http"), KS_BCH_WINDOW (30), KS_BCH_WARM (5), KS_BINARY (out/keepalived-sharp),
#   KS_BCH_IMPLS (default "ours keepalived"), KS_BCH_PERF (a sampling rate: perf record -g over each window; the profiles
#   and those runs' lines, which include perf's cost, go to KS_BCH_PERF_DIR/<commit>, default /tmp/ks-bch-perf).
#   Appends to bench/check/results/<commit>/raw.tsv; bench/check/report.sh makes the table and the plot.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
here=$repo/bench/check
WINDOW=${KS_BCH_WINDOW:-30}
WARM=${KS_BCH_WARM:-5}
CHECKERS=${KS_BCH_CHECKERS:-tcp http}
IMPLS=${KS_BCH_IMPLS:-ours keepalived}
OURS=$(realpath "${KS_BINARY:-$repo/out/keepalived-sharp}")
THEIRS=$(command -v keepalived || echo /usr/sbin/keepalived)
PREFIX="ks-bch-$$-"
BG_PIDS=()
# shellcheck source=bench/failover/lib.sh
. "$repo/bench/failover/lib.sh"

[ "$(id -u)" -eq 0 ] || { echo "run.sh: needs root (ip netns)" >&2; exit 1; }
[ -x "$OURS" ] || { echo "run.sh: $OURS is missing: run ./build.sh first" >&2; exit 1; }
command -v tshark >/dev/null || { echo "run.sh: tshark is missing" >&2; exit 1; }
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10 100 1000)

commit=$("$OURS" --version | grep -oE '[0-9a-f]{7,}' | tail -1)
out=$repo/bench/check/results/$commit
perfs=${KS_BCH_PERF_DIR:-/tmp/ks-bch-perf}
# Profiled runs carry perf's cost: their lines go next to the profiles, not into the results.
[ -z "${KS_BCH_PERF:-}" ] || out=$perfs/$commit
mkdir -p "$out"
raw=$out/raw.tsv
[ -s "$raw" ] || printf 'impl\tchecker\tcount\twindow_s\tcpu_s\tcpu_pct\trss_kb\tchecks_per_s\tlate_p50_ms\tlate_p99_ms\tlate_max_ms\tsamples\tnote\n' >"$raw"
work=$(mktemp -d)
hz=$(getconf CLK_TCK)

cleanup() {
    stop_labs
    rm -rf "$work"
}
trap cleanup EXIT
sweep_stale ks-bch-

lab() {
    local d="${PREFIX}d" b="${PREFIX}b"
    backends_lab "$d" "$b"
    ip netns exec "$b" /usr/bin/python3 "$here/backend.py" 80 >"$work/backend.log" 2>&1 &
    BG_PIDS+=($!)
    wait_log "$work/backend.log" listening 1 10
}

config() { # config CHECKER COUNT
    printf 'global_defs {\n    router_id bench\n}\nvirtual_server 10.90.0.1 80 {\n    delay_loop 1\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n'
    local i
    for ((i = 0; i < $2; i++)); do
        printf '    real_server 10.89.%d.%d 80 {\n' $((i / 250)) $((i % 250 + 1))
        if [ "$1" = tcp ]; then printf '        TCP_CHECK {\n            connect_timeout 3\n        }\n'
        else printf '        HTTP_GET {\n            connect_timeout 3\n            url {\n                path /\n                status_code 200\n            }\n        }\n'; fi
        printf '    }\n'
    done
    printf '}\n'
}

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

run_one() { # run_one IMPL CHECKER COUNT
    local impl=$1 checker=$2 count=$3 dir="$work/$1-$2-$3" conf pid t0 t1 c0 c1 r late pcap n
    mkdir -p "$dir"; conf=$dir/keepalived.conf
    config "$checker" "$count" >"$conf"
    local cmd
    if [ "$impl" = ours ]; then
        cmd=("$OURS" -n -l -C -f "$conf" -p "$dir/ks.pid" -c "$dir/chk.pid")
        "$OURS" --help 2>&1 | grep -q -- --lb-backend && cmd+=(--lb-backend none)
    else
        cmd=("$THEIRS" -n -l -C -f "$conf" -p "$dir/ka.pid" -c "$dir/chk.pid")
    fi
    ip netns exec "${PREFIX}d" "${cmd[@]}" >"$dir/log" 2>&1 &
    pid=$!; BG_PIDS+=("$pid")
    sleep "$WARM"
    # keepalived's checker is its child: measure the checker process when there is one.
    local chk
    chk=$(cat "$dir/chk.pid" 2>/dev/null || true)
    [ -n "$chk" ] && [ -d "/proc/$chk" ] || chk=$pid
    if ! [ -d "/proc/$chk" ] || ! [ -d "/proc/$pid" ]; then
        local why
        why=$(grep -m1 -oE "Can't initialize ipvs[^\"]*|IPVS[^\"]*" "$dir/log" || tail -1 "$dir/log")
        printf '%s\t%s\t%d\t0\t\t\t\t\t\t\t\t0\texited at start: %s\n' "$impl" "$checker" "$count" "${why//$'\t'/ }" >>"$raw"
        echo "$impl $checker $count: exited at start: $why"
        return 0
    fi
    pcap=$dir/cap.pcap
    ip netns exec "${PREFIX}d" tcpdump -i eth0 -n -s 80 -B 16384 -w "$pcap" \
        'src host 10.88.0.1 and tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0' 2>"$dir/tcpdump.err" &
    local cap=$!; BG_PIDS+=("$cap")
    wait_log "$dir/tcpdump.err" 'listening on' 1 10
    t0=$EPOCHREALTIME; c0=$(ticks "$chk")
    if [ -n "${KS_BCH_PERF:-}" ]; then
        # A call-graph profile of the window (perf report -i DIR/perf.data); perf's own cost is in the figures.
        perf record -q -F "$KS_BCH_PERF" -g -p "$chk" -o "$dir/perf.data" -- sleep "$WINDOW" 2>"$dir/perf.err" || true
        cp "$dir/perf.data" "$out/$impl-$checker-$count.perf.data" 2>/dev/null || true
    else
        sleep "$WINDOW"
    fi
    c1=$(ticks "$chk"); t1=$EPOCHREALTIME; r=$(rss "$chk")
    kill -INT "$cap"; wait "$cap" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    late=$(tshark -r "$pcap" -T fields -e frame.time_epoch -e ip.dst -e tcp.flags 2>/dev/null | /usr/bin/python3 "$here/lateness.py" 1)
    n=$(tshark -r "$pcap" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' -T fields -e frame.number 2>/dev/null | wc -l)
    awk -v impl="$impl" -v ch="$checker" -v count="$count" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v hz="$hz" \
        -v rss="$r" -v n="$n" -v late="$late" 'BEGIN { w = t1 - t0; cpu = (c1 - c0) / hz; split(late, l, " ")
            printf "%s\t%s\t%d\t%.1f\t%.2f\t%.1f\t%d\t%.0f\t%s\t%s\t%s\t%s\t\n", impl, ch, count, w, cpu, 100 * cpu / w, rss, n / w, l[1], l[2], l[3], l[4] }' >>"$raw"
    tail -1 "$raw"
}

lab
for checker in $CHECKERS; do
    for impl in $IMPLS; do
        # The 1-server run is the baseline the added RSS is measured from.
        for count in 1 "${counts[@]}"; do run_one "$impl" "$checker" "$count"; done
    done
done
echo "results: $raw"
