# Plots bench/engine results, JIT against NativeAOT:
#   gnuplot -e "jit='results/jit/results.tsv'; aot='results/aot/results.tsv'; output='bench-engine.png'" plot.gp
# Columns of results.tsv: 1 suite, 2 case, 8 median_cpu_rate, 9 p90_cpu_rate, 12 bytes_per_unit.
set terminal pngcairo size 1500,1300 font "DejaVu Sans,10" noenhanced
set output output
set datafile separator "\t"
set key outside right top vertical box
set grid xtics
set style fill solid 0.75 border -1
set lmargin 64
set rmargin 36
set yrange [*:*] reverse
set offsets 0, graph 0.1, 0.6, 0.6

micro(f) = "< awk -F'\t' 'NR > 1 && $1 != \"simulator\"' ".f
sim(f) = "< awk -F'\t' 'NR > 1 && $1 == \"simulator\"' ".f
label(s, c) = s." | ".c
JIT = "#3b75af"
AOT = "#ef8636"

set multiplot layout 3,1 title "keepalived-sharp engine benchmarks on one core: median per CPU second, dot = p90 (slower tail)"

set title "adverts per CPU second (log scale)"
set logscale x
set xrange [1e5:*]
set format x "%.0s%c"
plot micro(jit) using (sqrt(1e5*$8)):($0-0.2):(1e5):8:($0-0.38):($0-0.02):yticlabels(label(strcol(1), strcol(2))) with boxxyerror lc rgb JIT title "JIT (tiered PGO)", \
     micro(aot) using (sqrt(1e5*$8)):($0+0.2):(1e5):8:($0+0.02):($0+0.38) with boxxyerror lc rgb AOT title "NativeAOT (as shipped)", \
     micro(jit) using 9:($0-0.2) with points pt 7 ps 0.6 lc rgb "black" notitle, \
     micro(aot) using 9:($0+0.2) with points pt 7 ps 0.6 lc rgb "black" notitle, \
     micro(jit) using 8:($0-0.2):(sprintf(" %.2fM", $8/1e6)) with labels left font ",8" notitle, \
     micro(aot) using 8:($0+0.2):(sprintf(" %.2fM", $8/1e6)) with labels left font ",8" notitle

set title "bytes allocated per advert"
unset logscale x
set xrange [0:*]
set format x "%g"
plot micro(jit) using ($12/2):($0-0.2):(0):12:($0-0.38):($0-0.02):yticlabels(label(strcol(1), strcol(2))) with boxxyerror lc rgb JIT title "JIT (escape analysis)", \
     micro(aot) using ($12/2):($0+0.2):(0):12:($0+0.02):($0+0.38) with boxxyerror lc rgb AOT title "NativeAOT", \
     micro(jit) using 12:($0-0.2):(sprintf(" %d", $12)) with labels left font ",8" notitle, \
     micro(aot) using 12:($0+0.2):(sprintf(" %d", $12)) with labels left font ",8" notitle

set title "simulator: virtual seconds per CPU second, 3 nodes x 100 instances, crash + restart"
plot sim(jit) using ($8/2):($0-0.2):(0):8:($0-0.38):($0-0.02):yticlabels(2) with boxxyerror lc rgb JIT title "JIT", \
     sim(aot) using ($8/2):($0+0.2):(0):8:($0+0.02):($0+0.38) with boxxyerror lc rgb AOT title "NativeAOT", \
     sim(jit) using 9:($0-0.2) with points pt 7 ps 0.6 lc rgb "black" notitle, \
     sim(aot) using 9:($0+0.2) with points pt 7 ps 0.6 lc rgb "black" notitle, \
     sim(jit) using 8:($0-0.2):(sprintf(" %.0f", $8)) with labels left font ",8" notitle, \
     sim(aot) using 8:($0+0.2):(sprintf(" %.0f", $8)) with labels left font ",8" notitle
unset multiplot
