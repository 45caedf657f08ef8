# Only <ConcurrentGarbageCollection>false (and workstation GC stated).
set -e
sed -i 's#<Version>0.1.0</Version>#<Version>0.1.0</Version>\n    <ServerGarbageCollector>false</ServerGarbageCollector>\n    <ConcurrentGarbageCollection>false</ConcurrentGarbageCollection>#' src/KeepalivedSharp/KeepalivedSharp.csproj
