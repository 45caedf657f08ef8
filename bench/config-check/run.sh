#!/usr/bin/env bash
# Config-check benchmark: `keepalived-sharp -t -f X` against keepalived 2.2.7's `keepalived -t -f X`
# on a config of 1,000 vrrp_instances, written two ways (~SEQ expansion, and written out in full).
# Both programs run in the SAME run, interleaved, N times each, inside a throw-away network namespace
# that has the interfaces the configs name (keepalived -t rejects missing interfaces). Nothing is sent:
# -t only reads the config and the namespace's interface list.
#
# Wall time: bash's EPOCHREALTIME around each run (microseconds). Peak RSS: /usr/bin/time -v
# ("Maximum resident set size"). The /usr/bin/time fork+exec is inside the wall time of both programs
# alike; its own cost is measured (`true`) and reported as the floor.
#
# Then the pathological inputs of issue 10: 10 MB of unknown keywords, 10 MB of valid-looking blocks
# (global_defs with typos, mistyped vrrp_instance blocks with 16-deep unknown sub-blocks), and one 10 MB line;
# P runs each, interleaved the same way (keepalived takes seconds on these, so P is small).
#
# Usage: bench/config-check/run.sh [N] [P]  (N >= 10, default 20; P >= 3, default 5; needs root for ip netns)
# KS_BINARY overrides the binary measured (default out/keepalived-sharp, which ./build.sh makes).
# Writes the markdown section to docs/bench-config.md and prints it.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
N=${1:-20}
P=${2:-5}
[ "$N" -ge 10 ] || { echo "run.sh: N must be >= 10" >&2; exit 2; }
[ "$P" -ge 3 ] || { echo "run.sh: P must be >= 3" >&2; exit 2; }

ours="${KS_BINARY:-$repo/out/keepalived-sharp}"
theirs=$(command -v keepalived || true)
[ -x "$ours" ] || { echo "run.sh: $ours is missing: run ./build.sh first" >&2; exit 1; }
[ -n "$theirs" ] || { echo "run.sh: keepalived is not installed (apt-get install keepalived)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "run.sh: needs root (ip netns)" >&2; exit 1; }
if [ ! -x /usr/bin/time ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

INSTANCES=1000
IFACES=4                          # 250 instances per interface: a VRID is unique per interface
PER_IF=$((INSTANCES / IFACES))

work=$(mktemp -d /tmp/ks-bench-config.XXXXXX)
ns="ks-bench-$$"
cleanup() {
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns delete "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# --- the namespace: eth0..eth3, veth pairs whose peers stay inside it (nothing leaves the namespace)
ip netns add "$ns"
ip -n "$ns" link set lo up
for ((d = 0; d < IFACES; d++)); do
    ip -n "$ns" link add "eth$d" type veth peer name "peer$d"
    ip -n "$ns" link set "eth$d" up
    ip -n "$ns" link set "peer$d" up
done

# --- the configs
seq_conf="$work/seq.conf"
flat_conf="$work/flat.conf"
cat >"$seq_conf" <<CONF
global_defs {
    router_id bench
}

\$INST=vrrp_instance VI_\${d}_\${v} { \\
    state BACKUP \\
    interface eth\${d} \\
    virtual_router_id \${v} \\
    priority 100 \\
    advert_int 1 \\
    virtual_ipaddress { \\
        10.1\${d}.0.\${v}/32 \\
    } \\
}

~SEQ(d, 0, $((IFACES - 1))) ~SEQ(v, 1, $PER_IF) \$INST
CONF
{
    printf 'global_defs {\n    router_id bench\n}\n'
    for ((d = 0; d < IFACES; d++)); do
        for ((v = 1; v <= PER_IF; v++)); do
            cat <<CONF

vrrp_instance VI_${d}_${v} {
    state BACKUP
    interface eth${d}
    virtual_router_id ${v}
    priority 100
    advert_int 1
    virtual_ipaddress {
        10.1${d}.0.${v}/32
    }
}
CONF
        done
    done
} >"$flat_conf"

# --- one measured run, inside the namespace: appends "<wall_us> <maxrss_kb> <exit> <cpu_us>"
# CPU time (user + sys, bash `time` at 1 ms resolution) barely moves when other work shares the cores;
# wall time does, so both are reported.
cat >"$work/measure.sh" <<'SH'
#!/usr/bin/env bash
# measure.sh OUTFILE CMD...: runs CMD under /usr/bin/time -v, discarding its output.
out=$1; shift
tv=$(mktemp); tt=$(mktemp)
TIMEFORMAT='%3U %3S'
s=$EPOCHREALTIME
{ time /usr/bin/time -v -o "$tv" "$@" >/dev/null 2>&1; } 2>"$tt"
e=$EPOCHREALTIME
rc=$(sed -n 's/.*Exit status: //p' "$tv")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tv")
cpu=$(awk '{ printf "%d", ($1 + $2) * 1000000 }' "$tt")
rm -f "$tv" "$tt"
echo "$(( ${e/./} - ${s/./} )) ${rss:-0} ${rc:-1} ${cpu:-0}" >>"$out"
SH
chmod +x "$work/measure.sh"

# The whole loop runs inside the namespace so `ip netns exec` is not in any measurement.
run_loop() { # run_loop NAME CONF
    local name=$1 conf=$2 i
    for ((i = 0; i < N; i++)); do
        # Interleaved, and the order alternates so neither program always runs on a warm cache.
        if ((i % 2 == 0)); then
            "$work/measure.sh" "$work/$name.ours" "$ours" -t -f "$conf"
            "$work/measure.sh" "$work/$name.theirs" "$theirs" -t -l -n -f "$conf"
        else
            "$work/measure.sh" "$work/$name.theirs" "$theirs" -t -l -n -f "$conf"
            "$work/measure.sh" "$work/$name.ours" "$ours" -t -f "$conf"
        fi
        "$work/measure.sh" "$work/floor" /bin/true
    done
}
export -f run_loop
export work ours theirs N

# --- the pathological configs (10 MB each; none names an interface)
awk 'BEGIN { s = 0; n = 0; while (s < 10485760) { l = sprintf("unknown_kw_%d value_%d\n", n, n * 7 % 1000); printf "%s", l; s += length(l); n++ } }' >"$work/unknown.conf"
awk 'BEGIN { s = 0; n = 0; while (s < 10485760) {
    b = sprintf("global_defs {\n    routr_id r%d\n    vrrp_garp_intervall 1\n    unknown_block_%d {\n        nested_%d {\n            deeper_%d {\n                key_%d value\n            }\n        }\n    }\n}\n", n, n, n, n, n)
    b = b sprintf("vrrp_instanse VI_%d {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    virtual_ipaddress {\n        10.0.0.1/24\n    }\n", n)
    t = ""; for (d = 0; d < 16; d++) t = t sprintf("%*slevel_%d_%d {\n", 4 + 4 * d, "", d, n); for (d = 15; d >= 0; d--) t = t sprintf("%*s}\n", 4 + 4 * d, "")
    b = b t "}\n"; printf "%s", b; s += length(b); n++ } }' >"$work/nested.conf"
awk 'BEGIN { s = 0; n = 0; while (s < 10485760) { w = sprintf("unknown_kw_%d ", n++); printf "%s", w; s += length(w) } }' >"$work/oneline.conf"
run_bad() { # run_bad NAME CONF: like run_loop, P runs; both programs must exit 5
    local name=$1 conf=$2 i
    for ((i = 0; i < P; i++)); do
        if ((i % 2 == 0)); then
            "$work/measure.sh" "$work/$name.ours" "$ours" -t -f "$conf"
            "$work/measure.sh" "$work/$name.theirs" "$theirs" -t -l -n -f "$conf"
        else
            "$work/measure.sh" "$work/$name.theirs" "$theirs" -t -l -n -f "$conf"
            "$work/measure.sh" "$work/$name.ours" "$ours" -t -f "$conf"
        fi
    done
}
export -f run_bad
export P

# Both programs must accept both configs, or the comparison is meaningless.
for conf in "$seq_conf" "$flat_conf"; do
    ip netns exec "$ns" "$ours" -t -f "$conf" >/dev/null 2>&1 || { echo "run.sh: keepalived-sharp rejects $conf" >&2; ip netns exec "$ns" "$ours" -t -f "$conf" 2>&1 | tail -5 >&2; exit 1; }
    ip netns exec "$ns" "$theirs" -t -l -n -f "$conf" >/dev/null 2>&1 || { echo "run.sh: keepalived rejects $conf" >&2; exit 1; }
done
# One warm-up each: page cache for both binaries and the configs.
ip netns exec "$ns" "$ours" -t -f "$seq_conf" >/dev/null 2>&1
ip netns exec "$ns" "$theirs" -t -l -n -f "$seq_conf" >/dev/null 2>&1

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
ip netns exec "$ns" bash -c "run_loop seq '$seq_conf'; run_loop flat '$flat_conf'; run_bad unknown '$work/unknown.conf'; run_bad nested '$work/nested.conf'; run_bad oneline '$work/oneline.conf'"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- statistics: median and p90 (nearest rank) of a column
stat() { # stat FILE COLUMN PERCENT
    local n rank
    n=$(wc -l <"$1")
    rank=$(( ($3 * n + 99) / 100 ))
    [ "$rank" -ge 1 ] || rank=1
    awk -v c="$2" '{print $c}' "$1" | sort -n | sed -n "${rank}p"
}
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
fails() { awk '$3 != 0' "$1" | wc -l; }

for f in seq.ours seq.theirs flat.ours flat.theirs; do
    [ "$(fails "$work/$f")" -eq 0 ] || { echo "run.sh: $f had failing runs" >&2; cat "$work/$f" >&2; exit 1; }
done
for c in unknown nested oneline; do
    for f in "$c.ours" "$c.theirs"; do
        [ "$(awk '$3 != 5' "$work/$f" | wc -l)" -eq 0 ] || { echo "run.sh: $f did not exit 5 every time" >&2; cat "$work/$f" >&2; exit 1; }
    done
done
ours_errors_unknown=$("$ours" -t -f "$work/unknown.conf" 2>&1 | tail -1 || true)

ours_version=$("$ours" --version)
theirs_version=$("$theirs" --version 2>&1 | sed -n 1p || true)
floor_med=$(stat "$work/floor" 1 50)
lines_seq=$(wc -l <"$seq_conf")
lines_flat=$(wc -l <"$flat_conf")
verdict() { # verdict OURS THEIRS
    awk -v a="$1" -v b="$2" 'BEGIN { if (a < b) print "**met**"; else print "**missed**" }'
}

out="$repo/docs/bench-config.md"
{
    echo "## Config check: \`-t\` on 1,000 vrrp_instances"
    echo
    echo "\`keepalived-sharp -t -f X\` against keepalived's \`keepalived -t -l -n -f X\`, both in the same run,"
    echo "interleaved (order alternating), $N runs each per config, inside a throw-away network namespace"
    echo "with the four interfaces the configs name (eth0..eth3, 250 instances each: a VRID is unique per"
    echo "interface). Wall time is measured around each run (bash \`EPOCHREALTIME\`), peak RSS is"
    echo "\`/usr/bin/time -v\`'s maximum resident set size. Target: ours < 1.0x keepalived's median time."
    echo
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), shared with other work), kernel $(uname -r)"
    echo "- keepalived-sharp: \`$ours_version\` (NativeAOT, \`./build.sh\`)"
    echo "- keepalived: \`$theirs_version\` (Debian package)"
    echo "- configs: \`~SEQ\` ($lines_seq lines: one parameterised block, \`~SEQ(d, 0, 3) ~SEQ(v, 1, 250) \$INST\`) and written out ($lines_flat lines)"
    echo "- command: \`sudo bench/config-check/run.sh $N\`"
    echo "- load average (1/5/15 min) before: $load_before, after: $load_after (2 cores; above 2 the wall times include waiting for a core)"
    echo "- floor: starting \`/usr/bin/time -v /bin/true\` costs $(ms "$floor_med") ms (median), included in every figure below"
    echo
    echo "| config | program | median ms | p90 ms | median CPU ms (user+sys) | p90 CPU ms | median peak RSS MB | p90 peak RSS MB |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    for c in seq flat; do
        for who in ours theirs; do
            name=$([ "$who" = ours ] && echo keepalived-sharp || echo keepalived)
            echo "| $c | $name | $(ms "$(stat "$work/$c.$who" 1 50)") | $(ms "$(stat "$work/$c.$who" 1 90)") | $(ms "$(stat "$work/$c.$who" 4 50)") | $(ms "$(stat "$work/$c.$who" 4 90)") | $(mb "$(stat "$work/$c.$who" 2 50)") | $(mb "$(stat "$work/$c.$who" 2 90)") |"
        done
    done
    echo
    echo "| config | time ratio ours/keepalived (median) | p90 ratio | CPU ratio (median) | RSS ratio (median) | target < 1.0x |"
    echo "|---|---:|---:|---:|---:|---|"
    for c in seq flat; do
        om=$(stat "$work/$c.ours" 1 50); tm=$(stat "$work/$c.theirs" 1 50)
        echo "| $c | $(ratio "$om" "$tm")x | $(ratio "$(stat "$work/$c.ours" 1 90)" "$(stat "$work/$c.theirs" 1 90)")x | $(ratio "$(stat "$work/$c.ours" 4 50)" "$(stat "$work/$c.theirs" 4 50)")x | $(ratio "$(stat "$work/$c.ours" 2 50)" "$(stat "$work/$c.theirs" 2 50)")x | $(verdict "$om" "$tm") |"
    done
    echo
    echo "## Config check on pathological input (issue 10)"
    echo
    echo "Same run, same namespace, $P runs each, interleaved (order alternating); both programs must exit 5 every time."
    echo "Targets: ours within 2x keepalived's median wall time, peak RSS under 100 MB. keepalived prints every"
    echo "diagnostic (to stderr and syslog); ours prints the first 1,000 in file order as they are found and counts the"
    echo "rest (\`... N more diagnostic(s) not shown\`, then the exact totals), so past 1,000 it only counts."
    echo
    echo "- unknown: $(wc -l <"$work/unknown.conf") lines \`unknown_kw_N value_M\` ($(du -m "$work/unknown.conf" | cut -f1) MB); ours ends with \`$ours_errors_unknown\`"
    echo "- nested: $(wc -l <"$work/nested.conf") lines: \`global_defs\` blocks with two typos and a 3-deep unknown block, and mistyped \`vrrp_instanse\` blocks holding a 16-deep tower of unknown blocks"
    echo "- oneline: one 10 MB line of \`unknown_kw_N\` words, no newline (ours: \`line longer than 65536 characters\`; keepalived reads it in 1 KB pieces)"
    echo
    echo "| config | program | median ms | p90 ms | median CPU ms | median peak RSS MB | max peak RSS MB |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    for c in unknown nested oneline; do
        for who in ours theirs; do
            name=$([ "$who" = ours ] && echo keepalived-sharp || echo keepalived)
            echo "| $c | $name | $(ms "$(stat "$work/$c.$who" 1 50)") | $(ms "$(stat "$work/$c.$who" 1 90)") | $(ms "$(stat "$work/$c.$who" 4 50)") | $(mb "$(stat "$work/$c.$who" 2 50)") | $(mb "$(stat "$work/$c.$who" 2 100)") |"
        done
    done
    echo
    echo "| config | time ratio ours/keepalived (median) | within 2x | peak RSS < 100 MB |"
    echo "|---|---:|---|---|"
    for c in unknown nested oneline; do
        om=$(stat "$work/$c.ours" 1 50); tm=$(stat "$work/$c.theirs" 1 50)
        twice=$(awk -v t="$tm" 'BEGIN { printf "%d", t * 2 }')
        rss=$(awk -v kb="$(stat "$work/$c.ours" 2 100)" 'BEGIN { if (kb < 102400) print "**met**"; else print "**missed**" }')
        echo "| $c | $(ratio "$om" "$tm")x | $(verdict "$om" "$twice") | $rss |"
    done
} >"$out.tmp"
if [ -f "$repo/bench/config-check/analysis.md" ]; then
    { echo; cat "$repo/bench/config-check/analysis.md"; } >>"$out.tmp"
fi
mv "$out.tmp" "$out"
cat "$out"
