# <IlcGenerateStackTraceData>false and <UseSystemResourceKeys>true: smaller binary (exception texts and stack traces lose names).
set -e
sed -i 's#<Version>0.1.0</Version>#<Version>0.1.0</Version>\n    <IlcGenerateStackTraceData>false</IlcGenerateStackTraceData>\n    <UseSystemResourceKeys>true</UseSystemResourceKeys>#' src/KeepalivedSharp/KeepalivedSharp.csproj
