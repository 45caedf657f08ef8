using System.Globalization;
using System.Reflection;
using System.Text;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Linux.Tests.Processes;

/// <summary>Interop.Scheduling's constants and struct rlimit, checked against the C headers with gcc.</summary>
public sealed class SchedulingLayoutTests
{
    private static readonly string[] Names =
        ["PRIO_PROCESS", "SCHED_OTHER", "SCHED_RR", "SCHED_RESET_ON_FORK", "MCL_CURRENT", "MCL_FUTURE", "MCL_ONFAULT", "RLIMIT_RTTIME", "SIGXCPU"];

    [Fact]
    public void Declarations_ComparedWithSystemHeaders_AllMatch()
    {
        var c = new StringBuilder("#define _GNU_SOURCE\n#include <sched.h>\n#include <signal.h>\n#include <stddef.h>\n#include <sys/mman.h>\n#include <sys/resource.h>\n");
        foreach (var name in Names)
        {
            var f = typeof(Interop).GetField(name, BindingFlags.NonPublic | BindingFlags.Static) ?? throw new MissingFieldException(name);
            c.Append(CultureInfo.InvariantCulture, $"_Static_assert({name} == {Convert.ToInt64(f.GetRawConstantValue(), CultureInfo.InvariantCulture)}LL, \"{name}\");\n");
        }
        c.Append(CultureInfo.InvariantCulture, $"_Static_assert(sizeof(struct rlimit) == {System.Runtime.InteropServices.Marshal.SizeOf<Interop.rlimit>()}, \"rlimit\");\n");
        c.Append("_Static_assert(offsetof(struct rlimit, rlim_max) == 8, \"rlim_max\");\n");
        using var dir = new TempFolder();
        var file = dir.Write("scheduling.c", c.ToString());
        var r = LabShell.Run("gcc", ["-fsyntax-only", "-Wall", "-Werror", file], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.Output + "\n" + c);
    }
}
