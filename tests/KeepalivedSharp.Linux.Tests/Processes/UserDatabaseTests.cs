using KeepalivedSharp.Lab;
using KeepalivedSharp.Linux.Processes;

namespace KeepalivedSharp.Linux.Tests.Processes;

public sealed class UserDatabaseTests
{
    [Fact]
    public void FindUser_Root_IsZero() => Assert.Equal(ProcessCredentials.Root, UserDatabase.FindUser("root"));

    [Fact]
    public void FindUser_Nobody_MatchesGetent()
    {
        var line = LabShell.Check("getent", "passwd", "nobody").Stdout.Split(':');
        Assert.Equal(new ProcessCredentials(uint.Parse(line[2], System.Globalization.CultureInfo.InvariantCulture), uint.Parse(line[3], System.Globalization.CultureInfo.InvariantCulture)), UserDatabase.FindUser("nobody"));
    }

    [Fact]
    public void TryResolve_MissingUserOrGroup_KeepalivedWording()
    {
        Assert.False(UserDatabase.TryResolve("ks-no-such-user", null, out _, out var e1));
        Assert.Equal("Script user 'ks-no-such-user' does not exist", e1);
        Assert.False(UserDatabase.TryResolve("root", "ks-no-such-group", out _, out var e2));
        Assert.Equal("Script group 'ks-no-such-group' does not exist", e2);
    }

    [Fact]
    public void TryResolve_UserWithGroup_UsesGroupGid()
    {
        Assert.True(UserDatabase.TryResolve("root", "nogroup", out var c, out _));
        Assert.Equal(0u, c.Uid);
        Assert.Equal(UserDatabase.FindGroup("nogroup"), c.Gid);
    }

    [Fact]
    public void FindUserName_Zero_IsRoot() => Assert.Equal("root", UserDatabase.FindUserName(0));
}
