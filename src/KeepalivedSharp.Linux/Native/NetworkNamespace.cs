namespace KeepalivedSharp.Linux.Native;

/// <summary>
/// Moves the calling thread into a named network namespace (/run/netns/NAME, as `ip netns` makes them,
/// or keepalived's net_namespace) until disposed. Sockets opened meanwhile stay in that namespace for
/// their whole life. Thread-affine: create, use and dispose on the same thread with no await between.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _original;
    private readonly int _threadId;
    private bool _disposed;

    private NetworkNamespace(Microsoft.Win32.SafeHandles.SafeFileHandle original)
    {
        _original = original;
        _threadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>Enters namespace <paramref name="name"/> (a file in /run/netns) or an absolute namespace path.</summary>
    public static NetworkNamespace Enter(string name)
    {
        var path = name.StartsWith('/') ? name : "/run/netns/" + name;
        var original = File.OpenHandle("/proc/thread-self/ns/net");
        try
        {
            using var target = File.OpenHandle(path);
            if (Interop.SetNs(target, Interop.CLONE_NEWNET) < 0) throw Errno.Last($"entering network namespace {name}");
            return new NetworkNamespace(original);
        }
        catch
        {
            original.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/> with the calling thread inside namespace <paramref name="name"/>.</summary>
    public static T Run<T>(string name, Func<T> action)
    {
        using var _ = Enter(name);
        return action();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (Environment.CurrentManagedThreadId != _threadId)
            throw new InvalidOperationException("a network namespace must be left on the thread that entered it");
        try
        {
            if (Interop.SetNs(_original, Interop.CLONE_NEWNET) < 0) throw Errno.Last("returning to the original network namespace");
        }
        finally
        {
            _original.Dispose();
        }
    }
}
