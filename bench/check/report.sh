#!/usr/bin/env bash
# Table and plot of a bench/check/run.sh results folder, with issue 11's targets: at 1,000 checks/s at most
# 10% of one core, at most 10 MB added RSS (against the same daemon with one real server), and a p99 start
# lateness of at most 10 ms.
# Usage: bench/check/report.sh RESULTS_DIR [IMG_PREFIX]   (IMG_PREFIX default docs/img/check-<folder name>)
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:?usage: report.sh RESULTS_DIR [IMG_PREFIX]}
img=${2:-docs/img/check-$(basename "$dir")}
raw=$dir/raw.tsv
[ -s "$raw" ] || { echo "report.sh: no $raw" >&2; exit 1; }
{
    echo "| implementation | checker | real servers | checks/s | CPU % of one core | RSS MB | added RSS MB | lateness p50 ms | p99 ms | max ms | verdict |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    awk -F'\t' 'NR > 1 {
        if ($13 != "") { printf "| %s | %s | %d | - | - | - | - | - | - | - | %s |\n", $1, $2, $3, $13; next }
        if ($3 == 1) base[$1, $2] = $7
        added = ($1 SUBSEP $2) in base ? ($7 - base[$1, $2]) / 1024 : 0
        v = ""
        if ($3 >= 1000) v = sprintf("CPU %s, RSS %s, p99 %s", $6 <= 10 ? "met" : "missed", added <= 10 ? "met" : "missed", $10 <= 10 ? "met" : "missed")
        printf "| %s | %s | %d | %s | %s | %.1f | %.1f | %s | %s | %s | %s |\n", $1, $2, $3, $8, $6, $7 / 1024, added, $9, $10, $11, v }' "$raw"
} >"$dir/results.md"
cat "$dir/results.md"
command -v gnuplot >/dev/null || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null; } || true
command -v gnuplot >/dev/null || { echo "gnuplot missing: no plot" >&2; exit 0; }
for c in tcp http; do
    awk -F'\t' -v c="$c" 'NR > 1 && $1 == "ours" && $2 == c && $13 == "" && $3 > 1 { print $3, $6, $10 }' "$raw" >"$dir/$c.dat"
done
gnuplot <<GP
set terminal pngcairo size 900,420
set output "$img.png"
set multiplot layout 1,2
set logscale x
set xlabel "real servers (delay_loop 1: checks per second)"
set grid
set ylabel "CPU, % of one core"
plot "$dir/tcp.dat" using 1:2 with linespoints title "TCP_CHECK", "$dir/http.dat" using 1:2 with linespoints title "HTTP_GET", 10 with lines dt 2 title "target"
set ylabel "start lateness p99, ms"
plot "$dir/tcp.dat" using 1:3 with linespoints title "TCP_CHECK", "$dir/http.dat" using 1:3 with linespoints title "HTTP_GET", 10 with lines dt 2 title "target"
unset multiplot
GP
echo "plot: $img.png"
