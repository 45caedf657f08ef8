using KeepalivedSharp.Lab;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace KeepalivedSharp.TestKit;

/// <summary>
/// A long-running daemon in a lab namespace (keepalived or ours) whose output lines are kept, so a
/// test can wait, with a bound, for a line that matches. Dispose kills it.
/// </summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<(TimeSpan At, string Line)> _lines = [];
    private readonly object _lock = new();
    // One clock for every process, so line times from two processes compare.
    private static readonly Stopwatch _clock = Stopwatch.StartNew();

    public DaemonProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock) return [.. _lines.Select(l => l.Line)];
        }
    }

    public string Output => string.Join('\n', Lines);

    /// <summary>When line <paramref name="index"/> arrived, on a clock shared by every DaemonProcess.</summary>
    public TimeSpan ArrivedAt(int index)
    {
        lock (_lock) return _lines[index].At;
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lock)
        {
            _lines.Add((_clock.Elapsed, line));
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Waits for a line matching <paramref name="pattern"/> after line index <paramref name="from"/>; returns its index.</summary>
    public int WaitForLine(string pattern, TimeSpan timeout, int from = 0)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var deadline = _clock.Elapsed + timeout;
        lock (_lock)
        {
            while (true)
            {
                for (int k = from; k < _lines.Count; k++)
                {
                    if (regex.IsMatch(_lines[k].Line)) return k;
                }
                var left = deadline - _clock.Elapsed;
                if (left <= TimeSpan.Zero || _process.HasExited && !Monitor.Wait(_lock, 100))
                    throw new TimeoutException($"no line matching /{pattern}/ within {timeout}; output:\n{string.Join('\n', _lines.Select(l => l.Line))}");
                Monitor.Wait(_lock, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
        }
    }

    public int LineCount
    {
        get
        {
            lock (_lock) return _lines.Count;
        }
    }

    /// <summary>Sends a signal (TERM, KILL, HUP...) to the process.</summary>
    public void Signal(string name) => LabShell.Run("kill", $"-{name}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>The exit status, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    public void Dispose() => LabShell.Stop(_process);
}
