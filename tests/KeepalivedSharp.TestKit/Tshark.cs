using KeepalivedSharp.Lab;


namespace KeepalivedSharp.TestKit;

/// <summary>Decodes frames with tshark and returns chosen fields per frame (tshark is installed here and in CI).</summary>
public static class Tshark
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Decode(IReadOnlyList<byte[]> frames, string[] fields, params string[] preferences)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ks-wire-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        try
        {
            Pcap.WriteFrames(path, frames);
            List<string> args = ["-r", path, "-T", "fields", "-E", "separator=;", "-E", "occurrence=a", "-E", "aggregator=,"];
            foreach (var p in preferences) args.AddRange(["-o", p]);
            foreach (var f in fields) args.AddRange(["-e", f]);
            args.AddRange(["-e", "_ws.expert.message", "-e", "_ws.malformed"]);
            var result = LabShell.Run("tshark", args, TimeSpan.FromSeconds(60));
            Assert.True(result.ExitCode == 0, result.Output);
            var rows = new List<IReadOnlyDictionary<string, string>>();
            foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var values = line.Split(';');
                var row = new Dictionary<string, string>();
                for (var i = 0; i < fields.Length + 2; i++)
                    row[i < fields.Length ? fields[i] : i == fields.Length ? "expert" : "malformed"] = i < values.Length ? values[i] : "";
                rows.Add(row);
            }
            Assert.Equal(frames.Count, rows.Count);
            return rows;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
