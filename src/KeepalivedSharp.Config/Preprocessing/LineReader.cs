namespace KeepalivedSharp.Config.Preprocessing;

/// <summary>
/// Reads a file's physical lines ('\n'-separated; the text after the last '\n' is a line too, even empty) without
/// holding more than one line: NUL characters are dropped (and reported), and a line longer than
/// <paramref name="maxLength"/> (trailing '\r' aside) is read to its end but not kept, so one huge line costs nothing.
/// </summary>
internal sealed class LineReader(TextReader reader, int maxLength)
{
    private readonly char[] _chunk = new char[16384];
    private char[] _line = new char[256];
    private int _pos, _end;
    private bool _eof, _done;

    /// <summary>False after the last line. <paramref name="line"/> is valid until the next call.</summary>
    public bool Next(out ReadOnlySpan<char> line, out bool tooLong, out bool hadNul)
    {
        line = default;
        tooLong = false;
        hadNul = false;
        if (_done) return false;
        var length = 0;
        while (true)
        {
            if (_pos == _end && !Fill())
            {
                _done = true;
                line = tooLong ? default : _line.AsSpan(0, length);
                return true;
            }
            var rest = _chunk.AsSpan(_pos, _end - _pos);
            var newline = rest.IndexOf('\n');
            var part = newline < 0 ? rest : rest[..newline];
            _pos += part.Length + (newline < 0 ? 0 : 1);
            if (length == 0 && newline >= 0 && !part.Contains('\0') && part.TrimEnd('\r').Length <= maxLength)
            {
                // The usual line, whole in the chunk: no copy.
                line = part;
                return true;
            }
            foreach (var c in part)
            {
                if (c == '\0')
                {
                    hadNul = true;
                    continue;
                }
                if (tooLong) continue;
                // Past the limit only '\r' may follow (the line's end trims them); anything else makes it too long.
                if (length < maxLength) Append(c, ref length);
                else if (c != '\r') tooLong = true;
            }
            if (newline >= 0)
            {
                line = tooLong ? default : _line.AsSpan(0, length);
                return true;
            }
        }
    }

    private void Append(char c, ref int length)
    {
        if (length == _line.Length) Array.Resize(ref _line, Math.Min(Math.Max(_line.Length * 2, 256), maxLength));
        _line[length++] = c;
    }

    private bool Fill()
    {
        if (_eof) return false;
        _pos = 0;
        _end = reader.Read(_chunk, 0, _chunk.Length);
        if (_end > 0) return true;
        _eof = true;
        return false;
    }
}
