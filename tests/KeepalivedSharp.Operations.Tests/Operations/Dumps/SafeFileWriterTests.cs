using KeepalivedSharp.Lab;
using KeepalivedSharp.Operations.Dumps;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Operations.Tests.Operations.Dumps;

public class SafeFileWriterTests
{
    [Fact]
    public void WriteAllText_SymlinkPlantedAtTarget_TargetUntouchedAndLinkReplaced()
    {
        using var dir = new TempFolder();
        var victim = dir.Write("victim", "precious\n");
        var dump = Path.Combine(dir.Path, "keepalived.data");
        File.CreateSymbolicLink(dump, victim);

        SafeFileWriter.WriteAllText(dump, "dump\n");

        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.Null(new FileInfo(dump).LinkTarget);
        Assert.Equal("dump\n", File.ReadAllText(dump));
    }

    [Fact]
    public void WriteAllText_NewFile_Mode0600()
    {
        using var dir = new TempFolder();
        var dump = Path.Combine(dir.Path, "keepalived.stats");
        SafeFileWriter.WriteAllText(dump, "x");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dump));
    }

    [Fact]
    public void WriteAllText_ExistingReadableFile_ReplacedWith0600AndNoTempLeft()
    {
        using var dir = new TempFolder();
        var dump = dir.Write("keepalived.json", "old");
        File.SetUnixFileMode(dump, (UnixFileMode)0x1B6); // 0666
        SafeFileWriter.WriteAllText(dump, "new");
        Assert.Equal("new", File.ReadAllText(dump));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dump));
        Assert.Equal(["keepalived.json"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteAllText_WorldWritableDirectoryWithoutStickyBit_RefusedWithTheDirectory()
    {
        using var dir = new TempFolder();
        var open = Path.Combine(dir.Path, "open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF); // 0777
        var e = Assert.Throws<UnsafeDumpLocationException>(() => SafeFileWriter.WriteAllText(Path.Combine(open, "keepalived.data"), "x"));
        Assert.Contains(open, e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(open));
    }

    [Fact]
    public void WriteAllText_StickyWorldWritableDirectoryLikeTmp_Accepted()
    {
        using var dir = new TempFolder();
        var tmp = Path.Combine(dir.Path, "tmp");
        Directory.CreateDirectory(tmp);
        File.SetUnixFileMode(tmp, (UnixFileMode)0x3FF); // 1777
        SafeFileWriter.WriteAllText(Path.Combine(tmp, "keepalived.data"), "x");
        Assert.Equal("x", File.ReadAllText(Path.Combine(tmp, "keepalived.data")));
    }

    [Fact]
    public void WriteAllText_DirectoryIsASymlink_Refused()
    {
        using var dir = new TempFolder();
        var real = Path.Combine(dir.Path, "real");
        Directory.CreateDirectory(real);
        var link = Path.Combine(dir.Path, "link");
        Directory.CreateSymbolicLink(link, real);
        Assert.Throws<UnsafeDumpLocationException>(() => SafeFileWriter.WriteAllText(Path.Combine(link, "keepalived.data"), "x"));
        Assert.Empty(Directory.GetFileSystemEntries(real));
    }

    [Fact]
    public void WriteAllText_PrivateDirectoryInsideAWorldWritableOne_RefusedNamingTheParent()
    {
        // Whoever can write "shared" can rename "dumps" away and put a symlink in its place after the check.
        using var dir = new TempFolder();
        var shared = Path.Combine(dir.Path, "shared");
        var dumps = Path.Combine(shared, "dumps");
        Directory.CreateDirectory(dumps);
        File.SetUnixFileMode(shared, (UnixFileMode)0x1FF); // 0777, not sticky
        File.SetUnixFileMode(dumps, (UnixFileMode)0x1C0); // 0700
        var e = Assert.Throws<UnsafeDumpLocationException>(() => SafeFileWriter.WriteAllText(Path.Combine(dumps, "keepalived.data"), "x"));
        Assert.Contains($"{dumps}: {shared}: writable by group or others", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dumps));
    }

    [Fact]
    public void WriteAllText_ThroughOurOwnSymlinkedParent_Accepted()
    {
        // /var/run -> /run: a link on the way is fine when it and its target's parents are safe.
        using var dir = new TempFolder();
        var real = Path.Combine(dir.Path, "real");
        Directory.CreateDirectory(Path.Combine(real, "dumps"));
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "link"), real);
        var dump = Path.Combine(dir.Path, "link", "dumps", "keepalived.data");
        SafeFileWriter.WriteAllText(dump, "x");
        Assert.Equal("x", File.ReadAllText(Path.Combine(real, "dumps", "keepalived.data")));
    }

    [Fact]
    [Trait("Category", "Root")]
    public void WriteAllText_ParentOwnedByAnotherUser_Refused()
    {
        Assert.Equal(0u, KeepalivedSharp.Linux.Processes.ProcessCredentials.Current.Uid);
        using var dir = new TempFolder();
        var theirs = Path.Combine(dir.Path, "theirs");
        var dumps = Path.Combine(theirs, "dumps");
        Directory.CreateDirectory(dumps);
        LabShell.Check("chown", "65534", theirs);
        var e = Assert.Throws<UnsafeDumpLocationException>(() => SafeFileWriter.WriteAllText(Path.Combine(dumps, "keepalived.data"), "x"));
        Assert.Contains($"{theirs}: owned by uid 65534", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void WriteAllText_FilePlantedByAnotherUserAndHeldOpen_ReaderNeverSeesTheDump()
    {
        // keepalived CVE-2018-19046: a pre-created readable file must not receive the dump.
        Assert.Equal(0u, KeepalivedSharp.Linux.Processes.ProcessCredentials.Current.Uid);
        using var dir = new TempFolder();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0x3FF); // 1777, like /tmp
        var dump = dir.Write("keepalived.data", "planted\n");
        File.SetUnixFileMode(dump, (UnixFileMode)0x1B6); // 0666
        LabShell.Check("chown", "65534:65534", dump);
        using var attacker = new FileStream(dump, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        SafeFileWriter.WriteAllText(dump, "secret\n");

        using var reader = new StreamReader(attacker);
        Assert.Equal("planted\n", reader.ReadToEnd());
        var st = KeepalivedSharp.Linux.Processes.FileStatus.TryLstat(dump, out _)!.Value;
        Assert.Equal((0u, 0x180u), (st.Uid, st.Mode & 0xFFF)); // root's new 0600 file
        Assert.Equal("secret\n", File.ReadAllText(dump));
    }
}
