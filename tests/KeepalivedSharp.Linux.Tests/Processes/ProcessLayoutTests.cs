using KeepalivedSharp.Lab;
using System.Globalization;
using System.Reflection;
using System.Text;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Linux.Tests.Processes;

/// <summary>The spawn/wait/stat/passwd constants and offsets we declare, checked against the C headers with gcc.</summary>
public sealed class ProcessLayoutTests
{
    [Fact]
    public void Declarations_ComparedWithSystemHeaders_AllMatch()
    {
        var c = new StringBuilder("#define _GNU_SOURCE\n");
        foreach (var h in new[] { "spawn.h", "fcntl.h", "poll.h", "sys/stat.h", "sys/wait.h", "sys/syscall.h", "signal.h", "pwd.h", "grp.h", "stddef.h" })
            c.Append(CultureInfo.InvariantCulture, $"#include <{h}>\n");
        var n = 0;
        foreach (var f in typeof(ProcessInterop).GetFields(BindingFlags.NonPublic | BindingFlags.Static).Where(f => f.IsLiteral && f.Name.Contains('_', StringComparison.Ordinal) && f.Name != "SigsetBytes"))
        {
            c.Append(CultureInfo.InvariantCulture, $"_Static_assert({f.Name} == {Convert.ToInt64(f.GetRawConstantValue(), CultureInfo.InvariantCulture)}LL, \"{f.Name}\");\n");
            n++;
        }
        foreach (var f in typeof(FileStatus).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            c.Append(CultureInfo.InvariantCulture, $"_Static_assert({f.Name} == {f.GetRawConstantValue()}, \"{f.Name}\");\n");
            n++;
        }
        foreach (var f in typeof(Signals).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            c.Append(CultureInfo.InvariantCulture, $"_Static_assert({f.Name} == {f.GetRawConstantValue()}, \"{f.Name}\");\n");
        c.Append(CultureInfo.InvariantCulture, $"""
            _Static_assert(sizeof(posix_spawnattr_t) <= {ProcessInterop.SpawnAttrBytes}, "attr");
            _Static_assert(sizeof(posix_spawn_file_actions_t) <= {ProcessInterop.FileActionsBytes}, "actions");
            _Static_assert(sizeof(sigset_t) == {ProcessInterop.SigsetBytes}, "sigset");
            _Static_assert(offsetof(struct statx, stx_uid) == {StatxLayout.stx_uid}, "stx_uid");
            _Static_assert(offsetof(struct statx, stx_gid) == {StatxLayout.stx_gid}, "stx_gid");
            _Static_assert(offsetof(struct statx, stx_mode) == {StatxLayout.stx_mode}, "stx_mode");
            _Static_assert(sizeof(struct statx) == {StatxLayout.SIZEOF}, "statx");
            _Static_assert((STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID) == {StatxLayout.Mask}, "mask");
            _Static_assert(offsetof(struct passwd, pw_name) == {PasswdLayout.pw_name}, "pw_name");
            _Static_assert(offsetof(struct passwd, pw_uid) == {PasswdLayout.pw_uid}, "pw_uid");
            _Static_assert(offsetof(struct passwd, pw_gid) == {PasswdLayout.pw_gid}, "pw_gid");
            _Static_assert(sizeof(struct passwd) == {PasswdLayout.SIZEOF}, "passwd");
            _Static_assert(offsetof(struct group, gr_gid) == {PasswdLayout.gr_gid}, "gr_gid");
            _Static_assert(sizeof(struct group) == {PasswdLayout.GROUP_SIZEOF}, "group");
            _Static_assert(O_NOFOLLOW == 0x20000, "O_NOFOLLOW (NotifyFifoFile)");

            """);
        Assert.InRange(n, 20, 100);
        var dir = Directory.CreateTempSubdirectory("ks-layout-");
        try
        {
            var file = Path.Combine(dir.FullName, "processes.c");
            File.WriteAllText(file, c.ToString());
            var r = LabShell.Run("gcc", ["-fsyntax-only", "-Wall", "-Werror", file], TimeSpan.FromSeconds(60));
            Assert.True(r.ExitCode == 0, r.Output + "\n" + c);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
