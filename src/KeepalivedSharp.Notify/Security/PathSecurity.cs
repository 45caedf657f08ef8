using KeepalivedSharp.Linux.Processes;

namespace KeepalivedSharp.Notify.Security;

/// <summary>
/// keepalived's check_security(): walks "/", "/a", "/a/b", … "/a/b/script" with lstat (no symlink followed). Each
/// component but the last must be a directory, the last a file or a symlink; each must be owned by root, and a file
/// or a non-sticky directory must not be writable by others, nor by its group unless the group is root.
/// </summary>
public static class PathSecurity
{
    public readonly record struct Verdict(bool Insecure, bool NotFound, bool WrongType, string? Message);

    public static Verdict Check(string path, bool scriptSecurity)
    {
        var prefixes = new List<string>();
        for (var i = path.IndexOf('/', StringComparison.Ordinal); i >= 0; i = path.IndexOf('/', i + 1))
            prefixes.Add(i == 0 ? "/" : path[..i]);
        prefixes.Add(path);

        for (var n = 0; n < prefixes.Count; n++)
        {
            var last = n == prefixes.Count - 1;
            if (FileStatus.TryLstat(prefixes[n], out _) is not { } st)
                return new Verdict(false, true, false, $"check_script_secure could not find script '{path}' - disabling");
            if ((!last && !st.IsDirectory) || (last && !st.IsRegular && !st.IsSymlink))
                return new Verdict(false, false, true, $"Wrong file type found in script path '{path}'.");
            var writableByOthers = (st.Gid != 0 && (st.Mode & FileStatus.S_IWGRP) != 0) || (st.Mode & FileStatus.S_IWOTH) != 0;
            var guarded = (st.IsDirectory && (st.Mode & FileStatus.S_ISVTX) == 0) || st.IsRegular;
            if (st.Uid != 0 || (guarded && writableByOthers))
                return new Verdict(true, false, false, $"Unsafe permissions found for script '{path}'{(scriptSecurity ? " - disabling" : "")}.");
        }
        return new Verdict(false, false, false, null);
    }
}
