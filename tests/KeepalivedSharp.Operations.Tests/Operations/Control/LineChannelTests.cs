using System.Net.Sockets;
using System.Text;
using KeepalivedSharp.Operations.Control;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Operations.Tests.Operations.Control;

public sealed class LineChannelTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempFolder _dir = new();
    private readonly Socket _writer;
    private readonly Socket _reader;

    public LineChannelTests()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var path = new UnixDomainSocketEndPoint(Path.Combine(_dir.Path, "pair.sock"));
        listener.Bind(path);
        listener.Listen(1);
        _writer = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _writer.Connect(path);
        _reader = listener.Accept();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _reader.Dispose();
        _dir.Dispose();
    }

    private async Task<List<string?>> ReadAll(int maxLineBytes, params string[] chunks)
    {
        foreach (var c in chunks) _writer.Send(Encoding.UTF8.GetBytes(c));
        _writer.Shutdown(SocketShutdown.Send);
        using var channel = new LineChannel(_reader, maxLineBytes);
        using var cts = new CancellationTokenSource(Bound);
        var lines = new List<string?>();
        string? line;
        do lines.Add(line = await channel.ReadLineAsync(cts.Token));
        while (line is not null);
        return lines;
    }

    [Fact]
    public async Task ReadLine_SeveralLinesAndATail_EachLineThenTheTailThenNull()
        => Assert.Equal(["a", "", "bc", "tail", null], await ReadAll(16, "a\n\nb", "c\ntail"));

    [Fact]
    public async Task ReadLine_ExactlyTheBound_Returned()
        => Assert.Equal([new string('x', 16), null], await ReadAll(16, new string('x', 16) + "\n"));

    [Fact]
    public async Task ReadLine_OneByteOverTheBound_InvalidData()
        => await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(16, new string('x', 17) + "\n"));

    [Fact]
    public async Task ReadLine_LongerThanTheFirstBuffer_GrowsAndReturnsItWhole()
    {
        var big = string.Concat(Enumerable.Range(0, 30_000).Select(i => (char)('a' + i % 26)));
        Assert.Equal([big, "next", null], await ReadAll(64 * 1024, big[..10_000], big[10_000..] + "\nnext\n"));
    }

    [Fact]
    public async Task ReadLine_Utf8_Decoded()
        => Assert.Equal(["état", null], await ReadAll(16, "état\n"));

    [Fact]
    public async Task ReadLine_AfterDispose_ObjectDisposed()
    {
        var channel = new LineChannel(_reader, 16);
        channel.Dispose();
        channel.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => channel.ReadLineAsync(CancellationToken.None));
    }
}
