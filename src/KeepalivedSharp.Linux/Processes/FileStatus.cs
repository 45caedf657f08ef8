using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>Type, permission bits and owner of a path, read without following a final symlink (lstat).</summary>
public readonly record struct FileStatus(uint Mode, uint Uid, uint Gid)
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFLNK = 0xA000;
    public const uint S_IFIFO = 0x1000;
    public const uint S_ISUID = 0x800;
    public const uint S_ISGID = 0x400;
    public const uint S_ISVTX = 0x200;
    public const uint S_IWGRP = 0x10;
    public const uint S_IWOTH = 0x2;
    public const uint S_IXUSR = 0x40;
    public const uint S_IXGRP = 0x8;
    public const uint S_IXOTH = 0x1;

    public bool IsDirectory => (Mode & S_IFMT) == S_IFDIR;
    public bool IsRegular => (Mode & S_IFMT) == S_IFREG;
    public bool IsSymlink => (Mode & S_IFMT) == S_IFLNK;
    public bool IsFifo => (Mode & S_IFMT) == S_IFIFO;

    /// <summary>lstat(2) through statx; null with the errno when the path cannot be read.</summary>
    public static unsafe FileStatus? TryLstat(string path, out int errno) => TryStat(path, ProcessInterop.AT_SYMLINK_NOFOLLOW, out errno);

    /// <summary>stat(2) (follows symlinks) through statx.</summary>
    public static unsafe FileStatus? TryStat(string path, out int errno) => TryStat(path, 0, out errno);

    /// <summary>fstat(2) of an open descriptor (statx with AT_EMPTY_PATH): what was opened, whatever the name now points at.</summary>
    public static unsafe FileStatus? TryFstat(int fd, out int errno) => TryStat(fd, "", ProcessInterop.AT_EMPTY_PATH, out errno);

    private static unsafe FileStatus? TryStat(string path, int flags, out int errno) => TryStat(ProcessInterop.AT_FDCWD, path, flags, out errno);

    private static unsafe FileStatus? TryStat(int dirFd, string path, int flags, out int errno)
    {
        var buf = stackalloc byte[StatxLayout.SIZEOF];
        if (ProcessInterop.Statx(dirFd, path, flags, StatxLayout.Mask, buf) != 0)
        {
            errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return null;
        }
        errno = 0;
        return new FileStatus(*(ushort*)(buf + StatxLayout.stx_mode), *(uint*)(buf + StatxLayout.stx_uid), *(uint*)(buf + StatxLayout.stx_gid));
    }

    /// <summary>
    /// keepalived's check_glob_file (lib/parser.c) for config files: stat(2), following symlinks, says a regular file
    /// with no execute bit. A path that cannot be stat'ed passes, so that the open reports it as missing or unreadable.
    /// </summary>
    public static bool IsRegularNonExecutableOrAbsent(string path)
        => TryStat(path, out _) is not { } s || (s.IsRegular && (s.Mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0);

    /// <summary>keepalived's is_executable(): root needs any x bit; the owner needs u+x; the group g+x; others o+x.</summary>
    public bool IsExecutableBy(ProcessCredentials who) =>
        (who.Uid == 0 && (Mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0) ||
        (who.Uid == Uid && (Mode & S_IXUSR) != 0) ||
        (who.Uid != Uid && ((who.Gid == Gid && (Mode & S_IXGRP) != 0) || (who.Gid != Gid && (Mode & S_IXOTH) != 0)));

    /// <summary>realpath(3): absolute, with ., .. and every symlink resolved; null with the errno on failure.</summary>
    public static unsafe string? RealPath(string path, out int errno)
    {
        var p = ProcessInterop.RealPath(path, null);
        if (p is null)
        {
            errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return null;
        }
        errno = 0;
        try
        {
            return System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)p);
        }
        finally
        {
            ProcessInterop.Free(p);
        }
    }

}
