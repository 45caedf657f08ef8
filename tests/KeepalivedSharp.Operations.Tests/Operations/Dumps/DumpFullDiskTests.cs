using System.Runtime.InteropServices;
using KeepalivedSharp.Operations.Dumps;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Operations.Tests.Operations.Dumps;

/// <summary>
/// A dump written to a full disk (ENOSPC). Expected: the write fails with the error (the daemon
/// logs it: "(dump) writing Data failed: ..."), the temporary file is gone, and the previous good
/// dump is still whole: a half-written file never replaces it.
/// </summary>
public sealed partial class DumpFullDiskTests
{
    private const int ENOSPC = 28;

    /// <summary>Passes <paramref name="room"/> bytes to the real file, then fails as write(2) on a full disk does.</summary>
    private sealed class FullDisk(Stream inner, int room, bool onFlush = false) : Stream
    {
        private int _written;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int fits = Math.Min(buffer.Length, onFlush ? buffer.Length : room - _written);
            inner.Write(buffer[..fits]);
            _written += fits;
            if (fits < buffer.Length) throw NoSpace();
        }

        public override void Flush()
        {
            inner.Flush();
            if (onFlush) throw NoSpace();
        }

        private static IOException NoSpace() => new("No space left on device", ENOSPC);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_DiskFillsMidWriteOrAtFlush_ErrorRaisedOldDumpKeptNoTempLeft(bool onFlush)
    {
        using var dir = new TempFolder();
        var writer = new DumpWriter(DumpLocations.For(StatusSamples.FixtureConfig(), dir.Path));
        var good = writer.Write(DumpKind.Data, StatusSamples.FixtureStatus());
        var before = File.ReadAllText(good);
        var next = new byte[64 * 1024];

        var e = Assert.ThrowsAny<IOException>(() => SafeFileWriter.WriteAllBytes(good, next, s => new FullDisk(s, 1000, onFlush)));

        Assert.Contains("No space left", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(good));
        Assert.Equal([Path.GetFileName(good)], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
        // The disk has room again: the next dump goes through.
        Assert.Equal(good, writer.Write(DumpKind.Data, StatusSamples.FixtureStatus()));
    }

    /// <summary>The same on a real 16 KiB tmpfs, mounted in a mount namespace private to one thread.</summary>
    [Fact]
    [Trait("Category", "Root")]
    public void Write_RealFullTmpfs_EnospcOldDumpKeptNoTempLeft()
    {
        using var dir = new TempFolder();
        var mount = Path.Combine(dir.Path, "small");
        Directory.CreateDirectory(mount);
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                InPrivateTmpfs(mount, "size=16k,mode=0700");
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        if (failure is not null) throw new Xunit.Sdk.XunitException(failure.ToString());
    }

    private static void InPrivateTmpfs(string mount, string options)
    {
        const int CLONE_NEWNS = 0x00020000;
        const ulong MS_REC = 16384, MS_PRIVATE = 1 << 18;
        // Root only (CAP_SYS_ADMIN): without it this fails, as a Root test must.
        Assert.True(Unshare(CLONE_NEWNS) == 0, $"unshare(CLONE_NEWNS): errno {Marshal.GetLastPInvokeError()} (needs root)");
        Assert.True(Mount("none", "/", null, MS_REC | MS_PRIVATE, null) == 0, $"making / private: errno {Marshal.GetLastPInvokeError()}");
        Assert.True(Mount("tmpfs", mount, "tmpfs", 0, options) == 0, $"mounting tmpfs: errno {Marshal.GetLastPInvokeError()}");

        var dump = Path.Combine(mount, "keepalived.data");
        var good = new string('g', 6 * 1024) + "\n";
        SafeFileWriter.WriteAllText(dump, good);

        var e = Assert.ThrowsAny<IOException>(() => SafeFileWriter.WriteAllText(dump, new string('n', 64 * 1024)));

        Assert.Contains("No space left", e.Message, StringComparison.Ordinal);
        Assert.Equal(good, File.ReadAllText(dump));
        Assert.Equal(["keepalived.data"], Directory.GetFileSystemEntries(mount).Select(Path.GetFileName));
        SafeFileWriter.WriteAllText(dump, "small\n"); // what fits still goes through
        Assert.Equal("small\n", File.ReadAllText(dump));
    }

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Mount(string source, string target, string? type, ulong flags, string? data);
}
