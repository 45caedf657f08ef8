using System.Runtime.InteropServices;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>A uid/gid pair a script runs as.</summary>
public readonly record struct ProcessCredentials(uint Uid, uint Gid)
{
    /// <summary>The effective uid/gid of this process (keepalived's our_uid/our_gid).</summary>
    public static ProcessCredentials Current => new(ProcessInterop.GetEuid(), ProcessInterop.GetEgid());

    public static ProcessCredentials Root => new(0, 0);
}

/// <summary>User and group look-ups through the C library (so NSS sources such as LDAP or sssd are honoured).</summary>
public static unsafe class UserDatabase
{
    private const int BufferBytes = 16384;
    private const int ERANGE = 34;

    /// <summary>The uid and primary gid of <paramref name="user"/>, or null when there is no such user.</summary>
    public static ProcessCredentials? FindUser(string user)
    {
        var pwd = stackalloc byte[PasswdLayout.SIZEOF];
        for (var size = BufferBytes; ; size *= 2)
        {
            var buf = (byte*)NativeMemory.Alloc((nuint)size);
            try
            {
                byte* result = null;
                var rc = ProcessInterop.GetPwNamR(user, pwd, buf, (nuint)size, &result);
                if (rc == ERANGE && size < 1 << 20) continue;
                if (rc != 0) throw new LinuxNativeException($"looking up user '{user}'", rc);
                if (result is null) return null;
                return new ProcessCredentials(*(uint*)(pwd + PasswdLayout.pw_uid), *(uint*)(pwd + PasswdLayout.pw_gid));
            }
            finally
            {
                NativeMemory.Free(buf);
            }
        }
    }

    /// <summary>The gid of <paramref name="group"/>, or null when there is no such group.</summary>
    public static uint? FindGroup(string group)
    {
        var grp = stackalloc byte[PasswdLayout.GROUP_SIZEOF];
        for (var size = BufferBytes; ; size *= 2)
        {
            var buf = (byte*)NativeMemory.Alloc((nuint)size);
            try
            {
                byte* result = null;
                var rc = ProcessInterop.GetGrNamR(group, grp, buf, (nuint)size, &result);
                if (rc == ERANGE && size < 1 << 20) continue;
                if (rc != 0) throw new LinuxNativeException($"looking up group '{group}'", rc);
                return result is null ? null : *(uint*)(grp + PasswdLayout.gr_gid);
            }
            finally
            {
                NativeMemory.Free(buf);
            }
        }
    }

    /// <summary>The name of <paramref name="uid"/>, or null (used for keepalived's default notification_email_from).</summary>
    public static string? FindUserName(uint uid)
    {
        var pwd = stackalloc byte[PasswdLayout.SIZEOF];
        var buf = (byte*)NativeMemory.Alloc(BufferBytes);
        try
        {
            byte* result = null;
            if (ProcessInterop.GetPwUidR(uid, pwd, buf, BufferBytes, &result) != 0 || result is null) return null;
            return Marshal.PtrToStringUTF8((nint)(*(byte**)(pwd + PasswdLayout.pw_name)));
        }
        finally
        {
            NativeMemory.Free(buf);
        }
    }

    /// <summary>
    /// keepalived's user/group resolution for a script: the user's uid and primary gid, or the named group's gid.
    /// Errors use keepalived's wording ("Script user 'x' does not exist").
    /// </summary>
    public static bool TryResolve(string user, string? group, out ProcessCredentials credentials, out string? error)
    {
        credentials = default;
        if (FindUser(user) is not { } u)
        {
            error = $"Script user '{user}' does not exist";
            return false;
        }
        if (group is null)
        {
            credentials = u;
            error = null;
            return true;
        }
        if (FindGroup(group) is not { } gid)
        {
            error = $"Script group '{group}' does not exist";
            return false;
        }
        credentials = u with { Gid = gid };
        error = null;
        return true;
    }
}
