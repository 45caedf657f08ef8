using System.Diagnostics;

namespace KeepalivedSharp.Lab;

/// <summary>Result of a finished child process.</summary>
public sealed record ProcResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
}

/// <summary>
/// Runs programs (ip, nft, sysctl, kill) without a shell and always with a bound on the wait.
/// The namespace forms run inside a lab namespace only: nothing here touches the host's own
/// interfaces or firewall.
/// </summary>
public static class LabShell
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static ProcResult Run(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var limit = timeout ?? DefaultTimeout;
        if (!p.WaitForExit(limit))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit(5000);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {limit}");
        }
        p.WaitForExit();
        return new ProcResult(p.ExitCode, so.Result, se.Result);
    }

    public static ProcResult Run(string file, params string[] args) => Run(file, (IEnumerable<string>)args);

    /// <summary>Runs and throws with the output when the exit code is not 0.</summary>
    public static ProcResult Check(string file, params string[] args)
    {
        var r = Run(file, args);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {r.ExitCode}: {r.Output}");
        return r;
    }

    /// <summary>Runs a command inside namespace <paramref name="ns"/>; throws when it fails.</summary>
    public static ProcResult Exec(string ns, params string[] command)
        => Check("ip", ["netns", "exec", ns, .. command]);

    /// <summary>Runs a command inside namespace <paramref name="ns"/> and returns whatever it gave.</summary>
    public static ProcResult Run(string ns, TimeSpan timeout, params string[] command)
        => Run("ip", ["netns", "exec", ns, .. command], timeout);

    /// <summary>
    /// Applies an nftables script inside <paramref name="ns"/> (<c>ip netns exec NS nft -f -</c>):
    /// the lab's own ruleset, never the host's.
    /// </summary>
    public static ProcResult Nft(string ns, string script)
    {
        var r = Run("ip", ["netns", "exec", ns, "nft", "-f", "-"], TimeSpan.FromSeconds(10), script);
        if (r.ExitCode != 0) throw new InvalidOperationException($"nft in {ns}: {r.Output.Trim()}");
        return r;
    }

    /// <summary>Kills a child process we started and its tree (bounded wait), then disposes it.</summary>
    public static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { }
        process.Dispose();
    }

    /// <summary>Sends a signal to one process by its id (never by name).</summary>
    public static bool Signal(int pid, string signal)
        => Run("kill", $"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode == 0;
}
