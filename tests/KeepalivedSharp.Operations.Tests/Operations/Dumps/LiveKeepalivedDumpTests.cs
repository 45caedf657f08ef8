using KeepalivedSharp.Lab;
using System.Diagnostics;
using System.Text.Json;
using KeepalivedSharp.Operations.Dumps;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Operations.Tests.Operations.Dumps;

/// <summary>keepalived 2.2.7 itself, in a lab namespace, asked for its JSON dump with its JSON signal: our document has its keys.</summary>
[Trait("Category", "Root")]
public class LiveKeepalivedDumpTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void JsonSignal_RealKeepalivedSameConfig_SameKeysAsOurs()
    {
        using var lab = new NamespaceLab();
        var ns = lab.AddHost("ka", "eth0", "10.9.0.1/24");
        using var dir = new TempFolder();
        var conf = dir.Write("keepalived.conf", StatusSamples.Fixture("keepalived.conf"));
        var tmp = Path.Combine(dir.Path, "tmp");
        Directory.CreateDirectory(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var vrrpPid = Path.Combine(dir.Path, "vrrp.pid");
        using var keepalived = new DaemonProcess(lab.Start(ns, "env", "TMPDIR=" + tmp, "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f", conf,
            "-p", Path.Combine(dir.Path, "k.pid"), "-r", vrrpPid, "-c", Path.Combine(dir.Path, "c.pid")));
        keepalived.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);

        LabShell.Check("kill", "-" + DumpWriter.SignalJson, File.ReadAllText(vrrpPid).Trim());
        var json = Path.Combine(tmp, "keepalived.json");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(json) && clock.Elapsed < Bound) Thread.Sleep(50);
        Assert.True(File.Exists(json), "keepalived wrote no keepalived.json in " + tmp);
        keepalived.WaitForLine("Printing VRRP as json", Bound);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(json));

        // keepalived logs before it has finished writing: wait (bounded) until the file is complete JSON.
        var theirs = WaitForJson(json);
        var ours = JsonDocument.Parse(JsonDump.Format(StatusSamples.FixtureStatus())).RootElement;
        Assert.Equal(theirs.GetArrayLength(), ours.GetArrayLength());
        for (int i = 0; i < theirs.GetArrayLength(); i++)
        {
            Assert.Equal(theirs[i].GetProperty("data").EnumerateObject().Select(p => p.Name), ours[i].GetProperty("data").EnumerateObject().Select(p => p.Name));
            Assert.Equal(theirs[i].GetProperty("stats").EnumerateObject().Select(p => p.Name), ours[i].GetProperty("stats").EnumerateObject().Select(p => p.Name));
        }
    }

    private static JsonElement WaitForJson(string path)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
            }
            catch (JsonException) when (clock.Elapsed < Bound)
            {
                Thread.Sleep(50);
            }
        }
    }
}
