# Sourced by bench/scale/run.sh, after bench/failover/lib.sh (namespaces, daemons, log waits).
# Every namespace is named "$PREFIX..." (PREFIX=ks-bsc-<pid>-); nothing touches the host's interfaces.

PER_IF=${KS_BSC_PER_IF:-250} # instances per interface: a VRID is unique per interface (1..255)

# Deletes labs of this benchmark whose owning script (the pid in the name) is gone.
sweep_stale_scale() {
    local ns pid
    for ns in $(ip netns list | awk '{print $1}' | grep '^ks-bsc-[0-9]*-' || true); do
        pid=${ns#ks-bsc-}; pid=${pid%%-*}
        [ -d "/proc/$pid" ] || kill_ns "$ns"
    done
}

ifaces_for() { echo $(( ($1 + PER_IF - 1) / PER_IF )); } # ifaces_for COUNT

# pair_lab LAB IFACES: namespaces $PREFIX$LAB-a and $PREFIX$LAB-b joined by IFACES veth pairs
# eth<d> <-> eth<d>, with 10.0.<d>.1/24 on a's side and 10.0.<d>.2/24 on b's.
pair_lab() {
    local a="$PREFIX$1-a" b="$PREFIX$1-b" d
    new_ns "$a"; new_ns "$b"
    for ((d = 0; d < $2; d++)); do
        ip link add "eth$d" netns "$a" type veth peer name "eth$d" netns "$b"
        ip -n "$a" addr add "10.0.$d.1/24" dev "eth$d"
        ip -n "$b" addr add "10.0.$d.2/24" dev "eth$d"
        ip -n "$a" link set "eth$d" up
        ip -n "$b" link set "eth$d" up
    done
    for ((d = 0; d < $2; d++)); do wait_up "$a" "eth$d"; wait_up "$b" "eth$d"; done
}

# scale_config COUNT VERSION ADVERT PRIORITY: COUNT instances VI_1..VI_COUNT, PER_IF per interface
# (eth0, eth1, ...), VRIDs 1..PER_IF on each; VIP 10.<100+d>.0.<vrid>/32 (only ever inside the lab).
scale_config() {
    local count=$1 version=$2 advert=$3 prio=$4 i d v
    printf 'global_defs {\n    router_id bench\n}\n'
    for ((i = 0; i < count; i++)); do
        d=$((i / PER_IF)); v=$((i % PER_IF + 1))
        cat <<CONF

vrrp_instance VI_$((i + 1)) {
    state BACKUP
    interface eth$d
    virtual_router_id $v
    priority $prio
    advert_int $advert
    version $version
    virtual_ipaddress {
        10.$((100 + d)).0.$v/32
    }
}
CONF
    done
}

# task_ns NS: one "pid/tid ns runs" line per task of every process in NS, from
# /proc/PID/task/TID/schedstat: ns = the task's CPU time (sum_exec_runtime: exact, where
# /proc/PID/stat counts 10 ms clock ticks), runs = how many times it was put on a CPU (its wake-ups
# and preemptions). ns_diff turns two samples into what happened between them.
task_ns() {
    local p t
    for p in $(ip netns pids "$1"); do
        for t in /proc/"$p"/task/*; do
            if [ -r "$t/schedstat" ]; then echo "$p/${t##*/} $(cut -d' ' -f1,3 "$t/schedstat" 2>/dev/null)"; fi
        done
    done
}

# ns_diff BEFORE AFTER: "cpu_ns tasks_gone runs" between two task_ns samples (a task born in between
# counts from 0; a task gone by AFTER loses its part, and is counted).
# %.0f, not %d: mawk clamps %d to 2^31 - 1, which is 2.1 s of CPU.
ns_diff() {
    awk 'NR == FNR { b[$1] = $2; c[$1] = $3; next }
         { s += $2 - ($1 in b ? b[$1] : 0); r += $3 - ($1 in c ? c[$1] : 0); seen[$1] = 1 }
         END { for (k in b) if (!(k in seen)) gone++; printf "%.0f %d %.0f\n", s, gone, r }' "$1" "$2"
}

# mem_kb NS: "rss pss uss pss_anon pss_file hwm" in kB, summed over every process in NS
# (/proc/PID/smaps_rollup; USS = Private_Clean + Private_Dirty; HWM = VmHWM from /proc/PID/status).
mem_kb() {
    local p
    for p in $(ip netns pids "$1"); do
        cat "/proc/$p/smaps_rollup" 2>/dev/null
        grep '^VmHWM:' "/proc/$p/status" 2>/dev/null
    done | awk '$1 == "Rss:" { r += $2 } $1 == "Pss:" { p += $2 } $1 ~ /^Private_(Clean|Dirty):$/ { u += $2 }
                $1 == "Pss_Anon:" { pa += $2 } $1 == "Pss_File:" { pf += $2 } $1 == "VmHWM:" { h += $2 }
                END { printf "%d %d %d %d %d %d\n", r, p, u, pa, pf, h }'
}

rx_packets() { # rx_packets NS: packets received on every ethN of NS
    ip netns exec "$1" sh -c 'cat /sys/class/net/eth*/statistics/rx_packets' | awk '{ s += $1 } END { print s + 0 }'
}

threads_of() { # threads_of NS: tasks over every process in NS
    local p n=0
    for p in $(ip netns pids "$1"); do n=$((n + $(ls "/proc/$p/task" | wc -l))); done
    echo "$n"
}
