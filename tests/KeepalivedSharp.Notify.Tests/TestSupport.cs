using System.Collections.Concurrent;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Scripts;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Notify.Tests;

/// <summary>Collects log lines with their event ids.</summary>
public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(int Id, LogLevel Level, string Text)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((eventId.Id, logLevel, formatter(state, exception)));

    public IEnumerable<string> WithId(int id) => Lines.Where(l => l.Id == id).Select(l => l.Text);
}

/// <summary>A private temp directory (root-owned 0700) for scripts and their traces.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("ks-notify-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes an executable /bin/sh script (0755).</summary>
    public string Script(string name, string body)
    {
        var file = File(name);
        System.IO.File.WriteAllText(file, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException();
        System.IO.File.SetUnixFileMode(file, (UnixFileMode)0b111_101_101);
        return file;
    }

    public static ScriptCommand Command(params string[] argv) => new(string.Join(' ', argv), [.. argv], ProcessCredentials.Current);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

public static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until true or the bound passes.</summary>
    public static async Task<bool> Until(Func<bool> condition, TimeSpan bound)
    {
        var until = DateTime.UtcNow + bound;
        while (!condition())
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(20);
        }
        return true;
    }
}
