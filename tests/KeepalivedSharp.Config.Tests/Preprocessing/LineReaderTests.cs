using CsCheck;
using KeepalivedSharp.Config.Preprocessing;

namespace KeepalivedSharp.Config.Tests.Preprocessing;

/// <summary>The streaming line reader gives what splitting the whole text on '\n' gave, without holding it.</summary>
public class LineReaderTests
{
    private static List<(string Line, bool TooLong, bool HadNul)> Read(string text, int max)
    {
        var reader = new LineReader(new StringReader(text), max);
        var lines = new List<(string, bool, bool)>();
        while (reader.Next(out var line, out var tooLong, out var hadNul)) lines.Add((new string(line.TrimEnd('\r')), tooLong, hadNul));
        return lines;
    }

    [Fact]
    public void Next_AnyText_SameAsSplittingTheWholeText()
        => Gen.Select(Gen.String[Gen.Char["ab \r\n\0"], 0, 50_000], Gen.Int[1, 40]).Sample(x =>
        {
            var (text, max) = x;
            var expected = text.Split('\n').Select(l =>
            {
                var plain = l.Replace("\0", "", StringComparison.Ordinal).TrimEnd('\r');
                var tooLong = plain.Length > max;
                return (tooLong ? "" : plain, tooLong, l.Contains('\0'));
            }).ToList();
            Assert.Equal(expected, Read(text, max));
        }, iter: 200);

    [Fact]
    public void Next_LineAcrossManyChunks_ReadWhole()
    {
        var longLine = new string('x', 40_000);
        Assert.Equal([("a", false, false), (longLine, false, false), ("", false, false)], Read($"a\n{longLine}\r\n", 65536));
    }
}
