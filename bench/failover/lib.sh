# Sourced by bench/failover/run.sh: throw-away labs in network namespaces, daemons, captures.
# Every namespace is named "$PREFIX..." (PREFIX=ks-bfo-<pid>-); nothing touches the host's interfaces.

# --- namespaces -----------------------------------------------------------------------------------

# sweep_stale [BASE]: deletes labs named BASE<pid>-... (default ks-bfo-) whose owning script is gone.
sweep_stale() {
    local ns pid base=${1:-ks-bfo-}
    for ns in $(ip netns list | awk '{print $1}' | grep "^$base[0-9]*-" || true); do
        pid=${ns#"$base"}; pid=${pid%%-*}
        [ -d "/proc/$pid" ] && continue
        kill_ns "$ns"
    done
}

kill_ns() { # kill_ns NS: SIGKILL whatever runs in it, then delete it
    ip netns pids "$1" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns delete "$1" 2>/dev/null || true
}

# stop_labs: SIGKILL the background processes in BG_PIDS, then remove every namespace of this run.
stop_labs() {
    local p
    for p in "${BG_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    remove_labs
}

# Removes every namespace of this run.
remove_labs() {
    local ns
    for ns in $(ip netns list | awk '{print $1}' | grep "^$PREFIX" || true); do kill_ns "$ns"; done
}

new_ns() { # new_ns NAME: a namespace with lo up and IPv6 off (no RS/MLD noise in the captures)
    ip netns add "$1"
    ip -n "$1" link set lo up
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# make_lab LAB HOST...: namespace $PREFIX$LAB-br with bridge br0, and one namespace $PREFIX$LAB-HOST per
# host whose eth0 (a veth to br0) has 10.0.0.<n>/24, n = 1, 2, ... in argument order.
make_lab() {
    local lab=$1 br="$PREFIX$1-br" n=0 h ns
    shift
    new_ns "$br"
    ip -n "$br" link add br0 type bridge
    ip -n "$br" link set br0 up
    for h in "$@"; do
        n=$((n + 1)); ns="$PREFIX$lab-$h"
        new_ns "$ns"
        ip link add "v$n" netns "$br" type veth peer name eth0 netns "$ns"
        ip -n "$br" link set "v$n" master br0
        ip -n "$br" link set "v$n" up
        ip -n "$ns" addr add "10.0.0.$n/24" dev eth0
        ip -n "$ns" link set eth0 up
    done
    # Packets sent before the veths and the bridge are operational are lost: wait for all of them.
    for ((n = 1; n <= $#; n++)); do wait_up "$br" "v$n"; done
    wait_up "$br" br0
    for h in "$@"; do wait_up "$PREFIX$lab-$h" eth0; done
}

# backends_lab D B: director namespace D (10.88.0.1/24) and backends namespace B (10.88.0.2/24) on a veth
# pair, with 10.89.0.0/16 routed to B's lo, so one server there answers for every real server (bench/check, bench/lb).
backends_lab() {
    local d=$1 b=$2
    new_ns "$d"; new_ns "$b"
    ip link add eth0 netns "$d" type veth peer name eth0 netns "$b"
    ip -n "$d" addr add 10.88.0.1/24 dev eth0
    ip -n "$b" addr add 10.88.0.2/24 dev eth0
    ip -n "$d" link set eth0 up; ip -n "$b" link set eth0 up
    wait_up "$d" eth0; wait_up "$b" eth0
    ip -n "$d" route add 10.89.0.0/16 via 10.88.0.2
    ip -n "$b" route add local 10.89.0.0/16 dev lo
    ip netns exec "$d" sysctl -qw net.ipv4.ip_local_port_range="10000 65000" net.ipv4.tcp_tw_reuse=1
    ip netns exec "$b" sysctl -qw net.core.somaxconn=4096
}

wait_up() { # wait_up NS DEV: until DEV's operational state is UP (bounded, 5 s)
    local i
    for ((i = 0; i < 250; i++)); do
        ip -n "$1" -o link show dev "$2" | grep -q 'state UP' && return 0
        sleep 0.02
    done
    echo "$1: $2 is not up" >&2
    return 1
}

# --- captures -------------------------------------------------------------------------------------

# start_capture LAB FILE: tcpdump on the lab bridge (the observer), VRRP and ARP, nanosecond stamps.
# Sets CAPTURE_PID; returns once tcpdump is listening.
start_capture() {
    local err="$2.err" i
    ip netns exec "$PREFIX$1-br" tcpdump -i br0 -n -s 128 -B 8192 --time-stamp-precision=nano \
        -w "$2" 'ip proto 112 or arp' 2>"$err" &
    CAPTURE_PID=$!
    disown "$CAPTURE_PID"
    BG_PIDS+=("$CAPTURE_PID")
    for ((i = 0; i < 500; i++)); do
        grep -q 'listening on' "$err" 2>/dev/null && return 0
        sleep 0.01
    done
    echo "tcpdump did not start: $(cat "$err")" >&2
    return 1
}

# stop_capture PID: waits 1 s (tcpdump reads the kernel's ring in blocks, and SIGINT drops a block not
# yet handed over), then SIGINT writes the file out; waits (bounded) for tcpdump to exit.
stop_capture() {
    local i
    sleep 1
    kill -INT "$1" 2>/dev/null || true
    for ((i = 0; i < 500; i++)); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.01
    done
    kill -9 "$1" 2>/dev/null || true
}

# packets PCAP: one line per VRRP advert or ARP: epoch src vrrp_version vrid prio arp_sender
packets() {
    tshark -r "$1" -n -T fields -E separator=' ' -E occurrence=f \
        -e frame.time_epoch -e ip.src -e vrrp.version -e vrrp.virt_rtr_id -e vrrp.prio -e arp.src.proto_ipv4 \
        2>/dev/null | awk '{ if (NF == 2) print $1, "arp", "-", "-", "-", $2; else print }'
}

# --- configs --------------------------------------------------------------------------------------

# config COUNT VERSION ADVERT PRIORITY STATE VIP_OF_1: COUNT instances VI_1..VI_COUNT on eth0 with
# VRIDs 1..COUNT. Instance 1 of a 1-instance config carries VIP_OF_1; others 10.0.1.<vrid>/32.
config() {
    local count=$1 version=$2 advert=$3 prio=$4 state=$5 vip1=$6 v vip
    printf 'global_defs {\n    router_id bench\n}\n'
    for ((v = 1; v <= count; v++)); do
        if ((count == 1)); then vip=$vip1; else vip="10.0.1.$v/32"; fi
        cat <<CONF

vrrp_instance VI_$v {
    state $state
    interface eth0
    virtual_router_id $v
    priority $prio
    advert_int $advert
    version $version
    virtual_ipaddress {
        $vip
    }
}
CONF
    done
}

# --- daemons --------------------------------------------------------------------------------------

# start_daemon IMPL NS CONF DIR: starts ours or keepalived in the foreground in NS, logging to
# DIR/log; DIR/t0 gets the wall clock (µs) just before the exec. Sets DAEMON_PID (for keepalived,
# its parent process; `ip netns exec` and bash both exec, so the pid is the daemon's).
start_daemon() {
    local impl=$1 ns=$2 conf=$3 dir=$4 cmd
    mkdir -p "$dir"
    rm -f "$dir"/*.pid
    case $impl in
        ours) cmd=("$OURS" -n -l -f "$conf" -p "$dir/ks.pid") ;;
        keepalived) cmd=("$THEIRS" -n -l -P -f "$conf" -p "$dir/ka.pid" -r "$dir/vrrp.pid" -c "$dir/chk.pid") ;;
        *) echo "unknown implementation $impl" >&2; return 2 ;;
    esac
    ip netns exec "$ns" bash -c 'echo "$EPOCHREALTIME" >"$1"; shift; exec "$@"' _ "$dir/t0" "${cmd[@]}" \
        >>"$dir/log" 2>&1 &
    DAEMON_PID=$!
    disown "$DAEMON_PID" # no job notices when it is killed; cleanup still kills it by pid
    BG_PIDS+=("$DAEMON_PID")
}

# signal_ns NS SIGNAL: every process in NS, newest first (keepalived's VRRP child before its parent,
# so a SIGKILLed child never sees its parent die first).
signal_ns() {
    local pids
    pids=$(ip netns pids "$1" | sort -rn | tr '\n' ' ')
    [ -n "$pids" ] && kill "-$2" $pids 2>/dev/null
    return 0
}

wait_ns_empty() { # wait_ns_empty NS SECONDS
    local i
    for ((i = 0; i < $2 * 50; i++)); do
        [ -z "$(ip netns pids "$1")" ] && return 0
        sleep 0.02
    done
    echo "processes left in $1 after $2 s" >&2
    return 1
}

# wait_log FILE PATTERN COUNT SECONDS: until FILE has at least COUNT lines matching PATTERN.
wait_log() {
    local i c
    for ((i = 0; i < $4 * 50; i++)); do
        c=$(grep -c -- "$2" "$1" 2>/dev/null || true)
        [ "${c:-0}" -ge "$3" ] && return 0
        sleep 0.02
    done
    echo "timeout: '$2' x$3 in $1 (have ${c:-0})" >&2
    tail -5 "$1" >&2
    return 1
}

# wait_state FILE STATE SECONDS: until the last "Entering ... STATE" line of FILE names STATE.
wait_state() {
    local i
    for ((i = 0; i < $3 * 50; i++)); do
        grep -o 'Entering [A-Z]* STATE' "$1" 2>/dev/null | tail -1 | grep -q "Entering $2 STATE" && return 0
        sleep 0.02
    done
    echo "timeout: $1 never reached $2" >&2
    tail -3 "$1" >&2
    return 1
}

count_log() { grep -c -- "$2" "$1" 2>/dev/null || true; }

now_us() { echo "${EPOCHREALTIME/./}"; }

# rand_sleep MAX_MS: a uniform random pause so actions land at any phase of the advert cycle.
rand_sleep() { sleep "$(awk -v m="$1" -v r="$RANDOM" 'BEGIN { printf "%.3f", m * r / 32768 / 1000 }')"; }

# --- /proc ----------------------------------------------------------------------------------------

# cpu_ticks NS: utime+stime of every process in NS, in clock ticks.
cpu_ticks() {
    local p t=0 s
    for p in $(ip netns pids "$1"); do
        s=$(sed 's/.*) //' "/proc/$p/stat") || continue
        t=$((t + $(echo "$s" | awk '{ print $12 + $13 }')))
    done
    echo "$t"
}

# rss_kb NS FIELD: sum of FIELD (VmRSS or VmHWM) over every process in NS, in kB.
rss_kb() {
    local p t=0 v
    for p in $(ip netns pids "$1"); do
        v=$(awk -v f="$2:" '$1 == f { print $2 }' "/proc/$p/status") || continue
        t=$((t + ${v:-0}))
    done
    echo "$t"
}

# --- statistics -----------------------------------------------------------------------------------

# quantiles: numbers on stdin -> "n median p90 p99 max min" (nearest rank).
quantiles() {
    sort -g | awk '{ a[NR] = $1 }
        function q(p,  r) { r = int((p * NR + 99) / 100); if (r < 1) r = 1; if (r > NR) r = NR; return a[r] }
        END { if (NR == 0) { print 0, "-", "-", "-", "-", "-"; exit }
              print NR, q(50), q(90), q(99), a[NR], a[1] }'
}
