using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Operations.Tests.Operations;

/// <summary>Collects log lines with their event ids.</summary>
public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(int Id, string Text)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Lines.Enqueue((eventId.Id, formatter(state, exception)));

    public List<string> WithId(int id) => [.. Lines.Where(l => l.Id == id).Select(l => l.Text)];
}
