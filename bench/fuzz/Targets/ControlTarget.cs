using System.Text;
using KeepalivedSharp.Operations.Control;

namespace KeepalivedSharp.Fuzz;

/// <summary>
/// The control socket's request side without the socket: the byte stream is framed by <see cref="LineBuffer"/>
/// (as LineChannel does, in receives of a fuzzed size and under a fuzzed bound), each non-empty line is
/// interpreted and its reply serialized, as ControlServer does. Input: receive size (octet 0, 1..64), line bound
/// (octet 1, 16..4096), then the stream. The lines must be exactly the stream's newline-separated pieces.
/// </summary>
internal sealed class ControlTarget : IFuzzTarget
{
    private static readonly string[] Known = [ControlProtocol.Status, ControlProtocol.Reload, ControlProtocol.ClearStats];

    // About 1 KB per request line (JSON read, reply written and read back); a 391-byte input of short lines took 364,880.
    public long AllocationBound(int inputLength) => 1024 * 1024 + 1024L * inputLength;

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2) return;
        var receive = input[0] % 64 + 1;
        var bound = (input[1] + 1) * 16;
        var stream = input[2..];
        var expected = Pieces(stream);
        var lines = new List<string>();
        using var buffer = new LineBuffer(bound);
        var offset = 0;
        try
        {
            while (true)
            {
                if (buffer.TryTakeLine(out var line))
                {
                    lines.Add(line);
                    continue;
                }
                if (offset == stream.Length)
                {
                    if (buffer.TakeRest() is { } rest) lines.Add(rest);
                    break;
                }
                var space = buffer.FreeSpace();
                WorkBound.Check(!space.IsEmpty, "no room for the next receive");
                var n = Math.Min(Math.Min(receive, space.Length), stream.Length - offset);
                stream.Slice(offset, n).CopyTo(space.Span);
                buffer.Commit(n);
                offset += n;
            }
        }
        catch (InvalidDataException)
        {
            // The server's answer to an over-long request: an error reply, the connection closed.
            WorkBound.Check(lines.Count < expected.Count && Encoding.UTF8.GetByteCount(expected[lines.Count]) > bound || HasLongPiece(stream, lines.Count, bound),
                "over-long line reported, but no piece exceeds the bound");
        }
        for (var i = 0; i < lines.Count; i++)
        {
            WorkBound.Check(i < expected.Count && lines[i] == expected[i], $"line {i} framed as '{Cut(lines[i])}'");
            WorkBound.Check(lines[i].Length <= bound, $"line {i} of {lines[i].Length} chars passed a {bound}-byte bound");
            if (lines[i].Length > 0) Answer(lines[i]);
        }
        if (lines.Count < expected.Count && offset == stream.Length && !HasLongPiece(stream, lines.Count, bound))
            throw new FuzzFindingException($"{expected.Count} lines sent, {lines.Count} framed");
    }

    /// <summary>What ControlServer does with a line, short of running the command.</summary>
    private static void Answer(string line)
    {
        var parsed = ControlProtocol.Interpret(line);
        var known = Array.IndexOf(Known, parsed.Command) >= 0;
        WorkBound.Check((parsed.Refusal is null) == known, $"'{Cut(line)}' -> command '{Cut(parsed.Command)}', refusal '{parsed.Refusal}'");
        var reply = ControlProtocol.Serialize(parsed.Refusal is { } refusal ? new ControlResponse(false, refusal) : new ControlResponse(true));
        WorkBound.Check(!reply.Contains('\n', StringComparison.Ordinal), "the reply line holds a newline");
        var back = ControlProtocol.ParseResponse(reply);
        WorkBound.Check(back is not null && back.Ok == (parsed.Refusal is null), "the reply does not read back");
    }

    /// <summary>The stream's newline-separated pieces, decoded as LineBuffer decodes them (the last one only when not empty).</summary>
    private static List<string> Pieces(ReadOnlySpan<byte> stream)
    {
        var pieces = new List<string>();
        while (stream.IndexOf((byte)'\n') is var nl and >= 0)
        {
            pieces.Add(Encoding.UTF8.GetString(stream[..nl]));
            stream = stream[(nl + 1)..];
        }
        if (!stream.IsEmpty) pieces.Add(Encoding.UTF8.GetString(stream));
        return pieces;
    }

    /// <summary>Whether piece <paramref name="index"/> of the raw stream has more bytes than the bound.</summary>
    private static bool HasLongPiece(ReadOnlySpan<byte> stream, int index, int bound)
    {
        for (var i = 0; i < index; i++)
        {
            var nl = stream.IndexOf((byte)'\n');
            if (nl < 0) return false;
            stream = stream[(nl + 1)..];
        }
        var end = stream.IndexOf((byte)'\n');
        return (end < 0 ? stream.Length : end) > bound;
    }

    private static string Cut(string s) => s.Length <= 80 ? s : s[..80] + "...";

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string root)
    {
        string[] requests =
        [
            ControlProtocol.Serialize(new ControlRequest(ControlProtocol.Status)),
            ControlProtocol.Serialize(new ControlRequest(ControlProtocol.Reload)),
            ControlProtocol.Serialize(new ControlRequest(ControlProtocol.ClearStats)),
            "{\"command\":\"stop\"}", "{\"command\":null}", "{}", "[1,2]", "{\"command\":\"st\\u0061tus\",\"extra\":{\"a\":[1,2.5e3,true]}}",
        ];
        var i = 0;
        foreach (var r in requests)
            yield return ($"request-{i++}", [7, 15, .. Encoding.UTF8.GetBytes(r + "\n")]);
        yield return ("pipelined", [3, 3, .. Encoding.UTF8.GetBytes(string.Join("\n\n", requests) + "\n")]);
        yield return ("unterminated", [63, 0, .. Encoding.UTF8.GetBytes(requests[0])]);
    }
}
