#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first (keepalived, iproute2, tcpdump,
# tshark), builds the NativeAOT binary the CLI tests run, then runs every test project.
# The last line is the plain summary "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

need=()
command -v keepalived >/dev/null 2>&1 || need+=(keepalived)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need+=(python3-aiosmtpd)
if [ ${#need[@]} -gt 0 ]; then
    echo "test.sh: installing ${need[*]}"
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
        || { echo "test.sh: apt-get install ${need[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
fi
# Debian's keepalived package starts a daemon on the host: tests never want it.
if command -v systemctl >/dev/null 2>&1; then systemctl stop keepalived >/dev/null 2>&1 || true; fi
pkill -x keepalived >/dev/null 2>&1 || true

if ! ./build.sh; then
    echo "test.sh: build.sh failed"
    echo "0 passed, 1 failed"
    exit 1
fi
export KS_BINARY="$PWD/out/keepalived-sharp"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
passed=0; failed=0; skipped=0; broken=0
dotnet build KeepalivedSharp.slnx -c Debug -nologo -v:q >"$results/build.log" 2>&1 || { cat "$results/build.log"; echo "0 passed, 1 failed"; exit 1; }
for proj in tests/*.Tests/*.csproj; do
    name=$(basename "$proj" .csproj)
    echo "== $name"
    log="$results/$name.log"
    dotnet test "$proj" --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -E "^\s+(Failed|Skipped) |Passed!|Failed!|error" || true
    line=$(grep -E "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" | tail -1)
    if [ -z "$line" ]; then
        echo "test.sh: $name produced no result line"
        broken=$((broken + 1))
        continue
    fi
    f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
    p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
    s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
failed=$((failed + broken))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
