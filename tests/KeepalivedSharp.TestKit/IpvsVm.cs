using KeepalivedSharp.Lab;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace KeepalivedSharp.TestKit;

/// <summary>What one script did in the guest: its exit code (137 when the guest's own bound killed
/// it), its stdout and stderr, and every file it left in its job directory ($KS_JOB).</summary>
public sealed record VmRun(int ExitCode, string Output, IReadOnlyDictionary<string, string> Files, TimeSpan Elapsed)
{
    public string File(string name) => Files.TryGetValue(name, out var text)
        ? text : throw new KeyNotFoundException($"the guest script left no {name}; its output:\n{Output}");
}

/// <summary>
/// A QEMU guest booting Debian's stock kernel, for tests that need a real IPVS (this machine's kernel
/// may have none). tests/vm/prepare.sh caches the kernel and initramfs; the guest (TCG, <c>-nic none</c>:
/// no network outside itself) sees the host root read-only over 9p and a fresh private directory
/// read-write for results. <see cref="Run"/> hands it a shell script, which runs chrooted into the host
/// root, so keepalived, ipvsadm and our binary are the host's own. Boot once per test class
/// (IClassFixture): booting takes about 2 s under TCG. Dispose powers the guest off, or kills QEMU.
/// </summary>
public sealed class IpvsVm : IDisposable
{
    private static readonly TimeSpan BootBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly Process _qemu;
    private readonly StringBuilder _console = new();
    private readonly object _lock = new();
    private int _jobs;

    /// <summary>The results share: a fresh 0700 directory (mkdtemp), removed by Dispose.</summary>
    public string Directory { get; }

    /// <summary>The guest kernel's release, as its /init reported it.</summary>
    public string KernelRelease { get; }

    public TimeSpan BootTime { get; }

    /// <summary>Everything the guest wrote on its serial console so far (kernel and /init lines).</summary>
    public string Console
    {
        get
        {
            lock (_console) return _console.ToString();
        }
    }

    public IpvsVm()
    {
        var cache = Prepare();
        Directory = System.IO.Directory.CreateTempSubdirectory("ks-ipvsvm-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "jobs"));
        var clock = Stopwatch.StartNew();
        var psi = new ProcessStartInfo("qemu-system-x86_64")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // TCG: /dev/kvm here is a software backend under which a stock kernel crawls or dies
        // (docs/operations.md). -nic none: the guest has no network device at all.
        foreach (var a in (string[])[
            "-accel", "tcg", "-smp", "1", "-m", "512", "-nodefaults", "-display", "none", "-serial", "stdio",
            "-no-reboot", "-nic", "none",
            "-kernel", Path.Combine(cache, "vmlinux"), "-initrd", Path.Combine(cache, "initrd.cpio"),
            "-append", "console=ttyS0 quiet panic=-1",
            "-virtfs", "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap",
            "-virtfs", $"local,path={Directory},mount_tag=results,security_model=none"])
            psi.ArgumentList.Add(a);
        _qemu = Process.Start(psi) ?? throw new InvalidOperationException("qemu-system-x86_64 did not start");
        _qemu.OutputDataReceived += (_, e) => AddConsole(e.Data);
        _qemu.ErrorDataReceived += (_, e) => AddConsole(e.Data);
        _qemu.BeginOutputReadLine();
        _qemu.BeginErrorReadLine();
        try
        {
            var ready = WaitForConsole("KS-VM-READY ", BootBound);
            KernelRelease = ready["KS-VM-READY ".Length..].Trim();
            if (Console.Contains("KS-VM-ERROR", StringComparison.Ordinal))
                throw new InvalidOperationException($"the guest's /init failed:\n{Console}");
            BootTime = clock.Elapsed;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="script"/> (POSIX sh, the host's /bin/sh) in the guest, chrooted into the host
    /// root with fresh tmpfs /run and /tmp, $KS_JOB its job directory on the results share, and
    /// <paramref name="files"/> written there first. The guest kills it after <paramref name="limit"/>,
    /// and anything it left running when it ends; the IPVS table is cleared for the next script.
    /// If the guest does not answer within the limit plus a margin, QEMU is killed and this throws.
    /// </summary>
    /// <summary>
    /// Copies a host file into the results share and returns its path in the guest. For files the guest cannot
    /// see through the host root: its /tmp and /run are its own tmpfs (a clone under /tmp, for one).
    /// </summary>
    public string Share(string hostFile)
    {
        var dir = Path.Combine(Directory, "files");
        System.IO.Directory.CreateDirectory(dir);
        var name = Path.GetFileName(hostFile);
        System.IO.File.Copy(hostFile, Path.Combine(dir, name), overwrite: true);
        return $"/run/ks/files/{name}";
    }

    public VmRun Run(string script, TimeSpan limit, IReadOnlyDictionary<string, string>? files = null)
    {
        lock (_lock)
        {
            if (_qemu.HasExited) throw new InvalidOperationException($"the guest is gone (QEMU exited); console:\n{Console}");
            int n = ++_jobs;
            var job = Path.Combine(Directory, "jobs", n.ToString(CultureInfo.InvariantCulture));
            System.IO.Directory.CreateDirectory(job);
            foreach (var (name, text) in files ?? new Dictionary<string, string>())
                System.IO.File.WriteAllText(Path.Combine(job, name), text);
            System.IO.File.WriteAllText(Path.Combine(job, "run.sh"), script);
            int seconds = (int)Math.Ceiling(limit.TotalSeconds);
            System.IO.File.WriteAllText(Path.Combine(job, "limit"), seconds.ToString(CultureInfo.InvariantCulture));
            var clock = Stopwatch.StartNew();
            // "go" last: the guest polls for it, so it never sees a half-written job.
            System.IO.File.WriteAllText(Path.Combine(job, "go"), "");
            var exit = Path.Combine(job, "exit");
            var deadline = TimeSpan.FromSeconds(seconds + 15);
            while (!System.IO.File.Exists(exit))
            {
                if (_qemu.HasExited || clock.Elapsed > deadline)
                {
                    Kill();
                    throw new TimeoutException($"the guest did not finish job {n} within {deadline}; console:\n{Console}");
                }
                Thread.Sleep(Poll);
            }
            var elapsed = clock.Elapsed;
            int code = int.Parse(System.IO.File.ReadAllText(exit).Trim(), CultureInfo.InvariantCulture);
            var left = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var f in System.IO.Directory.EnumerateFiles(job))
                left[Path.GetFileName(f)] = System.IO.File.ReadAllText(f);
            return new VmRun(code, left.GetValueOrDefault("output", ""), left, elapsed);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_qemu.HasExited)
            {
                // /init powers off when it sees this file between jobs.
                System.IO.File.WriteAllText(Path.Combine(Directory, "poweroff"), "");
                if (!_qemu.WaitForExit(TimeSpan.FromSeconds(10))) Kill();
            }
            _qemu.WaitForExit();
        }
        finally
        {
            _qemu.Dispose();
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        }
    }

    private void Kill()
    {
        try { _qemu.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _qemu.WaitForExit(TimeSpan.FromSeconds(10));
    }

    private void AddConsole(string? line)
    {
        if (line is null) return;
        lock (_console)
        {
            _console.Append(line).Append('\n');
            Monitor.PulseAll(_console);
        }
    }

    private string WaitForConsole(string prefix, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        lock (_console)
        {
            while (true)
            {
                var line = _console.ToString().Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                if (line is not null) return line;
                if (_qemu.HasExited || clock.Elapsed > bound)
                    throw new TimeoutException($"the guest did not reach '{prefix.Trim()}' within {bound}; console:\n{_console}");
                Monitor.Wait(_console, TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>tests/vm/prepare.sh (idempotent; downloads and builds once per kernel version): the cache directory.</summary>
    private static string Prepare()
    {
        var script = FindUp(Path.Combine("tests", "vm", "prepare.sh"))
            ?? throw new FileNotFoundException("tests/vm/prepare.sh not found above " + AppContext.BaseDirectory);
        var r = LabShell.Run("/bin/bash", [script], TimeSpan.FromMinutes(10));
        var dir = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        if (r.ExitCode != 0 || dir is null || !System.IO.File.Exists(Path.Combine(dir, "vmlinux")))
            throw new InvalidOperationException($"tests/vm/prepare.sh failed ({r.ExitCode}):\n{r.Output}");
        return dir;
    }

    private static string? FindUp(string relative)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, relative);
            if (System.IO.File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
