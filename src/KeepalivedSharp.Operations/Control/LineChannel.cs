using System.Buffers;
using System.Net.Sockets;
using System.Text;

namespace KeepalivedSharp.Operations.Control;

/// <summary>
/// Newline-delimited UTF-8 lines over a connected stream socket, with a length bound. The buffer is
/// rented from the shared pool, grows only up to the bound and goes back on <see cref="Dispose"/>,
/// so a connection holds at most <c>maxLineBytes</c> + 1 bytes and nothing after it closes.
/// </summary>
public sealed class LineChannel(Socket socket, int maxLineBytes) : IDisposable
{
    private const int InitialBytes = 4 * 1024;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBytes, maxLineBytes + 1));
    private int _start;
    private int _end;

    /// <summary>The next line without its newline, or null at end of stream; throws <see cref="InvalidDataException"/> when longer than the bound.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        var scanned = 0; // bytes after _start known to hold no newline
        while (true)
        {
            var nl = Array.IndexOf(_buffer, (byte)'\n', _start + scanned, _end - _start - scanned);
            if (nl >= 0)
            {
                var line = Decode(nl - _start);
                _start = nl + 1;
                return line;
            }
            scanned = _end - _start;
            if (scanned > maxLineBytes) throw new InvalidDataException($"line longer than {maxLineBytes} bytes");
            MakeRoom();
            var n = await socket.ReceiveAsync(_buffer.AsMemory(_end, Capacity - _end), SocketFlags.None, cancellation).ConfigureAwait(false);
            if (n == 0)
            {
                if (_end == _start) return null;
                var last = Decode(_end - _start);
                _start = _end;
                return last;
            }
            _end += n;
        }
    }

    public async Task WriteLineAsync(string line, CancellationToken cancellation)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        for (var sent = 0; sent < bytes.Length;)
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellation).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_buffer is null) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }

    /// <summary>The usable part of the rented array: the bound and its newline.</summary>
    private int Capacity => Math.Min(_buffer!.Length, maxLineBytes + 1);

    private string Decode(int length) => Encoding.UTF8.GetString(_buffer!, _start, length);

    /// <summary>Frees space after <c>_end</c>: moves the partial line to the front, or else doubles the buffer (up to the bound).</summary>
    private void MakeRoom()
    {
        var buffer = _buffer!;
        if (_end < Capacity) return;
        var held = _end - _start;
        var target = _start > 0 ? buffer : ArrayPool<byte>.Shared.Rent(Math.Min(2 * buffer.Length, maxLineBytes + 1));
        Buffer.BlockCopy(buffer, _start, target, 0, held);
        if (target != buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = target;
        }
        _start = 0;
        _end = held;
    }
}
