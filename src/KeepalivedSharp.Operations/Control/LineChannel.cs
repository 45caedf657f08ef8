using System.Buffers;
using System.Net.Sockets;
using System.Text;

namespace KeepalivedSharp.Operations.Control;

/// <summary>Newline-delimited UTF-8 lines over a connected stream socket, with a length bound.</summary>
public sealed class LineChannel(Socket socket, int maxLineBytes = ControlProtocol.MaxLineBytes)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _line = new();
    private int _start;
    private int _end;

    /// <summary>The next line without its newline, or null at end of stream; throws <see cref="InvalidDataException"/> when too long.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellation)
    {
        _line.ResetWrittenCount();
        while (true)
        {
            var nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (nl >= 0)
            {
                _line.Write(_buffer.AsSpan(_start, nl - _start));
                _start = nl + 1;
                return Take();
            }
            _line.Write(_buffer.AsSpan(_start, _end - _start));
            _start = _end = 0;
            if (_line.WrittenCount > maxLineBytes) throw new InvalidDataException($"line longer than {maxLineBytes} bytes");
            var n = await socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellation).ConfigureAwait(false);
            if (n == 0) return _line.WrittenCount > 0 ? Take() : null;
            _end = n;
        }
    }

    public async Task WriteLineAsync(string line, CancellationToken cancellation)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        for (var sent = 0; sent < bytes.Length;)
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellation).ConfigureAwait(false);
    }

    private string Take()
    {
        if (_line.WrittenCount > maxLineBytes) throw new InvalidDataException($"line longer than {maxLineBytes} bytes");
        return Encoding.UTF8.GetString(_line.WrittenSpan);
    }
}
