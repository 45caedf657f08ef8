#!/usr/bin/env bash
# Tables and plots of a bench/scale/run.sh results folder: medians over the trials of each
# (version, advert_int, count, implementation), the ratio ours / keepalived, and the verdicts of
# issue 9 (CPU <= 0.5x keepalived's at 1,000 v3 instances; RSS <= keepalived's at 100 instances).
#
# Usage: bench/scale/report.sh RESULTS_DIR [IMG_PREFIX]
#   Writes RESULTS_DIR/results.md (and prints it) and, with gnuplot, IMG_PREFIX-cpu.png and
#   IMG_PREFIX-memory.png (default docs/img/scale-<folder name>).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:?usage: report.sh RESULTS_DIR [IMG_PREFIX]}
img=${2:-docs/img/scale-$(basename "$dir")}
raw=$dir/raw.tsv
[ -s "$raw" ] || { echo "report.sh: no $raw" >&2; exit 1; }

# medians.tsv: version advert count impl trials cpu30 rss pss uss pss_anon pss_file hwm adverts threads
# (cpu30 = CPU seconds per 30 s of window; memory in kB; medians over the trials).
med=$dir/medians.tsv
awk -F'\t' 'NR > 1 { k = $1 "\t" $2 "\t" $3 "\t" $4; n[k]++
        v[k, "cpu", n[k]] = $7 * 30 / $6; v[k, "rss", n[k]] = $13; v[k, "pss", n[k]] = $14; v[k, "uss", n[k]] = $15
        v[k, "pa", n[k]] = $16; v[k, "pf", n[k]] = $17; v[k, "hwm", n[k]] = $18; v[k, "adv", n[k]] = $12; v[k, "thr", n[k]] = $11 }
    function median(k, f,   i, j, t, a, m) {
        m = n[k]; for (i = 1; i <= m; i++) a[i] = v[k, f, i]
        for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
    END { for (k in n) printf "%s\t%d\t%.4f\t%d\t%d\t%d\t%d\t%d\t%d\t%.0f\t%d\n", k, n[k], median(k, "cpu"),
              median(k, "rss"), median(k, "pss"), median(k, "uss"), median(k, "pa"), median(k, "pf"), median(k, "hwm"),
              median(k, "adv"), median(k, "thr") }' "$raw" | sort -t$'\t' -k1,1 -k3,3n -k4,4r >"$med"

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

{
    echo "## Scale benchmark: $(basename "$dir")"
    echo
    echo '```'
    cat "$dir/run-info.txt"
    echo '```'
    echo
    echo "Medians over the trials (CPU in seconds per 30 s window, summed over every process; memory in MB"
    echo "summed over every process, read at the end of the window after the peer was killed)."
    echo
    echo "| config | instances | impl | trials | adverts/s | threads | CPU s/30 s | RSS | PSS | USS | Pss_Anon | Pss_File | VmHWM |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    while IFS=$'\t' read -r ver adv n impl tr cpu rss pss uss pa pf hwm advs thr; do
        echo "| $ver advert_int $adv | $n | $impl | $tr | $advs | $thr | $cpu | $(mb "$rss") | $(mb "$pss") | $(mb "$uss") | $(mb "$pa") | $(mb "$pf") | $(mb "$hwm") |"
    done <"$med"
    echo
    echo "Ratios ours / keepalived (of the medians):"
    echo
    echo "| config | instances | CPU | RSS | PSS | USS | target | verdict |"
    echo "|---|---|---|---|---|---|---|---|"
    awk -F'\t' '{ k = $1 "\t" $2 "\t" $3; c[k, $4] = $6; r[k, $4] = $7; p[k, $4] = $8; u[k, $4] = $9; keys[k] = 1 }
        END { for (k in keys) if ((k, "ours") in c && (k, "keepalived") in c) {
                split(k, f, "\t")
                cr = c[k, "keepalived"] > 0 ? c[k, "ours"] / c[k, "keepalived"] : 0
                rr = r[k, "ours"] / r[k, "keepalived"]
                t = "-"; verdict = "-"
                if (f[1] == "v3" && f[3] == 1000) { t = "CPU <= 0.5x"; verdict = cr <= 0.5 ? "**met**" : "**missed**" }
                if (f[3] == 100) { t = "RSS <= 1x"; verdict = rr <= 1 ? "**met**" : "**missed**" }
                printf "%s\t%d\t| %s advert_int %s | %d | %.2fx | %.2fx | %.2fx | %.2fx | %s | %s |\n", f[1], f[3], f[1], f[2], f[3],
                    cr, rr, p[k, "ours"] / p[k, "keepalived"], u[k, "ours"] / u[k, "keepalived"], t, verdict } }' "$med" \
        | sort -t$'\t' -k1,1r -k2,2n | cut -f3-
    echo
    echo "Every run (raw.tsv; cpu_s from /proc/PID/task/TID/schedstat, cpu_tick_s from /proc/PID/stat;"
    echo "takeovers = times the backup side entered MASTER during the window, which should be 0):"
    echo
    echo "| config | instances | impl | trial | window s | cpu s | cpu s (ticks) | tasks gone | procs | threads | adverts/s | RSS kB | PSS kB | USS kB | load | takeovers |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    awk -F'\t' 'NR > 1 { printf "| %s %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
        $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $19, (NF >= 21 ? $21 : "-") }' "$raw"
} >"$dir/results.md"
cat "$dir/results.md"

if ! command -v gnuplot >/dev/null; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null
fi
# One data block per implementation (v3 rows only: the instance-count sweep), per trial and medians.
awk -F'\t' 'NR > 1 && $1 == "v3" { printf "%s %d %.4f %.2f\n", $4, $3, $7 * 30 / $6, $14 / 1024 }' "$raw" >"$dir/plot-trials.dat"
awk -F'\t' '$1 == "v3" { printf "%s %d %.4f %.2f %.2f %.2f\n", $4, $3, $6, $7 / 1024, $8 / 1024, $9 / 1024 }' "$med" >"$dir/plot-medians.dat"
commit=$(basename "$dir")
role=$(grep -o 'role: [a-z]*' "$dir/run-info.txt" | tail -1 | cut -d' ' -f2 | tr a-z A-Z || true)
gnuplot <<GP
set terminal pngcairo size 900,560 font "sans,11"
set output "$img-cpu.png"
set title "CPU against instance count (v3, advert\\\\_int 0.1 s, measured daemon = ${role:-MASTER}; ours at $commit)"
set logscale xy
set xrange [7:1400]
set xtics ("10" 10, "100" 100, "1,000" 1000)
set xlabel "VRRP instances (10 adverts/s each)"
set ylabel "CPU seconds per 30 s (all processes)"
set key top left
set grid
plot "< grep '^ours ' $dir/plot-medians.dat" using 2:3 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "keepalived-sharp (median)", \
     "< grep '^keepalived ' $dir/plot-medians.dat" using 2:3 with linespoints lw 2 pt 5 lc rgb "#d62728" title "keepalived 2.2.7 (median)", \
     "< grep '^keepalived ' $dir/plot-medians.dat" using 2:(\$3 * 0.5) with lines dt 2 lc rgb "#d62728" title "target: 0.5x keepalived", \
     "< grep '^ours ' $dir/plot-trials.dat" using 2:3 with points pt 6 lc rgb "#1f77b4" notitle, \
     "< grep '^keepalived ' $dir/plot-trials.dat" using 2:3 with points pt 4 lc rgb "#d62728" notitle
set output "$img-memory.png"
set title "Memory against instance count (v3, advert\\\\_int 0.1 s; sum over processes; ours at $commit)"
unset logscale y
set yrange [0:*]
set ylabel "MB"
plot "< grep '^ours ' $dir/plot-medians.dat" using 2:4 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "keepalived-sharp RSS", \
     "< grep '^ours ' $dir/plot-medians.dat" using 2:5 with linespoints lw 2 dt 2 pt 6 lc rgb "#1f77b4" title "keepalived-sharp PSS", \
     "< grep '^keepalived ' $dir/plot-medians.dat" using 2:4 with linespoints lw 2 pt 5 lc rgb "#d62728" title "keepalived RSS", \
     "< grep '^keepalived ' $dir/plot-medians.dat" using 2:5 with linespoints lw 2 dt 2 pt 4 lc rgb "#d62728" title "keepalived PSS"
GP
echo "plots: $img-cpu.png $img-memory.png" >&2
