using KeepalivedSharp.Lab;
using System.Diagnostics;
using System.Globalization;

namespace KeepalivedSharp.TestKit;

/// <summary>One packet as tcpdump printed it: the verbose header text and the frame bytes (-xx).</summary>
public sealed record CapturedPacket(string Text, byte[] Bytes)
{
    /// <summary>tcpdump's time of day at the start of the first line (HH:MM:SS.ffffff), as a time span.</summary>
    public TimeSpan? Timestamp
        => Text.Length >= 15 && TimeSpan.TryParseExact(Text[..15], @"hh\:mm\:ss\.ffffff", CultureInfo.InvariantCulture, out var t) ? t : null;
}

/// <summary>
/// tcpdump inside a lab namespace, bounded by packet count and time. Start() returns once tcpdump
/// says it is listening, so a packet sent afterwards is seen.
/// </summary>
public sealed class PacketCapture : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;

    private PacketCapture(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>Captures up to <paramref name="count"/> packets matching the pcap <paramref name="filter"/> on <paramref name="ifName"/>.</summary>
    public static PacketCapture Start(NamespaceLab lab, string ns, string ifName, int count, string filter)
    {
        var p = lab.Start(ns, "tcpdump", "-i", ifName, "-nn", "-l", "-v", "-xx", "-c", count.ToString(CultureInfo.InvariantCulture), filter);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var line = p.StandardError.ReadLineAsync();
            if (!line.Wait(deadline - DateTime.UtcNow) || line.Result is null)
                throw new TimeoutException("tcpdump did not start listening within 10 s");
            if (line.Result.Contains("listening on", StringComparison.Ordinal)) break;
        }
        return new PacketCapture(p);
    }

    /// <summary>Waits (bounded) for the packets and returns what was seen; fewer than asked when time ran out.</summary>
    public IReadOnlyList<CapturedPacket> Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.WaitForExit(5000);
        }
        _stdout.Wait(TimeSpan.FromSeconds(5));
        return Parse(_stdout.IsCompletedSuccessfully ? _stdout.Result : "");
    }

    /// <summary>Parses tcpdump -v -xx text output into packets.</summary>
    public static IReadOnlyList<CapturedPacket> Parse(string output)
    {
        var packets = new List<CapturedPacket>();
        var text = new List<string>();
        var bytes = new List<byte>();
        void Flush()
        {
            if (text.Count > 0 || bytes.Count > 0) packets.Add(new CapturedPacket(string.Join('\n', text), [.. bytes]));
            text.Clear();
            bytes.Clear();
        }
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd();
            var t = line.TrimStart();
            if (t.StartsWith("0x", StringComparison.Ordinal) && t.Contains(':', StringComparison.Ordinal))
            {
                var hex = t[(t.IndexOf(':', StringComparison.Ordinal) + 1)..];
                foreach (var word in hex.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    for (var i = 0; i + 1 < word.Length; i += 2)
                        bytes.Add(byte.Parse(word.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
            else if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                Flush();
                text.Add(line);
            }
            else if (line.Length > 0)
            {
                text.Add(line);
            }
        }
        Flush();
        return packets;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
    }
}
