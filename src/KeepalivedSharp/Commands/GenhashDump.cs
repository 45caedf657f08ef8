using System.Globalization;
using System.Text;
using KeepalivedSharp.Probes.Http;

namespace KeepalivedSharp.Commands;

/// <summary>genhash -v's sections (check_genhash.c, lib/utils.c dump_buffer): hex and ASCII of the headers, hex of the body.</summary>
internal static class GenhashDump
{
    /// <summary>The section titles exactly as keepalived 2.2.7's genhash -v prints them (not all one width).</summary>
    public static string Frame(string name) => "-----------------------[" + name switch
    {
        "HTTP Header Buffer" => "    HTTP Header Buffer    ",
        "HTTP Header Ascii Buffer" => " HTTP Header Ascii Buffer ",
        "HTML Buffer" => "        HTML Buffer        ",
        "HTML hash resulting" => "    HTML hash resulting    ",
        _ => " HTML hash final resulting ",
    } + "]-----------------------";

    public static void Response(TextWriter w, HttpResponseReader r)
    {
        w.WriteLine(Frame("HTTP Header Buffer"));
        Hex(w, r.Headers);
        w.WriteLine(Frame("HTTP Header Ascii Buffer"));
        w.WriteLine(Encoding.Latin1.GetString(r.Headers).Replace("\r", "", StringComparison.Ordinal));
        w.WriteLine(Frame("HTML Buffer"));
        Hex(w, r.Body);
        w.WriteLine();
    }

    /// <summary>"%04d  xx xx .. - xx ..   ascii": a decimal offset, 16 bytes a line.</summary>
    public static void Hex(TextWriter w, ReadOnlySpan<byte> data)
    {
        for (var off = 0; off < data.Length; off += 16)
        {
            var line = data.Slice(off, Math.Min(16, data.Length - off));
            var sb = new StringBuilder(off.ToString("D4", CultureInfo.InvariantCulture)).Append("  ");
            for (var i = 0; i < 16; i++)
            {
                if (i == 8) sb.Append("- ");
                sb.Append(i < line.Length ? line[i].ToString("x2", CultureInfo.InvariantCulture) + " " : "   ");
            }
            sb.Append("  ");
            for (var i = 0; i < 16; i++) sb.Append(i < line.Length ? line[i] is >= 0x20 and < 0x7f ? (char)line[i] : '.' : ' ');
            w.WriteLine(sb.ToString());
        }
    }
}
