using KeepalivedSharp.Lab;
using System.Runtime.InteropServices;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Linux.Tests.Processes;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class NotifyFifoFileTests : IDisposable
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

    [Fact]
    public void Open_PlantedRegularFile_NeverOpened()
    {
        // Looked at with lstat first: opening a device (or a file) can have effects of its own.
        var path = Path.Combine(_dir.Path, "fifo");
        File.WriteAllText(path, "keep");
        using var watch = OpenWatch.On(path);
        Assert.Throws<LinuxNativeException>(() => NotifyFifoFile.Open(path));
        Assert.Equal(0, watch.Opens());
    }

    [Fact]
    public void Open_ExistingFifoWritableByOthers_RefusedAndLeftInPlace()
    {
        // Anyone could write forged "INSTANCE ... MASTER" lines into it for the fifo script (root by default) to act on.
        var path = Path.Combine(_dir.Path, "fifo");
        LabShell.Check("mkfifo", "-m", "0666", path);
        var e = Assert.Throws<LinuxNativeException>(() => NotifyFifoFile.Open(path));
        Assert.Contains("is writable by other users (mode 666) - not using it", e.Message, StringComparison.Ordinal);
        Assert.True(FileStatus.TryLstat(path, out _)!.Value.IsFifo);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void Open_FifoPlantedByAnotherUserInStickyWorldWritableDir_Refused()
    {
        Assert.Equal(0u, ProcessCredentials.Current.Uid);
        var tmp = Path.Combine(_dir.Path, "tmp");
        Directory.CreateDirectory(tmp);
        File.SetUnixFileMode(tmp, (UnixFileMode)0x3FF); // 1777, like /tmp
        var path = Path.Combine(tmp, "keepalived.fifo");
        LabShell.Check("mkfifo", "-m", "0644", path);
        LabShell.Check("chown", "65534:65534", path);
        var e = Assert.Throws<LinuxNativeException>(() => NotifyFifoFile.Open(path));
        Assert.Contains("belongs to uid 65534 in a directory other users can write to", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void Open_FifoOfAnotherUserInRootOnlyDirOrOfTheFifoUser_Accepted()
    {
        // Only root could have put it in a 0755 root directory; and in /tmp the fifo's own user may have made it.
        Assert.Equal(0u, ProcessCredentials.Current.Uid);
        var path = Path.Combine(_dir.Path, "fifo");
        LabShell.Check("mkfifo", "-m", "0644", path);
        LabShell.Check("chown", "65534:65534", path);
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0x1ED); // 0755
        using (var f = NotifyFifoFile.Open(path)) Assert.False(f.Created);

        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0x3FF); // 1777
        using (var f = NotifyFifoFile.Open(path, new ProcessCredentials(65534, 65534))) Assert.True(f.WriteLine("INSTANCE \"VI_1\" MASTER 100"));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>inotify(7) IN_OPEN on one path: counts the opens since the watch was set.</summary>
    private sealed partial class OpenWatch : IDisposable
    {
        private readonly int _fd;

        private OpenWatch(int fd) => _fd = fd;

        public static OpenWatch On(string path)
        {
            var fd = InotifyInit1(0x800); // IN_NONBLOCK
            Assert.True(fd >= 0);
            Assert.True(InotifyAddWatch(fd, path, 0x20) >= 0); // IN_OPEN
            return new OpenWatch(fd);
        }

        /// <summary>Events read now; each is a 16-byte header (no name: the watch is on the file itself).</summary>
        public int Opens()
        {
            var buf = new byte[4096];
            var n = Read(_fd, buf, buf.Length);
            return n < 0 ? 0 : (int)n / 16;
        }

        public void Dispose() => _ = Close(_fd);

        [LibraryImport("libc", EntryPoint = "inotify_init1")]
        private static partial int InotifyInit1(int flags);

        [LibraryImport("libc", EntryPoint = "inotify_add_watch", StringMarshalling = StringMarshalling.Utf8)]
        private static partial int InotifyAddWatch(int fd, string path, uint mask);

        [LibraryImport("libc", EntryPoint = "read")]
        private static partial nint Read(int fd, byte[] buf, nint count);

        [LibraryImport("libc", EntryPoint = "close")]
        private static partial int Close(int fd);
    }

}
