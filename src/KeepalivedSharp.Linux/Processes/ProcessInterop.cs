using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>
/// libc entry points for running scripts: posix_spawn, pipes, pidfds, signals, wait, users, stat, fifos
/// (poll and close are the shared ones in <c>Interop</c>).
/// Kept apart from <c>Interop</c> (whose constants are checked against the socket headers); these are checked
/// against spawn.h, fcntl.h, sys/stat.h, pwd.h and grp.h by the Processes layout test. Values are x86_64/arm64 Linux.
/// </summary>
internal static unsafe partial class ProcessInterop
{
    private const string Libc = "libc";

    // spawn.h
    internal const short POSIX_SPAWN_SETPGROUP = 0x02;
    internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
    internal const short POSIX_SPAWN_SETSIGMASK = 0x08;

    /// <summary>glibc's opaque posix_spawnattr_t (336 bytes), posix_spawn_file_actions_t (80) and sigset_t (128), rounded up.</summary>
    internal const int SpawnAttrBytes = 512;
    internal const int FileActionsBytes = 256;
    internal const int SigsetBytes = 128;

    // fcntl.h
    internal const int O_RDONLY = 0;
    internal const int O_WRONLY = 1;
    internal const int O_RDWR = 2;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;
    internal const int F_GETFL = 3;
    internal const int F_SETFL = 4;
    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int AT_EMPTY_PATH = 0x1000;

    // sys/syscall.h (the same number on x86_64 and arm64: pidfd_open was added after the tables were unified)
    internal const long SYS_pidfd_open = 434;

    // sys/wait.h
    internal const int WNOHANG = 1;

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_init")]
    internal static partial int SpawnAttrInit(void* attr);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_destroy")]
    internal static partial int SpawnAttrDestroy(void* attr);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setflags")]
    internal static partial int SpawnAttrSetFlags(void* attr, short flags);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setpgroup")]
    internal static partial int SpawnAttrSetPgroup(void* attr, int pgroup);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setsigmask")]
    internal static partial int SpawnAttrSetSigmask(void* attr, void* sigset);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setsigdefault")]
    internal static partial int SpawnAttrSetSigdefault(void* attr, void* sigset);

    [LibraryImport(Libc, EntryPoint = "sigemptyset")]
    internal static partial int SigEmptySet(void* set);

    [LibraryImport(Libc, EntryPoint = "sigfillset")]
    internal static partial int SigFillSet(void* set);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_init")]
    internal static partial int FileActionsInit(void* actions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_destroy")]
    internal static partial int FileActionsDestroy(void* actions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_addopen")]
    internal static partial int FileActionsAddOpen(void* actions, int fd, byte* path, int oflag, uint mode);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_adddup2")]
    internal static partial int FileActionsAddDup2(void* actions, int fd, int newfd);

    /// <summary>glibc 2.34+: close every descriptor from <paramref name="from"/> up in the child.</summary>
    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    internal static partial int FileActionsAddClosefrom(void* actions, int from);

    /// <summary>Returns an errno value (0 on success), not -1; exec failures are reported too (glibc uses CLONE_VFORK).</summary>
    [LibraryImport(Libc, EntryPoint = "posix_spawn")]
    internal static partial int PosixSpawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Libc, EntryPoint = "pipe2", SetLastError = true)]
    internal static partial int Pipe2(int* fds, int flags);

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(int fd, int cmd, int arg);

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int EventFd(uint initval, int flags);

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    internal static partial long Syscall(long number, long arg1, long arg2);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buf, nuint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buf, nuint count);

    [LibraryImport(Libc, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int sig);

    [LibraryImport(Libc, EntryPoint = "waitpid", SetLastError = true)]
    internal static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport(Libc, EntryPoint = "geteuid")]
    internal static partial uint GetEuid();

    [LibraryImport(Libc, EntryPoint = "getegid")]
    internal static partial uint GetEgid();

    [LibraryImport(Libc, EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GetPwNamR(string name, byte* pwd, byte* buf, nuint buflen, byte** result);

    [LibraryImport(Libc, EntryPoint = "getpwuid_r")]
    internal static partial int GetPwUidR(uint uid, byte* pwd, byte* buf, nuint buflen, byte** result);

    [LibraryImport(Libc, EntryPoint = "getgrnam_r", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GetGrNamR(string name, byte* grp, byte* buf, nuint buflen, byte** result);

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, byte* statxbuf);

    /// <summary>realpath(path, NULL): a malloc'd buffer to release with <see cref="Free"/>.</summary>
    [LibraryImport(Libc, EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial byte* RealPath(string path, byte* resolved);

    [LibraryImport(Libc, EntryPoint = "free")]
    internal static partial void Free(void* p);

    [LibraryImport(Libc, EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mkfifo(string path, uint mode);

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Libc, EntryPoint = "fchown", SetLastError = true)]
    internal static partial int Fchown(int fd, uint owner, uint group);

    [LibraryImport(Libc, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unlink(string path);
}

/// <summary>Offsets in <c>struct statx</c> (linux/stat.h; the same on every architecture).</summary>
internal static class StatxLayout
{
    public const int stx_uid = 20;
    public const int stx_gid = 24;
    public const int stx_mode = 28;
    public const int SIZEOF = 256;
    /// <summary>STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID.</summary>
    public const uint Mask = 0x1 | 0x2 | 0x8 | 0x10;
}

/// <summary>Offsets in glibc's <c>struct passwd</c> and <c>struct group</c> on 64-bit Linux.</summary>
internal static class PasswdLayout
{
    public const int pw_name = 0;
    public const int pw_uid = 16;
    public const int pw_gid = 20;
    public const int SIZEOF = 48;
    public const int gr_gid = 16;
    public const int GROUP_SIZEOF = 32;
}
