namespace KeepalivedSharp.Linux.Native;

/// <summary>
/// A failed kernel call: carries the errno, its symbolic name and what we were doing, so a log line
/// reads like "adding 10.0.0.100/24 to eth0: EEXIST (File exists)".
/// </summary>
public sealed class LinuxNativeException : IOException
{
    public LinuxNativeException(string operation, int errno)
        : base($"{operation}: {Errno.Name(errno)} ({Errno.Describe(errno)})")
    {
        Operation = operation;
        ErrorNumber = errno;
    }

    public LinuxNativeException() : this("native call", 0) { }

    public LinuxNativeException(string message) : base(message) { Operation = message; }

    public LinuxNativeException(string message, Exception inner) : base(message, inner) { Operation = message; }

    /// <summary>What was attempted, in words ("joining 224.0.0.18 on ifindex 3").</summary>
    public string Operation { get; } = "";

    /// <summary>The positive errno value.</summary>
    public int ErrorNumber { get; }

    /// <summary>The symbolic errno name, e.g. "EEXIST".</summary>
    public string ErrorName => Errno.Name(ErrorNumber);
}
