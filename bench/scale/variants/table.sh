#!/usr/bin/env bash
# The variants table: binary size, and the mean of the trials' RSS, PSS, USS, Pss_Anon, Pss_File (MB)
# and thread count, one row per results folder given (measure.sh's $KS_VARIANTS/results/NAME).
# Usage: bench/scale/variants/table.sh RESULTS_DIR...
set -euo pipefail
echo "| variant | binary bytes | RSS | PSS | USS | Pss_Anon | Pss_File | threads |"
echo "|---|---|---|---|---|---|---|---|"
for d in "$@"; do
    size=$(sed -n 's/^ours: .*, \([0-9]*\) bytes)$/\1/p' "$d/run-info.txt" | tail -1)
    awk -F'\t' -v name="$(basename "$d")" -v size="$size" 'NR > 1 { n++; r += $13; p += $14; u += $15; a += $16; f += $17; t += $11 }
        END { printf "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |\n", name, size, r / n / 1024, p / n / 1024,
              u / n / 1024, a / n / 1024, f / n / 1024, t / n }' "$d/raw.tsv"
done
