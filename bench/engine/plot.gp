# Plots bench/engine results: gnuplot -e "results='results.tsv'; output='bench-engine.png'" plot.gp
# Columns of results.tsv: 1 suite, 2 case, 3 unit, 6 median_rate, 7 p90_rate, 10 bytes_per_unit.
set terminal pngcairo size 1500,1150 font "DejaVu Sans,10" noenhanced
set output output
set datafile separator "\t"
set key off
set grid xtics
set style fill solid 0.7 border -1
set lmargin 64
set yrange [*:*] reverse
set offsets 0, graph 0.08, 0.5, 0.5

micro = "< awk -F'\t' 'NR > 1 && $1 != \"simulator\"' ".results
sim = "< awk -F'\t' 'NR > 1 && $1 == \"simulator\"' ".results
color(s) = s eq "engine" ? 0x3b75af : s eq "receive-path" ? 0xef8636 : 0x519e3e
label(s, c) = s." | ".c

set multiplot layout 3,1 title "keepalived-sharp engine benchmarks: one core, bar = median, dot = p90 (slower tail)"

set title "adverts per second (log scale)"
set logscale x
set xrange [1e5:*]
set format x "%.0s%c"
plot micro using (sqrt(1e5*$6)):0:(1e5):6:($0-0.35):($0+0.35):(color(strcol(1))):yticlabels(label(strcol(1), strcol(2))) \
         with boxxyerror lc rgb variable, \
     micro using 7:0 with points pt 7 ps 0.8 lc rgb "black", \
     micro using 6:0:(sprintf(" %.2fM", $6/1e6)) with labels left

set title "bytes allocated per advert"
unset logscale x
set xrange [0:*]
set format x "%g"
plot micro using ($10/2):0:(0):10:($0-0.35):($0+0.35):(color(strcol(1))):yticlabels(label(strcol(1), strcol(2))) \
         with boxxyerror lc rgb variable, \
     micro using 10:0:(sprintf(" %d", $10)) with labels left

set title "simulator: virtual seconds per wall second"
set xrange [0:*]
plot sim using ($6/2):0:(0):6:($0-0.35):($0+0.35):yticlabels(2) with boxxyerror lc rgb "#8c564b", \
     sim using 7:0 with points pt 7 ps 0.8 lc rgb "black", \
     sim using 6:0:(sprintf(" %.0f", $6)) with labels left
unset multiplot
