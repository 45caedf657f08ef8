using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace KeepalivedSharp.Operations.Control;

/// <summary>
/// The framing of <see cref="LineChannel"/> without the socket (pure, so it can be fuzzed): bytes in,
/// newline-delimited UTF-8 lines out, with a length bound. The buffer is rented from the shared pool, grows
/// only up to the bound and goes back on <see cref="Dispose"/>, so it holds at most <c>maxLineBytes</c> + 1 bytes.
/// </summary>
public sealed class LineBuffer(int maxLineBytes) : IDisposable
{
    private const int InitialBytes = 4 * 1024;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBytes, maxLineBytes + 1));
    private int _start;
    private int _end;
    private int _scanned; // bytes after _start known to hold no newline

    /// <summary>The next complete line without its newline; false when none is complete yet. Throws <see cref="InvalidDataException"/> once the pending line is longer than the bound.</summary>
    public bool TryTakeLine([NotNullWhen(true)] out string? line)
    {
        var buffer = Buffer;
        var nl = Array.IndexOf(buffer, (byte)'\n', _start + _scanned, _end - _start - _scanned);
        if (nl >= 0)
        {
            line = Decode(nl - _start);
            _start = nl + 1;
            _scanned = 0;
            return true;
        }
        _scanned = _end - _start;
        if (_scanned > maxLineBytes) throw new InvalidDataException($"line longer than {maxLineBytes} bytes");
        line = null;
        return false;
    }

    /// <summary>Where the next received bytes go (never empty after <see cref="TryTakeLine"/> returned false); <see cref="Commit"/> says how many arrived.</summary>
    public Memory<byte> FreeSpace()
    {
        MakeRoom();
        return Buffer.AsMemory(_end, Capacity - _end);
    }

    public void Commit(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity - _end);
        _end += count;
    }

    /// <summary>At end of stream: the unterminated last line, or null when nothing is left.</summary>
    public string? TakeRest()
    {
        _ = Buffer;
        if (_end == _start) return null;
        var last = Decode(_end - _start);
        _start = _end;
        _scanned = 0;
        return last;
    }

    public void Dispose()
    {
        if (_buffer is null) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }

    private byte[] Buffer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer is null, this);
            return _buffer;
        }
    }

    /// <summary>The usable part of the rented array: the bound and its newline.</summary>
    private int Capacity => Math.Min(Buffer.Length, maxLineBytes + 1);

    private string Decode(int length) => Encoding.UTF8.GetString(Buffer, _start, length);

    /// <summary>Frees space after <c>_end</c>: moves the partial line to the front, or else doubles the buffer (up to the bound).</summary>
    private void MakeRoom()
    {
        var buffer = Buffer;
        if (_end < Capacity) return;
        var held = _end - _start;
        var target = _start > 0 ? buffer : ArrayPool<byte>.Shared.Rent(Math.Min(2 * buffer.Length, maxLineBytes + 1));
        System.Buffer.BlockCopy(buffer, _start, target, 0, held);
        if (target != buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = target;
        }
        _start = 0;
        _end = held;
    }
}
