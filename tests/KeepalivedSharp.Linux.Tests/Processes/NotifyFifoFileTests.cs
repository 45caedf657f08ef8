using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Processes;

namespace KeepalivedSharp.Linux.Tests.Processes;

public sealed class NotifyFifoFileTests : IDisposable
{
    private readonly ScriptDir _dir = new();

    [Fact]
    public void Open_Missing_CreatesFifo0644AndUnlinksOnDispose()
    {
        var path = Path.Combine(_dir.Path, "fifo");
        using (var f = NotifyFifoFile.Open(path))
        {
            Assert.True(f.Created);
            var st = FileStatus.TryLstat(path, out _)!.Value;
            Assert.True(st.IsFifo);
            Assert.Equal(0x1a4u, st.Mode & 0xfff);
        }
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void WriteLine_NoReader_DoesNotBlockAndReaderSeesLinesInOrder()
    {
        var path = Path.Combine(_dir.Path, "fifo");
        using var f = NotifyFifoFile.Open(path);
        Assert.True(f.WriteLine("INSTANCE \"VI_1\" BACKUP 100"));
        Assert.True(f.WriteLine("INSTANCE \"VI_1\" MASTER 100"));
        // Our descriptor is O_RDWR, so a reader opened now still sees what is buffered.
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read));
        Assert.Equal("INSTANCE \"VI_1\" BACKUP 100", reader.ReadLine());
        Assert.Equal("INSTANCE \"VI_1\" MASTER 100", reader.ReadLine());
    }

    [Fact]
    public void Open_PlantedSymlink_RefusedAndTargetUntouched()
    {
        var target = Path.Combine(_dir.Path, "target");
        File.WriteAllText(target, "keep");
        var path = Path.Combine(_dir.Path, "fifo");
        File.CreateSymbolicLink(path, target);
        var e = Assert.Throws<LinuxNativeException>(() => NotifyFifoFile.Open(path));
        Assert.Equal(40, e.ErrorNumber); // ELOOP from O_NOFOLLOW
        Assert.Equal("keep", File.ReadAllText(target));
    }

    [Fact]
    public void Open_PlantedRegularFile_RefusedAndUntouched()
    {
        var path = Path.Combine(_dir.Path, "fifo");
        File.WriteAllText(path, "keep");
        var e = Assert.Throws<LinuxNativeException>(() => NotifyFifoFile.Open(path));
        Assert.Contains("is not a FIFO", e.Message, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(path));
    }

    public void Dispose() => _dir.Dispose();
}
