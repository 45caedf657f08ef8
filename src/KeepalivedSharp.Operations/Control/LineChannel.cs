using System.Net.Sockets;
using System.Text;

namespace KeepalivedSharp.Operations.Control;

/// <summary>
/// Newline-delimited UTF-8 lines over a connected stream socket, with a length bound; the framing and its
/// pooled buffer are <see cref="LineBuffer"/>'s, so a connection holds at most <c>maxLineBytes</c> + 1 bytes
/// and nothing after it closes.
/// </summary>
public sealed class LineChannel(Socket socket, int maxLineBytes) : IDisposable
{
    private readonly LineBuffer _lines = new(maxLineBytes);

    /// <summary>The next line without its newline, or null at end of stream; throws <see cref="InvalidDataException"/> when longer than the bound.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellation)
    {
        string? line;
        while (!_lines.TryTakeLine(out line))
        {
            var n = await socket.ReceiveAsync(_lines.FreeSpace(), SocketFlags.None, cancellation).ConfigureAwait(false);
            if (n == 0) return _lines.TakeRest();
            _lines.Commit(n);
        }
        return line;
    }

    public async Task WriteLineAsync(string line, CancellationToken cancellation)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        for (var sent = 0; sent < bytes.Length;)
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellation).ConfigureAwait(false);
    }

    public void Dispose() => _lines.Dispose();
}
