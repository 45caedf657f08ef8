using System.Diagnostics;
using System.Text.RegularExpressions;

namespace KeepalivedSharp.Lab;

/// <summary>One daemon (ours or keepalived) running in a lab namespace, with its state lines followed.</summary>
public sealed partial class LabNode : IDisposable
{
    private readonly Process _process;
    private readonly Action<LabNode, string, string> _onState;

    public string Name { get; }
    public string Namespace { get; }
    public string Kind { get; }
    public int Pid => _process.Id;
    public bool Exited => _process.HasExited;

    private LabNode(string name, string ns, string kind, Process process, Action<LabNode, string, string> onState)
    {
        Name = name;
        Namespace = ns;
        Kind = kind;
        _process = process;
        _onState = onState;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts a node. <paramref name="onState"/> gets (node, instance, state) for every "Entering X STATE" line.</summary>
    public static LabNode Start(string name, string ns, string kind, string[] command, Action<LabNode, string, string> onState)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["netns", "exec", ns, .. command]) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {command[0]}");
        return new LabNode(name, ns, kind, p, onState);
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        var m = StateLine().Match(line);
        if (m.Success) _onState(this, m.Groups[1].Value, m.Groups[2].Value);
    }

    [GeneratedRegex(@"\(([^)]+)\) Entering ([A-Z]+) STATE")]
    private static partial Regex StateLine();

    public void Kill() => LabShell.Signal(Pid, "KILL");

    public void Dispose() => LabShell.Stop(_process);
}
