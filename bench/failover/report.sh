#!/usr/bin/env bash
# Tables (RESULTS/results.md) and plots (docs/img/failover-*.png for bench/failover/results, else
# RESULTS/failover-*.png) from the raw figures run.sh wrote.
# Usage: bench/failover/report.sh [RESULTS]    (default bench/failover/results)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$PWD/bench/failover
results=${1:-$here/results}
# The committed run's plots go to docs/img; any other results folder gets its plots beside its tables.
if [ "$(realpath "$results")" = "$here/results" ]; then img=$PWD/docs/img; else img=$(realpath "$results"); fi
# shellcheck source=bench/failover/lib.sh
. "$here/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jitter=$tmp/jitter.tsv
if [ -s "$results/jitter.tsv.gz" ]; then zcat "$results/jitter.tsv.gz" >"$jitter"; else : >"$jitter"; fi

# row LABEL: numbers on stdin -> "| LABEL | n | median | p90 | p99 | max |"
row() { quantiles | awk -v l="$1" '{ printf "| %s | %s | %s | %s | %s | %s |\n", l, $1, $2, $3, $4, $5 }'; }

# failover_rows KIND COLUMN WHO: a table of COLUMN of the failover trials of KIND (crash, graceful, any)
# per variant and implementation.
failover_rows() {
    local f var impl
    echo
    echo "| variant, $3 | n | median | p90 | p99 | max |"
    echo "|---|---|---|---|---|---|"
    for f in $files; do
        var=$(basename "$f" .tsv); var=${var#failover-}
        for impl in ours keepalived; do
            awk -v i="$impl" -v k="$1" -v c="$2" '$2 == i && (k == "any" || $3 == k) { print $c }' "$f" | row "$var, $impl"
        done
    done
}

{
    echo "# Failover benchmark results"
    echo
    echo '```'
    cat "$results/run-info.txt"
    echo '```'

    if [ -s "$results/startup.tsv" ]; then
        echo
        echo "## Start-up: process start to first advert (ms), address owner (priority 255), v2"
        echo
        echo "| implementation | n | median | p90 | p99 | max |"
        echo "|---|---|---|---|---|---|"
        for impl in ours keepalived; do awk -v i="$impl" '$1 == i { print $3 }' "$results/startup.tsv" | row "$impl"; done
        echo
        echo "First GARP after that first advert (ms):"
        echo
        echo "| implementation | n | median | p90 | p99 | max |"
        echo "|---|---|---|---|---|---|"
        for impl in ours keepalived; do awk -v i="$impl" '$1 == i { print $4 }' "$results/startup.tsv" | row "$impl"; done
    fi

    files=$(ls "$results"/failover-*.tsv 2>/dev/null || true)
    if [ -n "$files" ]; then
        echo
        echo "## Crash failover (kill -9 of a keepalived master): overshoot beyond Master_Down_Interval (ms)"
        failover_rows crash 5 "backup measured"
        echo
        echo "## Graceful failover (SIGTERM of a keepalived master): overshoot beyond Skew_Time after the priority-0 advert (ms)"
        failover_rows graceful 5 "backup measured"
        echo
        echo "## New master's first GARP after its first advert (ms), crash and graceful trials"
        failover_rows any 7 "new master"
    fi

    if [ -s "$results/soak.tsv" ]; then
        echo
        echo "## CPU and memory as master with a keepalived peer (sum over the implementation's processes)"
        echo
        echo "| variant | instances | implementation | processes | window (s) | CPU (s) | CPU per 30 s | RSS (MB) | peak RSS (MB) | anonymous (MB) | file-backed (MB) |"
        echo "|---|---|---|---|---|---|---|---|---|---|---|"
        awk '{ printf "| %s | %d | %s | %d | %.1f | %.2f | %.2f | %.1f | %.1f | %.1f | %.1f |\n", $1, $2, $3, $4, $5, $6, $7, $8 / 1024, $9 / 1024, $10 / 1024, $11 / 1024 }' "$results/soak.tsv"
    fi

    if [ -s "$jitter" ]; then
        echo
        echo "## Advert interval jitter of the master: |interval - advert_int| over every instance (ms)"
        echo
        echo "| variant | instances | implementation | intervals | median | p90 | p99 | max | mean signed |"
        echo "|---|---|---|---|---|---|---|---|---|"
        awk '{ print $1, $2, $3 }' "$jitter" | sort -u -k1,1 -k2,2n -k3,3r | while read -r var count impl; do
            mean=$(awk -v v="$var" -v c="$count" -v i="$impl" '$1 == v && $2 == c && $3 == i { s += $5; n++ } END { printf "%+.3f", s / n }' "$jitter")
            awk -v v="$var" -v c="$count" -v i="$impl" '$1 == v && $2 == c && $3 == i { x = $5; print (x < 0 ? -x : x) }' "$jitter" |
                quantiles | awk -v l="| $var | $count | $impl" -v m="$mean" '{ printf "%s | %s | %s | %s | %s | %s | %s |\n", l, $1, $2, $3, $4, $5, m }'
        done
    fi
} >"$results/results.md"
cat "$results/results.md"

# ---- plots ----------------------------------------------------------------------------------------
command -v gnuplot >/dev/null || { echo "gnuplot missing: no plots" >&2; exit 0; }
plotdata=$tmp
# cdf FILE: sorted numbers on stdin -> "value fraction"
cdf() { sort -g | awk '{ a[NR] = $1 } END { for (i = 1; i <= NR; i++) print a[i], i / NR }' >"$1"; }

# two_panels PNG TITLE SETTINGS LEFT RIGHT: a CDF plot of v2 (LEFT's curves) beside v3 (RIGHT's).
two_panels() {
    gnuplot <<GP
set terminal pngcairo size 1100,450 font "sans,10"
set output "$img/$1"
set multiplot layout 1,2 title "$2"
set yrange [0:1.02]; set grid; set logscale x; set key bottom right
$3
set title "v2, advert\\\_int 1 s"
plot $4
set title "v3, advert\\\_int 0.1 s"
plot $5
unset multiplot
GP
    echo "wrote $img/$1" >&2
}

# curve FILE TITLE DASH COLOUR: one step curve of a CDF file (x clamped to 0.001 for the log scale).
curve() { printf '"%s" u ($1 < 0.001 ? 0.001 : $1):2 w steps lw 2 dt %s lc rgb "%s" t "%s", ' "$plotdata/$1" "$3" "$4" "$2"; }
colour() { if [ "$1" = ours ]; then echo "#1f77b4"; else echo "#d62728"; fi; }

if ls "$results"/failover-*.tsv >/dev/null 2>&1; then
    declare -A sets=([v2]='NaN t "not run", ' [v3]='NaN t "not run", ')
    for var in v2 v3; do
        [ -f "$results/failover-$var.tsv" ] || continue
        sets[$var]=""
        for impl in ours keepalived; do
            for kind in crash graceful; do
                awk -v i="$impl" -v k="$kind" '$2 == i && $3 == k { print $5 }' "$results/failover-$var.tsv" |
                    cdf "$plotdata/$var-$impl-$kind"
                if [ "$kind" = crash ]; then label="$impl, kill -9"; dash=1; else label="$impl, SIGTERM"; dash=2; fi
                sets[$var]+=$(curve "$var-$impl-$kind" "$label" "$dash" "$(colour "$impl")")
            done
        done
    done
    two_panels failover-overshoot.png \
        "Failover overshoot beyond the RFC interval (tcpdump on the bridge; backup measured, keepalived 2.2.7 master)" \
        'set xlabel "overshoot (ms, log scale; the dotted line is the 2 ms median target)"; set ylabel "fraction of trials"
set xrange [0.03:50]; set arrow 1 from 2, graph 0 to 2, graph 1 nohead dt 3 lc rgb "gray40"' \
        "${sets[v2]%, }" "${sets[v3]%, }"
fi

if [ -s "$jitter" ]; then
    declare -A sets
    for var in v2 v3; do
        sets[$var]=""
        for count in 1 100; do
            for impl in ours keepalived; do
                awk -v v="$var" -v c="$count" -v i="$impl" '$1 == v && $2 == c && $3 == i { x = $5; print (x < 0 ? -x : x) }' \
                    "$jitter" | cdf "$plotdata/j-$var-$count-$impl"
                if [ "$count" = 1 ]; then label="$impl, 1 instance"; dash=2; else label="$impl, 100 instances"; dash=1; fi
                sets[$var]+=$(curve "j-$var-$count-$impl" "$label" "$dash" "$(colour "$impl")")
            done
        done
    done
    two_panels failover-jitter.png \
        "Master advert interval: |interval - advert\\\_int| per instance (tcpdump on the bridge)" \
        'set xlabel "|deviation| (ms, log scale)"; set ylabel "fraction of intervals"; set xrange [0.001:1000]' \
        "${sets[v2]%, }" "${sets[v3]%, }"
fi
