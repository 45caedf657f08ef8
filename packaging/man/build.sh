#!/usr/bin/env bash
# Generates the man pages with pandoc: keepalived-sharp.8 from packaging/man/keepalived-sharp.8.md, and
# keepalived-sharp.conf.5 from packaging/man/keepalived-sharp.conf.5.md followed by docs/config-reference.md
# (its tables as definition lists, which fit 80 columns). The roff is never committed.
#   packaging/man/build.sh OUTDIR VERSION [DATE]     DATE defaults to the last commit's (YYYY-MM-DD)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { echo "usage: packaging/man/build.sh OUTDIR VERSION [DATE]" >&2; exit 64; }
out=$1 version=$2
date=${3:-$(git log -1 --format=%cs 2>/dev/null || date -u +%F)}
command -v pandoc >/dev/null 2>&1 || { echo "packaging/man/build.sh: pandoc is required (apt-get install pandoc)" >&2; exit 1; }
mkdir -p "$out"
page() {
    pandoc -s -f markdown -t man -V adjusting=l -V hyphenate --lua-filter packaging/man/tables-as-lists.lua \
        -M footer="keepalived-sharp $version" -M date="$date" -o "$1" "${@:2}"
}
page "$out/keepalived-sharp.8" packaging/man/keepalived-sharp.8.md
page "$out/keepalived-sharp.conf.5" packaging/man/keepalived-sharp.conf.5.md docs/config-reference.md
