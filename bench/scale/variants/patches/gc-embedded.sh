# GC settings embedded at publish: workstation, non-concurrent (no background GC thread), gen0 budget 1 MB
# as a runtime knob (GCgen0size has no public runtimeconfig name: does NativeAOT read it as a knob?).
set -e
sed -i 's#<Version>0.1.0</Version>#<Version>0.1.0</Version>\n    <ServerGarbageCollector>false</ServerGarbageCollector>\n    <ConcurrentGarbageCollection>false</ConcurrentGarbageCollection>#' src/KeepalivedSharp/KeepalivedSharp.csproj
sed -i 's#</Project>#  <ItemGroup>\n    <RuntimeHostConfigurationOption Include="GCgen0size" Value="0x100000" />\n  </ItemGroup>\n</Project>#' src/KeepalivedSharp/KeepalivedSharp.csproj
