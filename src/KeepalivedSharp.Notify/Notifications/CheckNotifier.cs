using System.Collections.Immutable;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Logging;
using KeepalivedSharp.Notify.Scripts;
using KeepalivedSharp.Notify.Security;
using KeepalivedSharp.Settings;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Notify.Notifications;

/// <summary>
/// The check side's notifications (ipwrapper.c do_rs_notifies, do_vs_notifies; notify.c notify_fifo_vs/rs):
/// notify_up/notify_down per real server and quorum_up/quorum_down per virtual server, run exactly as
/// configured with no added arguments, not waited for (keepalived neither waits nor times them out),
/// each checked by <c>enable_script_security</c>; and the lines <c>VS &lt;vs&gt; UP|DOWN</c> and
/// <c>RS &lt;rs&gt; &lt;vs&gt; UP|DOWN</c> on notify_fifo and lvs_notify_fifo. keepalived also writes the
/// string's NUL; we write the line only, which is what line readers (sample_notify_fifo.sh) see.
/// </summary>
public sealed class CheckNotifier : IDisposable
{
    private readonly ILogger _log;
    private readonly ImmutableDictionary<(string, DestinationKey), (ScriptCommand? Up, ScriptCommand? Down)> _servers;
    private readonly ImmutableDictionary<string, (ScriptCommand? Up, ScriptCommand? Down)> _virtual;
    private readonly List<NotifyFifoFile> _fifos = [];
    private readonly ImmutableArray<string> _fifoPaths;

    public CheckNotifier(KeepalivedConfig config, CheckSetup setup, ScriptSecurityPolicy policy, ILogger log)
    {
        _log = log;
        var messages = ImmutableArray.CreateBuilder<string>();
        ScriptCommand? Check(NotifyScript? s, string type)
        {
            if (s is null) return null;
            var c = policy.Check(s.Command, type, s.User, s.Group);
            messages.AddRange(c.Messages);
            return c.Command;
        }
        var servers = ImmutableDictionary.CreateBuilder<(string, DestinationKey), (ScriptCommand?, ScriptCommand?)>();
        var virtuals = ImmutableDictionary.CreateBuilder<string, (ScriptCommand?, ScriptCommand?)>(StringComparer.Ordinal);
        foreach (var (settings, vs) in setup.WithConfigs())
        {
            var id = settings.Id;
            virtuals[id] = (Check(vs.QuorumUp, "quorum_up"), Check(vs.QuorumDown, "quorum_down"));
            foreach (var rs in vs.RealServers)
                servers[(id, new DestinationKey(rs.Address, rs.Port))] = (Check(rs.NotifyUp, "notify_up"), Check(rs.NotifyDown, "notify_down"));
        }
        _servers = servers.ToImmutable();
        _virtual = virtuals.ToImmutable();
        Messages = messages.ToImmutable();
        var lvs = config.OtherSettings.FirstOrDefault(s => s.Keyword == "lvs_notify_fifo" && s.Arguments.Length > 0)?.Arguments[0];
        _fifoPaths = [.. new[] { config.Global.NotifyFifo, lvs }.OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>keepalived-worded results of the script checks, for the log.</summary>
    public ImmutableArray<string> Messages { get; }

    public void Start()
    {
        foreach (var path in _fifoPaths)
        {
            try
            {
                _fifos.Add(NotifyFifoFile.Open(path));
            }
            catch (LinuxNativeException e)
            {
                _log.FifoOpenFailed("lvs_", path, e.Message);
            }
        }
    }

    /// <summary>A real server entered (<paramref name="up"/>) or left the pool; <paramref name="rsText"/> as keepalived prints it.</summary>
    public void RealServer(string vs, DestinationKey rs, string rsText, bool up)
    {
        if (_servers.TryGetValue((vs, rs), out var s)) Run(up ? s.Up : s.Down);
        Write($"RS {rsText} {vs} {(up ? "UP" : "DOWN")}");
    }

    public void Quorum(string vs, bool up)
    {
        if (_virtual.TryGetValue(vs, out var s)) Run(up ? s.Up : s.Down);
        Write($"VS {vs} {(up ? "UP" : "DOWN")}");
    }

    private void Run(ScriptCommand? command)
    {
        if (command is null) return;
        try
        {
            // Started and reaped, never waited for: no added arguments, as keepalived (notify.c notify_exec).
            _ = ProcessRunner.Start(command.ToSpec(Timeout.InfiniteTimeSpan)).Completion;
        }
        catch (LinuxNativeException e)
        {
            _log.NotifyStartFailed(command.Text, e.Message);
        }
    }

    private void Write(string line)
    {
        foreach (var f in _fifos) f.WriteLine(line);
    }

    public void Dispose()
    {
        foreach (var f in _fifos) f.Dispose();
        _fifos.Clear();
    }
}
