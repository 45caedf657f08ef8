#!/usr/bin/env bash
# Throw-away variants of the executable, for attributing memory (docs/bench-scale.md). Never part of
# the product: each is a copy of a commit's tree (git archive) outside the repository, with patches
# from patches/ applied, published NativeAOT to $KS_VARIANTS/bin/NAME (default /tmp/ks-variants).
# The patches were written against 5909cae's tree (src/KeepalivedSharp/Daemon, before the move to
# src/KeepalivedSharp.Host); on a later tree they need adjusting.
# Usage: bench/scale/variants/make.sh COMMIT NAME [PATCH...]   e.g. make.sh 5909cae no-mailkit no-mailkit
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
patches=$repo/bench/scale/variants/patches
top=${KS_VARIANTS:-/tmp/ks-variants}
commit=$1 name=$2
shift 2
src=$top/v-$name
rm -rf "$src" && mkdir -p "$src" "$top/bin"
git -C "$repo" archive "$commit" | tar -x -C "$src"
cd "$src"
for p in "$@"; do bash "$patches/$p.sh"; done
# Warnings are not errors here: a variant is measured, never shipped.
dotnet publish src/KeepalivedSharp/KeepalivedSharp.csproj -c Release -r linux-x64 -p:TreatWarningsAsErrors=false \
    -p:SourceRevisionId="$(git -C "$repo" rev-parse --short "$commit")-$name" -o "$top/pub-$name" -nologo -v:q >"$top/publish-$name.log" 2>&1 \
    || { tail -30 "$top/publish-$name.log" >&2; exit 1; }
cp "$top/pub-$name/keepalived-sharp" "$top/bin/$name"
echo "$name: $(stat -c %s "$top/bin/$name") bytes, $("$top/bin/$name" --version)"
