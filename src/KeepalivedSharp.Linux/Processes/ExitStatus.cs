using System.Globalization;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>How a child ended, decoded from a waitpid(2) status word (sys/wait.h WIFEXITED / WIFSIGNALED).</summary>
public readonly record struct ExitStatus(bool Exited, int Code, int Signal, bool CoreDumped)
{
    /// <summary>Decodes the raw status: low 7 bits = terminating signal (0 = normal exit), bits 8-15 = exit code.</summary>
    public static ExitStatus FromWaitStatus(int status)
    {
        var sig = status & 0x7f;
        return sig == 0
            ? new ExitStatus(true, (status >> 8) & 0xff, 0, false)
            : new ExitStatus(false, 0, sig, (status & 0x80) != 0);
    }

    public static ExitStatus ExitedWith(int code) => new(true, code, 0, false);

    public static ExitStatus KilledBy(int signal) => new(false, 0, signal, false);

    /// <summary>Exit code 0.</summary>
    public bool Success => Exited && Code == 0;

    public override string ToString() => Exited
        ? string.Create(CultureInfo.InvariantCulture, $"exited with status {Code}")
        : string.Create(CultureInfo.InvariantCulture, $"killed by signal {Signal} ({Signals.Name(Signal)}){(CoreDumped ? ", core dumped" : "")}");
}

/// <summary>Signal numbers used to stop scripts (asm-generic/signal.h; the same on x86_64 and arm64).</summary>
public static class Signals
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGABRT = 6;
    public const int SIGKILL = 9;
    public const int SIGSEGV = 11;
    public const int SIGPIPE = 13;
    public const int SIGALRM = 14;
    public const int SIGTERM = 15;
    public const int SIGUSR1 = 10;
    public const int SIGUSR2 = 12;

    public static string Name(int signal) => signal switch
    {
        SIGHUP => "SIGHUP",
        SIGINT => "SIGINT",
        SIGQUIT => "SIGQUIT",
        SIGABRT => "SIGABRT",
        SIGKILL => "SIGKILL",
        SIGSEGV => "SIGSEGV",
        SIGPIPE => "SIGPIPE",
        SIGALRM => "SIGALRM",
        SIGTERM => "SIGTERM",
        SIGUSR1 => "SIGUSR1",
        SIGUSR2 => "SIGUSR2",
        _ => string.Create(CultureInfo.InvariantCulture, $"signal {signal}"),
    };
}
