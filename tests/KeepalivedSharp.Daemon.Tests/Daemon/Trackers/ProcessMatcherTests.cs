using KeepalivedSharp.Config;
using KeepalivedSharp.Host.Trackers;

namespace KeepalivedSharp.Daemon.Tests.Daemon.Trackers;

public class ProcessMatcherTests
{
    private static TrackProcessConfig Track(string process, string? match = null, bool full = false, params string[] parameters)
        => new() { Name = "t", Location = new SourceLocation("k.conf", 1), Process = process, ParamMatch = match, FullCommand = full, Parameters = [.. parameters] };

    [Fact]
    public void Matches_NameAgainstComm()
    {
        Assert.True(ProcessMatcher.Matches(Track("haproxy"), "haproxy", ["/usr/sbin/haproxy", "-f", "x"]));
        Assert.False(ProcessMatcher.Matches(Track("haproxy"), "nginx", ["/usr/sbin/nginx"]));
    }

    [Fact]
    public void Matches_LongNameAgainstArgv0BaseName()
        => Assert.True(ProcessMatcher.Matches(Track("a-very-long-daemon-name"), "a-very-long-dae", ["/opt/bin/a-very-long-daemon-name"]));

    [Fact]
    public void Matches_FullCommand()
    {
        Assert.True(ProcessMatcher.Matches(Track("/usr/sbin/haproxy", full: true), "haproxy", ["/usr/sbin/haproxy"]));
        Assert.False(ProcessMatcher.Matches(Track("/usr/sbin/haproxy", full: true), "haproxy", ["haproxy"]));
    }

    [Fact]
    public void Matches_Parameters_ExactInitialPartial()
    {
        string[] argv = ["/bin/sleep", "a", "b", "c"];
        Assert.True(ProcessMatcher.Matches(Track("sleep", null, false, "a", "b", "c"), "sleep", [.. argv]));
        Assert.False(ProcessMatcher.Matches(Track("sleep", null, false, "a", "b"), "sleep", [.. argv]));
        Assert.True(ProcessMatcher.Matches(Track("sleep", "initial", false, "a", "b"), "sleep", [.. argv]));
        Assert.True(ProcessMatcher.Matches(Track("sleep", "partial", false, "b", "c"), "sleep", [.. argv]));
        Assert.False(ProcessMatcher.Matches(Track("sleep", "partial", false, "c", "b"), "sleep", [.. argv]));
    }
}
