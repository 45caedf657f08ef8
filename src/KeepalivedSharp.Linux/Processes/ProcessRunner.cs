using System.Collections;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>
/// Starts scripts without a shell: posix_spawn with POSIX_SPAWN_SETPGROUP (the child leads its own process group,
/// so a timeout kills everything it started), an empty signal mask and default dispositions for every signal
/// (the runtime ignores SIGPIPE, which exec would otherwise pass on), stdin on /dev/null, stdout and stderr into
/// one pipe, and every other descriptor closed.
/// <para>
/// Waiting: each run is watched by one dedicated thread blocked in poll(2) on the child's pidfd (readable when it
/// exits), the output pipe and a stop eventfd, with the poll timeout set to the next deadline. No signal handler,
/// no SIGCHLD race and no busy loop; the child is reaped with waitpid(pid) only after its pidfd fired, so a
/// pid is never reused under us. At the timeout the group gets SIGTERM, after the grace period SIGKILL; after a
/// timed-out leader exits the group gets SIGKILL too, so children it left behind are gone (keepalived does the same).
/// </para>
/// </summary>
public static class ProcessRunner
{
    /// <summary>Starts <paramref name="spec"/>; throws <see cref="LinuxNativeException"/> when it cannot be executed (ENOENT, EACCES...).</summary>
    public static RunningProcess Start(ProcessStartSpec spec, CancellationToken stop = default)
    {
        if (spec.Argv.IsDefaultOrEmpty) throw new ArgumentException("empty argv", nameof(spec));
        var argv = PrivilegeDrop.Wrap(spec.Argv, spec.RunAs, ProcessCredentials.Current);
        var (pid, outFd) = Spawn(argv);
        var started = Stopwatch.GetTimestamp();
        int pidFd = -1, stopFd = -1;
        try
        {
            pidFd = (int)ProcessInterop.Syscall(ProcessInterop.SYS_pidfd_open, pid, 0);
            if (pidFd < 0) throw Errno.Last($"pidfd_open({pid})");
            stopFd = ProcessInterop.EventFd(0, ProcessInterop.O_CLOEXEC | ProcessInterop.O_NONBLOCK);
            if (stopFd < 0) throw Errno.Last("eventfd");
        }
        catch
        {
            _ = ProcessInterop.Kill(-pid, Signals.SIGKILL);
            unsafe { _ = ProcessInterop.WaitPid(pid, null, 0); }
            CloseAll(outFd, pidFd, stopFd);
            throw;
        }
        var running = new RunningProcess(pid, stopFd);
        if (stop.CanBeCanceled) stop.Register(running.Stop);
        var watcher = new Thread(() => running.Run(() => Watch(spec, running, pidFd, outFd, stopFd, started)))
        {
            IsBackground = true,
            Name = $"script {pid}",
        };
        watcher.Start();
        return running;
    }

    /// <summary>Runs to the end (or the timeout) and returns the outcome.</summary>
    public static Task<ProcessOutcome> RunAsync(ProcessStartSpec spec, CancellationToken stop = default) => Start(spec, stop).Completion;

    private static unsafe (int Pid, int OutFd) Spawn(System.Collections.Immutable.ImmutableArray<string> argv)
    {
        var fds = stackalloc int[2];
        if (ProcessInterop.Pipe2(fds, ProcessInterop.O_CLOEXEC) != 0) throw Errno.Last("creating the script output pipe");
        var attr = NativeMemory.AllocZeroed(ProcessInterop.SpawnAttrBytes);
        var actions = NativeMemory.AllocZeroed(ProcessInterop.FileActionsBytes);
        var sigset = stackalloc byte[ProcessInterop.SigsetBytes];
        using var strings = new NativeStrings();
        try
        {
            Check(ProcessInterop.SpawnAttrInit(attr), "posix_spawnattr_init");
            Check(ProcessInterop.SpawnAttrSetFlags(attr, ProcessInterop.POSIX_SPAWN_SETPGROUP | ProcessInterop.POSIX_SPAWN_SETSIGMASK | ProcessInterop.POSIX_SPAWN_SETSIGDEF), "posix_spawnattr_setflags");
            Check(ProcessInterop.SpawnAttrSetPgroup(attr, 0), "posix_spawnattr_setpgroup");
            _ = ProcessInterop.SigEmptySet(sigset);
            Check(ProcessInterop.SpawnAttrSetSigmask(attr, sigset), "posix_spawnattr_setsigmask");
            _ = ProcessInterop.SigFillSet(sigset);
            Check(ProcessInterop.SpawnAttrSetSigdefault(attr, sigset), "posix_spawnattr_setsigdefault");

            Check(ProcessInterop.FileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(ProcessInterop.FileActionsAddOpen(actions, 0, strings.Add("/dev/null"), ProcessInterop.O_RDONLY, 0), "posix_spawn_file_actions_addopen");
            Check(ProcessInterop.FileActionsAddDup2(actions, fds[1], 1), "posix_spawn_file_actions_adddup2");
            Check(ProcessInterop.FileActionsAddDup2(actions, fds[1], 2), "posix_spawn_file_actions_adddup2");
            Check(ProcessInterop.FileActionsAddClosefrom(actions, 3), "posix_spawn_file_actions_addclosefrom_np");

            var argvp = strings.Array(argv);
            var envp = strings.Array(Environment());
            int pid;
            var rc = ProcessInterop.PosixSpawn(&pid, argvp[0], actions, attr, argvp, envp);
            _ = Interop.Close(fds[1]);
            if (rc != 0)
            {
                _ = Interop.Close(fds[0]);
                throw new LinuxNativeException($"executing '{argv[0]}'", rc);
            }
            _ = ProcessInterop.Fcntl(fds[0], ProcessInterop.F_SETFL, ProcessInterop.O_NONBLOCK);
            return (pid, fds[0]);
        }
        catch (LinuxNativeException e) when (e.Operation.StartsWith("posix_spawn", StringComparison.Ordinal))
        {
            _ = Interop.Close(fds[0]);
            _ = Interop.Close(fds[1]);
            throw;
        }
        finally
        {
            _ = ProcessInterop.FileActionsDestroy(actions);
            _ = ProcessInterop.SpawnAttrDestroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
        }

        static void Check(int rc, string what)
        {
            if (rc != 0) throw new LinuxNativeException(what, rc);
        }
    }

    private static List<string> Environment()
    {
        var env = new List<string>();
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables()) env.Add($"{e.Key}={e.Value}");
        return env;
    }

    private enum Phase { Running, Terminating, Killing }

    /// <summary>The watcher thread: output, timeout, stop and reap, in one poll loop.</summary>
    private static unsafe ProcessOutcome Watch(ProcessStartSpec spec, RunningProcess running, int pidFd, int outFd, int stopFd, long started)
    {
        var pid = running.Pid;
        var output = new OutputBuffer(spec.OutputLimit);
        var phase = Phase.Running;
        bool timedOut = false, stopped = false;
        long? deadline = spec.Timeout == Timeout.InfiniteTimeSpan ? null : started + Ticks(spec.Timeout);
        var fds = stackalloc Interop.pollfd[3];
        var buf = stackalloc byte[4096];
        int status = 0;
        try
        {
            while (true)
            {
                fds[0] = new Interop.pollfd { fd = pidFd, events = Interop.POLLIN };
                fds[1] = new Interop.pollfd { fd = stopFd, events = Interop.POLLIN };
                fds[2] = new Interop.pollfd { fd = outFd, events = Interop.POLLIN };
                var wait = deadline is { } d ? (int)Math.Clamp(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), d).TotalMilliseconds + 1, 0, int.MaxValue) : -1;
                var n = Interop.Poll(fds, outFd >= 0 ? 3u : 2u, wait);
                if (n < 0 && Marshal.GetLastPInvokeError() != Errno.EINTR) throw Errno.Last("poll on a script");

                if (outFd >= 0 && (fds[2].revents & (Interop.POLLIN | Interop.POLLHUP | Interop.POLLERR)) != 0 && !Drain(outFd, buf, output))
                {
                    _ = Interop.Close(outFd);
                    outFd = -1;
                }
                if ((fds[0].revents & Interop.POLLIN) != 0)
                {
                    if (ProcessInterop.WaitPid(pid, &status, 0) < 0) status = 0xff << 8;
                    break;
                }
                var stopRequested = (fds[1].revents & Interop.POLLIN) != 0;
                if (stopRequested)
                {
                    ulong v;
                    _ = ProcessInterop.Read(stopFd, (byte*)&v, 8);
                }
                var now = Stopwatch.GetTimestamp();
                if ((stopRequested && phase == Phase.Running) || (phase == Phase.Running && deadline is { } t && now >= t))
                {
                    if (stopRequested) stopped = true;
                    else timedOut = true;
                    _ = ProcessInterop.Kill(-pid, Signals.SIGTERM);
                    phase = Phase.Terminating;
                    deadline = now + Ticks(spec.KillGrace);
                }
                else if (deadline is { } k && now >= k)
                {
                    // Terminating: the grace period is over. Killing: it survived SIGKILL for 10 s (D state); keep trying.
                    _ = ProcessInterop.Kill(-pid, Signals.SIGKILL);
                    phase = Phase.Killing;
                    deadline = now + Ticks(TimeSpan.FromSeconds(10));
                }
            }
            if (timedOut || stopped) _ = ProcessInterop.Kill(-pid, Signals.SIGKILL);
            if (outFd >= 0) Drain(outFd, buf, output);
        }
        finally
        {
            running.MarkFinished();
            CloseAll(outFd, pidFd, stopFd);
        }
        return new ProcessOutcome(pid, ExitStatus.FromWaitStatus(status), timedOut, stopped, output.Text, output.Truncated, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Reads what is there; false at end of file (every writer closed) or on error.</summary>
    private static unsafe bool Drain(int fd, byte* buf, OutputBuffer output)
    {
        while (true)
        {
            var r = ProcessInterop.Read(fd, buf, 4096);
            if (r > 0)
            {
                output.Append(new ReadOnlySpan<byte>(buf, (int)r));
                continue;
            }
            if (r == 0) return false;
            var e = Marshal.GetLastPInvokeError();
            return e == Errno.EAGAIN || e == Errno.EINTR;
        }
    }

    private static long Ticks(TimeSpan t) => (long)(t.TotalSeconds * Stopwatch.Frequency);

    private static void CloseAll(params int[] fds)
    {
        foreach (var fd in fds)
            if (fd >= 0) _ = Interop.Close(fd);
    }

    private sealed class OutputBuffer(int limit)
    {
        private readonly byte[] _bytes = new byte[Math.Max(0, limit)];
        private int _length;

        public bool Truncated { get; private set; }

        public string Text => Encoding.UTF8.GetString(_bytes, 0, _length);

        public void Append(ReadOnlySpan<byte> data)
        {
            var n = Math.Min(data.Length, _bytes.Length - _length);
            data[..n].CopyTo(_bytes.AsSpan(_length));
            _length += n;
            if (n < data.Length) Truncated = true;
        }
    }
}
