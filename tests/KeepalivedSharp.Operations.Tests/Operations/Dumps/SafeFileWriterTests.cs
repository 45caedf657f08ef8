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
}
