#!/usr/bin/env bash
# Table and plot of a bench/lb/run.sh results folder: per backend, implementation and pool size, the time
# from the backend's failing (down) or passing (up) answer to the kernel's table change, and ours' cost
# of one change (the daemon's "in the kernel (N ms)" lines). On IPVS the ratio ours/keepalived is of
# the medians, in the same guest.
# Usage: bench/lb/report.sh RESULTS_DIR [IMG]   (IMG default docs/img/lb-<folder name>.png)
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:?usage: report.sh RESULTS_DIR [IMG]}
img=${2:-docs/img/lb-$(basename "$dir").png}
[ -s "$dir/raw.tsv" ] || { echo "report.sh: no $dir/raw.tsv" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stats() { # stats FILE: key<TAB>value lines -> key n p50 p90 max (sorted values per key)
    sort -t$'\t' -k1,1 -k2,2g "$1" | awk -F'\t' '
        function out() { if (n) printf "%s\t%d\t%.2f\t%.2f\t%.2f\n", k, n, v[int((n - 1) * 0.5) + 1], v[int((n - 1) * 0.9) + 1], v[n] }
        $1 != k { out(); k = $1; n = 0 } { v[++n] = $2 } END { out() }'
}
awk -F'\t' 'NR > 1 { print $2 " " $3 " " $1 " " $5 "\t" $6 }' "$dir/raw.tsv" >"$tmp/lat.kv"
awk -F'\t' 'NR > 1 { print $2 " " $3 " " $1 "\t" $4 }' "$dir/apply.tsv" >"$tmp/apply.kv"
stats "$tmp/lat.kv" >"$tmp/lat.stats"
stats "$tmp/apply.kv" >"$tmp/apply.stats"
{
    echo "| backend | real servers | implementation | delay_loop s | down: p50 ms | p90 | max | up: p50 ms | p90 | max | one change (ours): p50 ms | p90 | max |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    awk -F'\t' 'FILENAME ~ /lat\.stats$/ { split($1, k, " "); s[k[1] " " k[2] " " k[3], k[4]] = $3 " | " $4 " | " $5; keys[k[1] " " k[2] " " k[3]] = 1; next }
        FILENAME ~ /apply\.stats$/ { a[$1] = $3 " | " $4 " | " $5; next }
        FILENAME ~ /raw.tsv$/ && FNR > 1 { d[$2 " " $3 " " $1] = $4 }
        END { for (key in keys) { split(key, k, " "); printf "| %s | %s | %s | %s | %s | %s | %s |\n", k[1], k[2], k[3], d[key], s[key, "down"], s[key, "up"], (key in a) ? a[key] : "- | - | -" } }' \
        "$tmp/lat.stats" "$tmp/apply.stats" "$dir/raw.tsv" | sort -t'|' -k2,2r -k3,3n -k4,4r
    echo
    echo "| IPVS, real servers | down: ours / keepalived (p50) | up: ours / keepalived (p50) |"
    echo "|---|---|---|"
    awk -F'\t' '{ split($1, k, " "); if (k[1] == "ipvs") m[k[2], k[3], k[4]] = $3; c[k[2]] = 1 }
        END { for (n in c) if (m[n, "keepalived", "down"] > 0) printf "| %s | %.2f | %.3f |\n", n, m[n, "ours", "down"] / m[n, "keepalived", "down"], m[n, "ours", "up"] / m[n, "keepalived", "up"] }' \
        "$tmp/lat.stats" | sort -t'|' -k2,2n
} >"$dir/results.md"
cat "$dir/results.md"
command -v gnuplot >/dev/null || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null; } || true
command -v gnuplot >/dev/null || { echo "gnuplot missing: no plot" >&2; exit 0; }
for s in "nftables ours" "ipvs ours" "ipvs keepalived"; do
    set -- $s
    awk -F'\t' -v b="$1" -v i="$2" '{ split($1, k, " "); if (k[1] == b && k[3] == i && k[4] == "down") print k[2], $3, $4 }' "$tmp/lat.stats" | sort -n >"$tmp/$1-$2.dat"
done
awk -F'\t' '{ split($1, k, " "); if (k[1] == "nftables") print k[2], $3 }' "$tmp/apply.stats" | sort -n >"$tmp/apply-nftables.dat"
awk -F'\t' '{ split($1, k, " "); if (k[1] == "ipvs") print k[2], $3 }' "$tmp/apply.stats" | sort -n >"$tmp/apply-ipvs.dat"
gnuplot <<GP
set terminal pngcairo size 900,420
set output "$img"
set multiplot layout 1,2
set logscale xy
set xlabel "real servers"
set key bottom right
set title "verdict to kernel (down), p50"
set ylabel "ms"
plot "$tmp/nftables-ours.dat" using 1:2 with linespoints title "nftables, ours (host)", \
     "$tmp/ipvs-ours.dat" using 1:2 with linespoints title "IPVS, ours (TCG guest)", \
     "$tmp/ipvs-keepalived.dat" using 1:2 with linespoints title "IPVS, keepalived (TCG guest)"
set title "one table change (ours), p50"
plot "$tmp/apply-nftables.dat" using 1:2 with linespoints title "nftables (host)", \
     "$tmp/apply-ipvs.dat" using 1:2 with linespoints title "IPVS (TCG guest)"
unset multiplot
GP
echo "plot: $img"
