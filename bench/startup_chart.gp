# The startup chart: median launch time by root and mode, one panel per app, from
# startup_matrix's chart data (a block per app, a column per mode). Usage:
#   gnuplot -e "data='DATA'; out='OUT.svg'; title='...'" bench/startup_chart.gp
set terminal svg size 1100,1000 dynamic font "sans,11" background rgb "white"
set output out
set multiplot layout 2,1 title title font "sans,13"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set grid ytics
set ylabel "median launch (ms, log scale)"
set xtics font "sans,10" noenhanced rotate by -25 left
set bmargin 7
set key below horizontal font "sans,10" noenhanced maxrows 2
set datafile missing "NaN"
# Colours for modes beyond the default eight.
set linetype 9 lc rgb "#555555"
set linetype 10 lc rgb "#a0522d"
# The columns of block `i`: its label and one per mode (counted on its first data line).
columns(i) = int(system(sprintf("awk -v want=%d 'BEGIN {block = 0; blank = 0} /^$/ {blank++; next} {if (blank >= 2) block++; blank = 0} block == want && $NF ~ /^([0-9.]+|NaN)$/ {n = 0; for (f = 1; f <= NF; f++) if ($f ~ /^([0-9.]+|NaN)$/) n++; print n + 1; exit}' '%s'", i, data)))
app(i) = system(sprintf("awk -v want=%d 'BEGIN {block = 0; blank = 0} /^$/ {blank++; next} {if (blank >= 2) block++; if (blank >= 2 || NR == 1) {if (block == want) {gsub(/\"/, \"\", $1); print $1; exit}} blank = 0}' '%s'", i, data))
do for [i=0:1] {
    set title app(i) noenhanced
    plot for [col=2:columns(i)] data index i using col:xtic(1) title columnheader(col)
}
unset multiplot
