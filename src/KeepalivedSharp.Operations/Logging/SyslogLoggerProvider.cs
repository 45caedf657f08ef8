using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Operations.Logging;

/// <summary>
/// Logs to the local syslog socket (/dev/log, a Unix datagram socket that journald or rsyslog owns),
/// like keepalived's -S / default logging. When the socket is absent or refuses a datagram the
/// message is dropped silently (the console logger, if on, still has it); the connection is retried
/// at most every few seconds, so a restarted syslog daemon is picked up.
/// </summary>
[ProviderAlias("Syslog")]
public sealed class SyslogLoggerProvider : ILoggerProvider
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    private readonly SyslogOptions _options;
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private readonly string _host = Environment.MachineName;
    private readonly int _pid = Environment.ProcessId;
    private Socket? _socket;
    private long _nextAttempt;
    private bool _disposed;

    public SyslogLoggerProvider(SyslogOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public ILogger CreateLogger(string categoryName) => new SyslogLogger(this);

    /// <summary>Sends one message; never throws.</summary>
    internal void Send(LogLevel level, string message)
    {
        var datagram = SyslogMessage.Build(_options, level, message, _time.GetLocalNow(), _pid, _host);
        lock (_lock)
        {
            if (_disposed) return;
            var socket = Connected();
            if (socket is null) return;
            try
            {
                socket.Send(datagram);
            }
            catch (SocketException)
            {
                Drop();
            }
        }
    }

    private Socket? Connected()
    {
        if (_socket is not null) return _socket;
        var now = _time.GetTimestamp();
        if (now < _nextAttempt) return null;
        _nextAttempt = now + (long)(RetryInterval.TotalSeconds * _time.TimestampFrequency);
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(_options.SocketPath));
            return _socket = socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    private void Drop()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            Drop();
        }
    }

    private sealed class SyslogLogger(SyslogLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            if (exception is not null) message += ": " + exception.Message;
            provider.Send(logLevel, message);
        }
    }
}
