#!/usr/bin/env bash
# Publishes the daemon as one NativeAOT executable: out/keepalived-sharp.
# Fails on any warning (trim/AOT warnings included: the projects treat warnings as errors).
#   ./build.sh --deb    also packages it: out/keepalived-sharp_VERSION_ARCH.deb (packaging/debian/build-deb.sh)
set -euo pipefail
cd "$(dirname "$0")"

deb=false
for arg in "$@"; do
    case "$arg" in
        --deb) deb=true ;;
        *) echo "build.sh: unknown argument '$arg' (only --deb)" >&2; exit 64 ;;
    esac
done

if ! command -v dotnet >/dev/null 2>&1; then
    echo "build.sh: the .NET 10 SDK (dotnet) is required" >&2
    exit 1
fi
# NativeAOT links with the platform toolchain.
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
    echo "build.sh: installing a C toolchain for the NativeAOT linker" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc zlib1g-dev >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet publish src/KeepalivedSharp/KeepalivedSharp.csproj -c Release -r linux-x64 \
        -p:SourceRevisionId="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
        -o out/publish -nologo -v:q >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
if grep -E "warning (IL|CS|CA)[0-9]+" "$log" >&2; then
    echo "build.sh: the publish produced warnings" >&2
    exit 1
fi
mkdir -p out
cp out/publish/keepalived-sharp out/keepalived-sharp
echo "out/keepalived-sharp: $(du -h out/keepalived-sharp | cut -f1), $(out/keepalived-sharp --version)"
if $deb; then packaging/debian/build-deb.sh out; fi
