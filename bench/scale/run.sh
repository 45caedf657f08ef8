#!/usr/bin/env bash
# Scale benchmark: CPU and memory of keepalived-sharp against keepalived 2.2.7 as the instance count
# grows, in the same run, interleaved. Each run is a throw-away lab of two network namespaces
# (ks-bsc-<pid>-<run>-a and -b) joined by veth pairs eth0..ethK (250 instances per pair: a VRID is
# unique per interface). The implementation measured is MASTER (priority 150) of every instance in
# namespace a; the peer in namespace b is keepalived 2.2.7 as BACKUP (priority 100) of the same
# instances, for both implementations alike, so every advert really crosses the wire and is
# received and processed by a real VRRP peer. Nothing is sent on the host's own interfaces.
#
# One run (master role): start the measured daemon, wait until it is MASTER of every instance, start
# the peer, wait until the peer is BACKUP of every instance, then WARM s of warm-up, then a WINDOW s
# window:
#   cpu      CPU time (ns) of every task of the measured daemon's processes in the window
#            (/proc/PID/task/TID/schedstat), and the same from /proc/PID/stat (10 ms ticks);
#            runs/s: how often its tasks were put on a CPU (schedstat's third field), per second
#   adverts  packets the peer's interfaces received in the window, per second
#   memory   at the end of the window the peer is killed first (so keepalived's PSS is not lowered
#            by a keepalived peer sharing its pages), then Rss, Pss, USS (Private_*), Pss_Anon,
#            Pss_File (/proc/PID/smaps_rollup) and VmHWM, summed over the measured processes.
#
# Usage: bench/scale/run.sh SPEC...   (root)   SPEC = v3:10 | v3:100 | v3:1000 | v2:100 | vV:COUNT
#   v3 runs use advert_int 0.1, v2 runs advert_int 1. Each SPEC runs TRIALS trials (KS_BSC_TRIALS,
#   default 3); in each trial both implementations run one after the other, the order alternating
#   (ours first in odd trials). Lines are appended to bench/scale/results/<commit>/raw.tsv, <commit>
#   from `keepalived-sharp --version` (KS_BSC_RESULTS for another folder); bench/scale/report.sh
#   makes the tables and the plots from such a folder.
#   KS_BSC_WINDOW (default 30) and KS_BSC_WARM (default 8) set the window and the warm-up, in s.
#   KS_BINARY picks the binary measured (default out/keepalived-sharp, which ./build.sh makes).
#   KS_BSC_IMPLS (default "ours keepalived") picks the implementations measured; KS_BSC_PER_IF
#   (default 250) the instances per interface (fewer: more interfaces, sockets and receive threads).
#   KS_BSC_ROLE=backup measures the other side: keepalived (priority 150) is the master in b and the
#   implementation measured is BACKUP (priority 100) in a, receiving every advert (results go to
#   results/<commit>-backup; "adverts/s" is then what a received). KS_BSC_SMAPS=1 keeps each measured
#   process's /proc/PID/smaps at the end (results/.../smaps/), for attributing memory to mappings.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
here=$repo/bench/scale
TRIALS=${KS_BSC_TRIALS:-3}
WINDOW=${KS_BSC_WINDOW:-30}
WARM=${KS_BSC_WARM:-8}
IMPLS=${KS_BSC_IMPLS:-ours keepalived}
ROLE=${KS_BSC_ROLE:-master}
OURS=$(realpath "${KS_BINARY:-$repo/out/keepalived-sharp}")
THEIRS=$(command -v keepalived || echo /usr/sbin/keepalived)
PREFIX="ks-bsc-$$-"
BG_PIDS=()
# shellcheck source=bench/failover/lib.sh
. "$repo/bench/failover/lib.sh"
# shellcheck source=bench/scale/lib.sh
. "$here/lib.sh"

[ "$(id -u)" -eq 0 ] || { echo "run.sh: needs root (ip netns)" >&2; exit 1; }
[ $# -gt 0 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 2; }
[ -x "$OURS" ] || { echo "run.sh: $OURS is missing: run ./build.sh first" >&2; exit 1; }
if [ ! -x "$THEIRS" ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq keepalived >/dev/null
    THEIRS=$(command -v keepalived)
fi

ours_version=$("$OURS" --version)
work=$(mktemp -d /tmp/ks-bsc.XXXXXX)
results=${KS_BSC_RESULTS:-$here/results/${ours_version##*+}$([ "$ROLE" = master ] || echo "-$ROLE")}
mkdir -p "$results"
cleanup() {
    stop_labs
    [ -n "${KS_BSC_KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM
trap 'echo "run.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
sweep_stale_scale

log() { echo "[$(date +%T)] $*" >&2; }

{
    echo "date: $(date -u '+%F %T UTC') specs: $* trials: $TRIALS window: $WINDOW s warm-up: $WARM s per interface: $PER_IF role: $ROLE"
    echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), kernel $(uname -r)"
    echo "ours: $ours_version ($OURS, $(stat -c %s "$OURS") bytes)"
    echo "keepalived: $("$THEIRS" -v 2>&1 | sed -n 1p)"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >>"$results/run-info.txt"
[ -s "$results/raw.tsv" ] || printf '%s\n' "version advert count impl trial window_s cpu_s cpu_tick_s tasks_gone procs threads adverts_per_s rss_kb pss_kb uss_kb pss_anon_kb pss_file_kb hwm_kb load1 ours_version takeovers_in_window runs_per_s" \
    | tr ' ' '\t' >"$results/raw.tsv"

# one_run VERSION ADVERT COUNT IMPL TRIAL: one lab, one measurement, one line of raw.tsv.
one_run() {
    local version=$1 adv=$2 count=$3 impl=$4 trial=$5 lab="r$RANDOM" a b dir mdi
    a="$PREFIX$lab-a"; b="$PREFIX$lab-b"; dir="$work/$lab"
    mkdir -p "$dir"
    # The measured side becomes master after its Master_Down_Interval; bound the waits generously.
    mdi=$(awk -v v="$version" -v a="$adv" -v n="$count" 'BEGIN { printf "%d", 3 * a + (v == 3 ? a : 1) + 20 + n / 50 }')
    pair_lab "$lab" "$(ifaces_for "$count")"
    # master role: the measured daemon (priority 150) becomes master first, then the peer (100)
    # starts and stays backup. backup role: the peer (150) first, then the measured daemon (100).
    local mprio=150 pprio=100 first=m second=p fstate=MASTER sstate=BACKUP rxns=$b
    if [ "$ROLE" = backup ]; then mprio=100; pprio=150; first=p; second=m; rxns=$a; fi
    scale_config "$count" "$version" "$adv" $mprio >"$dir/m.conf"
    scale_config "$count" "$version" "$adv" $pprio >"$dir/p.conf"
    declare -A who=([m]="$impl $a" [p]="keepalived $b")
    start_daemon ${who[$first]} "$dir/$first.conf" "$dir/$first"
    wait_log "$dir/$first/log" "Entering $fstate STATE" "$count" "$mdi"
    start_daemon ${who[$second]} "$dir/$second.conf" "$dir/$second"
    wait_log "$dir/$second/log" "Entering $sstate STATE" "$count" "$mdi"
    sleep "$WARM"
    local t1 t2 k1 k2 r1 r2
    local f1 f2
    f1=$(count_log "$dir/$second/log" "Entering MASTER STATE")
    task_ns "$a" >"$dir/ns1"; k1=$(cpu_ticks "$a"); r1=$(rx_packets "$rxns"); t1=$(now_us)
    sleep "$WINDOW"
    task_ns "$a" >"$dir/ns2"; k2=$(cpu_ticks "$a"); r2=$(rx_packets "$rxns"); t2=$(now_us)
    f2=$(count_log "$dir/$second/log" "Entering MASTER STATE")
    local procs threads cpu gone runs
    procs=$(ip netns pids "$a" | wc -l); threads=$(threads_of "$a")
    read -r cpu gone runs < <(ns_diff "$dir/ns1" "$dir/ns2")
    # The backup side should never take over: if it does, the master was late (or the backup missed
    # adverts); a takeover in the window also adds work for the master. Counted and kept in raw.tsv.
    if [ "${f2:-0}" -ne 0 ]; then
        log "warning: the backup side entered MASTER $f1 times before the window, $((f2 - f1)) in it"
        echo "v$version $count $impl trial $trial: the backup side entered MASTER $f1 times before the window, $((f2 - f1)) in it" >>"$results/run-info.txt"
        [ -z "${KS_BSC_KEEP:-}" ] || cp -r "$dir" "$results/flap-v$version-$count-$impl-$trial"
    fi
    signal_ns "$b" KILL; wait_ns_empty "$b" 10
    local mem p
    mem=$(mem_kb "$a")
    if [ -n "${KS_BSC_SMAPS:-}" ]; then
        mkdir -p "$results/smaps"
        for p in $(ip netns pids "$a"); do cp "/proc/$p/smaps" "$results/smaps/v$version-$count-$impl-$trial-$p.smaps"; done
    fi
    signal_ns "$a" TERM
    wait_ns_empty "$a" 20 || { signal_ns "$a" KILL; wait_ns_empty "$a" 10; }
    kill_ns "$a"; kill_ns "$b"
    awk -v ver="v$version" -v adv="$adv" -v n="$count" -v impl="$impl" -v tr="$trial" -v t1="$t1" -v t2="$t2" \
        -v cpu="$cpu" -v ticks="$((k2 - k1))" -v hz="$(getconf CLK_TCK)" -v gone="$gone" -v procs="$procs" \
        -v threads="$threads" -v rx="$((r2 - r1))" -v mem="$mem" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
        -v ov="${ours_version// /_}" -v flaps="$((f2 - f1))" -v runs="$runs" 'BEGIN {
            w = (t2 - t1) / 1e6; split(mem, m, " ")
            printf "%s\t%s\t%d\t%s\t%d\t%.3f\t%.4f\t%.2f\t%d\t%d\t%d\t%.0f\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%d\t%.0f\n",
                ver, adv, n, impl, tr, w, cpu / 1e9, ticks / hz, gone, procs, threads, rx / w,
                m[1], m[2], m[3], m[4], m[5], m[6], load, ov, flaps, runs / w }' | tee -a "$results/raw.tsv" >&2
}

for spec in "$@"; do
    version=${spec%%:*}; version=${version#v}; count=${spec#*:}
    case $version in 2) adv=1 ;; 3) adv=0.1 ;; *) echo "run.sh: bad spec $spec" >&2; exit 2 ;; esac
    for ((trial = 1; trial <= TRIALS; trial++)); do
        order=$IMPLS
        ((trial % 2)) || order=$(echo "$IMPLS" | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i }')
        for impl in $order; do
            log "v$version advert_int $adv, $count instances, $impl as $ROLE, trial $trial/$TRIALS"
            one_run "$version" "$adv" "$count" "$impl" "$trial"
        done
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/run-info.txt"
