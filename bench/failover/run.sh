#!/usr/bin/env bash
# Failover benchmark: keepalived-sharp against keepalived 2.2.7, in the same run, interleaved, on the
# wire. Every lab is a set of throw-away network namespaces (ks-bfo-<pid>-*) joined by veths to a
# bridge in its own namespace; tcpdump on that bridge is the observer and every figure comes from
# its packet timestamps (nanoseconds), never from daemon logs (logs are only used to know when to
# go on). Nothing is sent on the host's own interfaces.
#
# Phases (KS_BFO_PHASES, default "startup failover soak"; failover-v2 and failover-v3 run one variant):
#   startup   process start (wall clock just before the exec) -> first advert on the wire, for an
#             address owner (priority 255, state MASTER, v2 advert_int 1); and its first GARP.
#   failover  two nodes: keepalived 2.2.7 as master (priority 150), the implementation measured as
#             backup (priority 100); v2 advert_int 1 and v3 advert_int 0.1. Crash: kill -9 of the
#             master; overshoot = (backup's first advert - master's last advert) - Master_Down_Interval.
#             Graceful: SIGTERM of the master; overshoot = (backup's first advert - the priority-0
#             advert) - Skew_Time. Also the backup's first GARP after its first advert.
#   soak      the implementation measured as master (priority 150) of 1 and of 100 instances with a
#             keepalived peer (priority 100), v2 advert_int 1 and v3 advert_int 0.1, SOAK seconds of
#             steady state: CPU time (utime+stime, /proc) and RSS (VmRSS, VmHWM) summed over all the
#             implementation's processes, and the jitter of each instance's advert intervals.
#
# Usage: bench/failover/run.sh            (root; N=KS_BFO_N trials, default 20; SOAK=KS_BFO_SOAK s, default 30)
# KS_BINARY picks the binary measured (default out/keepalived-sharp, which ./build.sh makes).
# Raw per-trial figures and the tables go to bench/failover/results/; plots to docs/img/failover-*.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
here=$repo/bench/failover
N=${KS_BFO_N:-20}
SOAK=${KS_BFO_SOAK:-30}
PHASES=${KS_BFO_PHASES:-startup failover soak}
OURS=$(realpath "${KS_BINARY:-$repo/out/keepalived-sharp}")
THEIRS=$(command -v keepalived || echo /usr/sbin/keepalived)
PREFIX="ks-bfo-$$-"
BG_PIDS=()
# shellcheck source=bench/failover/lib.sh
. "$here/lib.sh"

[ "$(id -u)" -eq 0 ] || { echo "run.sh: needs root (ip netns)" >&2; exit 1; }
[ -x "$OURS" ] || { echo "run.sh: $OURS is missing: run ./build.sh first" >&2; exit 1; }
need=()
[ -x "$THEIRS" ] || need+=(keepalived)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v tshark >/dev/null || need+=(tshark)
command -v gnuplot >/dev/null || need+=(gnuplot-nox)
if ((${#need[@]})); then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    THEIRS=$(command -v keepalived)
fi

work=$(mktemp -d /tmp/ks-bfo.XXXXXX)
results=${KS_BFO_RESULTS:-$here/results}
mkdir -p "$results"
cleanup() {
    stop_labs
    [ -n "${KS_BFO_KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
sweep_stale

log() { echo "[$(date +%T)] $*" >&2; }

{
    echo "date: $(date -u '+%F %T UTC')"
    echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), kernel $(uname -r)"
    echo "ours: $("$OURS" --version)"
    echo "keepalived: $("$THEIRS" -v 2>&1 | head -1)"
    echo "N=$N SOAK=$SOAK phases: $PHASES"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$results/run-info.txt"
cat "$results/run-info.txt" >&2

# ---- phase: start-up -----------------------------------------------------------------------------

phase_startup() {
    local i impl order t0 tkill dir ns="${PREFIX}st-n"
    log "startup: $N trials each"
    make_lab st n
    config 1 2 1 255 MASTER 10.0.0.100/24 >"$work/owner.conf"
    start_capture st "$work/startup.pcap"
    local cap=$CAPTURE_PID
    : >"$work/startup.trials"
    for ((i = 1; i <= N; i++)); do
        if ((i % 2)); then order="ours keepalived"; else order="keepalived ours"; fi
        for impl in $order; do
            dir="$work/st/$impl-$i"
            start_daemon "$impl" "$ns" "$work/owner.conf" "$dir"
            wait_log "$dir/log" "Entering MASTER STATE" 1 10
            sleep 0.3 # its first GARPs
            tkill=$(now_us)
            signal_ns "$ns" KILL
            wait_ns_empty "$ns" 10
            t0=$(cat "$dir/t0"); t0=${t0/./}
            echo "$impl $i $t0 $tkill" >>"$work/startup.trials"
        done
    done
    stop_capture "$cap"
    packets "$work/startup.pcap" >"$work/startup.packets"
    # per trial: impl trial start_to_first_advert_ms first_advert_to_first_garp_ms
    awk 'NR == FNR { impl[NR] = $1; tr[NR] = $2; t0[NR] = $3 / 1e6; t1[NR] = $4 / 1e6; n = NR; next }
         { for (k = 1; k <= n; k++) if ($1 > t0[k] && $1 < t1[k]) {
               if ($2 == "10.0.0.1" && !(k in adv)) adv[k] = $1
               if ($2 == "arp" && (k in adv) && !(k in garp)) garp[k] = $1 } }
         END { for (k = 1; k <= n; k++)
                   printf "%s %d %.3f %.3f\n", impl[k], tr[k], (adv[k] - t0[k]) * 1000, (garp[k] - adv[k]) * 1000 }' \
        "$work/startup.trials" "$work/startup.packets" >"$results/startup.tsv"
}

# ---- phase: failover -----------------------------------------------------------------------------

# start_masters VARIANT TAG SECONDS: starts keepalived as master in both labs of VARIANT at once;
# true once each is MASTER and its backup is in BACKUP (the backup may have to be preempted).
start_masters() {
    local var=$1 tag=$2 tmo=$3 lab
    for lab in o k; do
        start_daemon keepalived "$PREFIX$var$lab-m" "$work/$var-m.conf" "$work/$var$lab/m-$tag"
        mpids[$lab]=$DAEMON_PID
    done
    for lab in o k; do
        wait_log "$work/$var$lab/m-$tag/log" "Entering MASTER STATE" 1 "$tmo" || return 1
        wait_state "$work/$var$lab/b/log" BACKUP "$tmo" || return 1
    done
}

# stop_master LAB SIGNAL: signals the master's processes, waits for them (SIGKILL after 10 s), and
# removes the VIP a killed master leaves on its interface (as a reboot would).
stop_master() {
    local ns="$PREFIX$1-m"
    signal_ns "$ns" "$2"
    wait_ns_empty "$ns" 10 || { signal_ns "$ns" KILL; wait_ns_empty "$ns" 10; }
    ip -n "$ns" addr del 10.0.0.100/24 dev eth0 2>/dev/null || true
}

# failover VARIANT VERSION ADVERT: labs "<variant>o" (ours as backup) and "<variant>k" (keepalived as
# backup), keepalived as master in both; crash and graceful trials alternate labs and order.
phase_failover() {
    local var=$1 version=$2 adv=$3 adv_ms mdi skew lab i kind order mpid bcount bb t
    adv_ms=$(awk -v a="$adv" 'BEGIN { printf "%d", a * 1000 }')
    # RFC 5798 §6.1 for the backup's priority 100 (v2, RFC 3768: Skew_Time in whole seconds).
    skew=$(awk -v v="$version" -v a="$adv" 'BEGIN { printf "%.7f", (256 - 100) / 256 * (v == 3 ? a : 1) }')
    mdi=$(awk -v a="$adv" -v s="$skew" 'BEGIN { printf "%.7f", 3 * a + s }')
    local tmo=$(( ${mdi%.*} + 15 ))
    log "failover $var: $N crash + $N graceful trials per backup (Master_Down_Interval $mdi s, Skew_Time $skew s)"
    config 1 "$version" "$adv" 150 BACKUP 10.0.0.100/24 >"$work/$var-m.conf"
    config 1 "$version" "$adv" 100 BACKUP 10.0.0.100/24 >"$work/$var-b.conf"
    declare -A caps mpids bimpl
    bimpl[o]=ours; bimpl[k]=keepalived
    for lab in o k; do
        make_lab "$var$lab" m b
        start_capture "$var$lab" "$work/$var$lab.pcap"
        caps[$lab]=$CAPTURE_PID
        start_daemon "${bimpl[$lab]}" "$PREFIX$var$lab-b" "$work/$var-b.conf" "$work/$var$lab/b"
        mpids[$lab]=""
    done
    for lab in o k; do wait_log "$work/$var$lab/b/log" "Entering BACKUP STATE" 1 10; done
    : >"$work/$var.trials"
    local skipped=0 attempt ready g
    for ((i = 1; i <= N; i++)); do
        for kind in crash graceful; do
            ready=0
            for attempt in 1 2 3; do
                if start_masters "$var" "$kind-$i-$attempt" "$tmo"; then ready=1; break; fi
                log "failover $var: masters not ready for $kind trial $i (attempt $attempt); restarting them"
                for lab in o k; do stop_master "$var$lab" KILL; done
            done
            ((ready)) || { echo "failover $var: masters never became ready" >&2; return 1; }
            sleep "$(awk -v a="$adv" 'BEGIN { print 2 * a + 0.2 }')" # the backups hear a few adverts
            g=0; [ "$kind" = graceful ] && g=1
            if (((i + g) % 2)); then order="o k"; else order="k o"; fi
            for lab in $order; do
                rand_sleep "$adv_ms"
                bcount=$(count_log "$work/$var$lab/b/log" "Entering MASTER STATE")
                t=$(now_us)
                if [ "$kind" = crash ]; then signal_ns "$PREFIX$var$lab-m" KILL
                else kill -TERM "${mpids[$lab]}"; fi
                if wait_log "$work/$var$lab/b/log" "Entering MASTER STATE" $((bcount + 1)) "$tmo"; then
                    sleep 0.2 # its GARPs
                    echo "$lab $kind $i $t" >>"$work/$var.trials"
                else
                    skipped=$((skipped + 1))
                    log "failover $var: lab $lab $kind trial $i: the backup did not take over; trial dropped"
                fi
                stop_master "$var$lab" KILL
            done
        done
        log "failover $var: trial $i/$N done"
    done
    echo "failover $var: trials dropped: $skipped" >>"$results/run-info.txt"
    for lab in o k; do
        stop_capture "${caps[$lab]}"
        packets "$work/$var$lab.pcap" >"$work/$var$lab.packets"
        # per trial: variant backup_impl kind trial overshoot_ms gap_ms garp_after_advert_ms
        awk -v lab="$lab" -v impl="${bimpl[$lab]}" -v var="$var" -v mdi="$mdi" -v skew="$skew" '
            NR == FNR { if ($1 == lab) { kind[++n] = $2; tr[n] = $3; t[n] = $4 / 1e6 } next }
            { ts[++m] = $1; src[m] = $2; prio[m] = $5 }
            END {
                for (k = 1; k <= n; k++) {
                    ref = 0; first = 0; garp = 0
                    for (j = 1; j <= m; j++) {
                        if (ts[j] <= t[k]) continue
                        if (src[j] == "10.0.0.2") { first = ts[j]; break }
                    }
                    if (kind[k] == "crash") {
                        for (j = 1; j <= m && ts[j] < first; j++) if (src[j] == "10.0.0.1") ref = ts[j]
                        base = mdi
                    } else {
                        for (j = 1; j <= m; j++) if (ts[j] >= t[k] && src[j] == "10.0.0.1" && prio[j] == 0) { ref = ts[j]; break }
                        base = skew
                    }
                    for (j = 1; j <= m; j++) if (ts[j] > t[k] && src[j] == "arp") { garp = ts[j]; break }
                    if (!ref || !first || !garp) { printf "%s %s %s %d missing\n", var, impl, kind[k], tr[k] > "/dev/stderr"; continue }
                    printf "%s %s %s %d %.3f %.3f %.3f\n", var, impl, kind[k], tr[k],
                        (first - ref - base) * 1000, (first - ref) * 1000, (garp - first) * 1000
                }
            }' "$work/$var.trials" "$work/$var$lab.packets"
    done >"$results/failover-$var.tsv"
    for lab in o k; do kill -TERM $(ip netns pids "$PREFIX$var$lab-b") 2>/dev/null || true; done
    for lab in o k; do remove_lab_ns "$var$lab"; done
}

remove_lab_ns() { # remove_lab_ns LAB
    local ns
    for ns in $(ip netns list | awk '{print $1}' | grep "^$PREFIX$1-" || true); do kill_ns "$ns"; done
}

# ---- phase: soak (CPU, RSS, jitter) ---------------------------------------------------------------

# soak VARIANT VERSION ADVERT COUNT IMPL: IMPL as master of COUNT instances, a keepalived peer.
soak_run() {
    local var=$1 version=$2 adv=$3 count=$4 impl=$5 name="$1-$4-$5" c1 c2 t1 t2 rss hwm hz ns
    local mdi
    mdi=$(awk -v v="$version" -v a="$adv" 'BEGIN { printf "%d", 3 * a + (256 - 150) / 256 * (v == 3 ? a : 1) + 10 }')
    make_lab "s$name" m p
    ns="${PREFIX}s$name-m"
    config "$count" "$version" "$adv" 150 BACKUP 10.0.0.100/24 >"$work/soak-m-$var-$count.conf"
    config "$count" "$version" "$adv" 100 BACKUP 10.0.0.100/24 >"$work/soak-p-$var-$count.conf"
    start_capture "s$name" "$work/soak-$name.pcap"
    local cap=$CAPTURE_PID
    start_daemon keepalived "${PREFIX}s$name-p" "$work/soak-p-$var-$count.conf" "$work/soak-$name/p"
    start_daemon "$impl" "$ns" "$work/soak-m-$var-$count.conf" "$work/soak-$name/m"
    wait_log "$work/soak-$name/m/log" "Entering MASTER STATE" "$count" "$mdi"
    sleep 6 # past the garp_master_delay (5 s) repeat: steady state only
    t1=$(now_us); c1=$(cpu_ticks "$ns")
    sleep "$SOAK"
    c2=$(cpu_ticks "$ns"); t2=$(now_us)
    rss=$(rss_kb "$ns" VmRSS); hwm=$(rss_kb "$ns" VmHWM)
    local anon file
    anon=$(rss_kb "$ns" RssAnon); file=$(rss_kb "$ns" RssFile)
    local nproc
    nproc=$(ip netns pids "$ns" | wc -l)
    signal_ns "$ns" TERM
    signal_ns "${PREFIX}s$name-p" TERM
    wait_ns_empty "$ns" 20 || signal_ns "$ns" KILL
    wait_ns_empty "${PREFIX}s$name-p" 20 || signal_ns "${PREFIX}s$name-p" KILL
    stop_capture "$cap"
    remove_lab_ns "s$name"
    hz=$(getconf CLK_TCK)
    # variant count impl processes window_s cpu_s cpu_s_per_30s rss_kb hwm_kb anon_kb file_kb
    awk -v var="$var" -v count="$count" -v impl="$impl" -v np="$nproc" -v t1="$t1" -v t2="$t2" \
        -v c="$((c2 - c1))" -v hz="$hz" -v rss="$rss" -v hwm="$hwm" -v anon="$anon" -v file="$file" 'BEGIN {
            w = (t2 - t1) / 1e6; cpu = c / hz
            printf "%s %d %s %d %.2f %.2f %.3f %d %d %d %d\n", var, count, impl, np, w, cpu, cpu * 30 / w, rss, hwm, anon, file }' \
        >>"$results/soak.tsv"
    # intervals between consecutive adverts of each instance from the master, inside the window
    packets "$work/soak-$name.pcap" | awk -v t1="$t1" -v t2="$t2" -v adv="$adv" -v tag="$var $count $impl" '
        $2 == "10.0.0.1" && $5 > 0 && $1 >= t1 / 1e6 && $1 <= t2 / 1e6 {
            if ($4 in last) printf "%s %d %.4f\n", tag, $4, ($1 - last[$4] - adv) * 1000
            last[$4] = $1 }' >>"$results/jitter.tsv"
}

phase_soak() {
    local var version adv count impl i=0 order
    : >"$results/soak.tsv"; : >"$results/jitter.tsv"; rm -f "$results/jitter.tsv.gz"
    for spec in "v2 2 1" "v3 3 0.1"; do
        read -r var version adv <<<"$spec"
        for count in 1 100; do
            i=$((i + 1))
            if ((i % 2)); then order="ours keepalived"; else order="keepalived ours"; fi
            for impl in $order; do
                log "soak $var advert_int $adv, $count instance(s), $impl as master: ${SOAK} s"
                soak_run "$var" "$version" "$adv" "$count" "$impl"
            done
        done
    done
    gzip -9f "$results/jitter.tsv" # one line per advert interval: ~1.6 MB raw
}

t_start=$(now_us)
for phase in $PHASES; do
    case $phase in
        startup) phase_startup ;;
        failover) phase_failover v2 2 1; phase_failover v3 3 0.1 ;;
        failover-v2) phase_failover v2 2 1 ;;
        failover-v3) phase_failover v3 3 0.1 ;;
        soak) phase_soak ;;
        *) echo "unknown phase $phase" >&2; exit 2 ;;
    esac
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/run-info.txt"
echo "bench time: $(( ($(now_us) - t_start) / 1000000 )) s" >>"$results/run-info.txt"
"$here/report.sh" "$results"
