using KeepalivedSharp.Linux.Native;
using System.Text;
using KeepalivedSharp.Linux.Processes;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>A dump file could not be written safely; the message says what and where.</summary>
public sealed class UnsafeDumpLocationException(string message) : IOException(message);

/// <summary>
/// Writes a whole file so that nobody else can read, redirect or half-see it: the directory must be a
/// real directory owned by root (or by us), not writable by group or others unless sticky like /tmp,
/// and so must every directory above it (<see cref="CheckDirectory"/>); the text goes to a new file with a random name in that directory, created O_CREAT|O_EXCL (which
/// never follows a symlink) with mode 0600, then renamed over the target, so a symlink planted at the
/// target is replaced, never followed. keepalived's fopen_safe does the same with mkostemp + rename.
/// </summary>
public static class SafeFileWriter
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/>; throws <see cref="UnsafeDumpLocationException"/> on an unsafe directory.
    /// Any failure (ENOSPC on a full disk, EIO) throws after the temporary file is deleted: the previous
    /// dump, if any, stays whole; a half-written one never replaces it.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content) => WriteAllBytes(path, content, null);

    /// <param name="wrap">Wraps the temporary file's stream (tests inject a full disk with it).</param>
    internal static void WriteAllBytes(string path, ReadOnlySpan<byte> content, Func<Stream, Stream>? wrap)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? throw new UnsafeDumpLocationException($"{full}: no directory");
        CheckDirectory(dir);
        var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + KernelRandom.Hex(6));
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, // O_CREAT|O_EXCL: fails on any existing name, symlinks included
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = OwnerReadWrite,
        };
        try
        {
            using (var file = new FileStream(temp, options))
            {
                // The umask can only remove bits; set 0600 exactly on the open handle anyway.
                File.SetUnixFileMode(file.SafeFileHandle, OwnerReadWrite);
                using var stream = wrap is null ? file : wrap(file);
                stream.Write(content);
                stream.Flush();
            }
            File.Move(temp, full, overwrite: true); // rename(2): atomic, replaces a symlink itself
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Refuses a directory that is missing, a symlink, not owned by root or us, or writable by others without the
    /// sticky bit; and the same for every directory above it, as written and as resolved (a symlink on the way must be
    /// ours or root's). Otherwise whoever could write to a parent could swap the directory for a symlink between this
    /// check and the rename, and have the dump land (or replace a file) anywhere.
    /// </summary>
    public static void CheckDirectory(string dir)
    {
        CheckComponent(dir, dir, symlinkAllowed: false);
        var real = FileStatus.RealPath(dir, out var errno) ?? throw new UnsafeDumpLocationException($"{dir}: cannot resolve (errno {errno})");
        foreach (var path in real == dir ? [dir] : new[] { dir, real })
            for (var parent = Path.GetDirectoryName(path); parent is not null; parent = Path.GetDirectoryName(parent))
                CheckComponent(dir, parent, symlinkAllowed: true);
    }

    private static void CheckComponent(string dir, string path, bool symlinkAllowed)
    {
        var what = path == dir ? dir : $"{dir}: {path}";
        var st = FileStatus.TryLstat(path, out var errno);
        if (st is not { } s)
            throw new UnsafeDumpLocationException($"{what}: cannot use as dump directory (errno {errno})");
        if (!s.IsDirectory && !(symlinkAllowed && s.IsSymlink))
            throw new UnsafeDumpLocationException($"{what}: not a directory (a symlink or file); refusing to write dumps there");
        var me = ProcessCredentials.Current.Uid;
        if (s.Uid != 0 && s.Uid != me)
            throw new UnsafeDumpLocationException($"{what}: owned by uid {s.Uid}, not root; refusing to write dumps there");
        if (s.IsSymlink) return; // a link's own mode means nothing; who may replace it is its parent's business
        var writableByOthers = (s.Mode & (FileStatus.S_IWGRP | FileStatus.S_IWOTH)) != 0;
        var sticky = (s.Mode & FileStatus.S_ISVTX) != 0;
        if (writableByOthers && !sticky)
            throw new UnsafeDumpLocationException($"{what}: writable by group or others (mode {Convert.ToString(s.Mode & 0xFFF, 8)}) and not sticky; refusing to write dumps there");
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
