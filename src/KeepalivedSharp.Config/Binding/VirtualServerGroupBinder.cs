using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary><c>virtual_server_group</c> (check_parser.c vsg_handler, check_data.c alloc_vsg_entry) and the <c>SSL</c> block.</summary>
internal static class VirtualServerGroupBinder
{
    /// <summary>The group; null when keepalived removes it (no entries; IPv4, IPv6 and a family-less fwmark together).</summary>
    public static VirtualServerGroupConfig? Bind(BindContext ctx, SyntaxNode node)
    {
        var name = ctx.Name(node);
        var entries = ImmutableArray.CreateBuilder<VirtualServerGroupEntry>();
        foreach (var item in BindContext.Items(node))
            if (Entry(ctx, name, item) is { } e) entries.Add(e);
        if (name is null) return null;
        var list = entries.ToImmutable();
        if (list.IsEmpty)
        {
            ctx.Error(node, $"virtual server group {name} has no entries - removing");
            return null;
        }
        bool v4 = list.Any(e => (e.Address?.AddressFamily ?? e.FwmarkFamily) == AddressFamily.InterNetwork);
        bool v6 = list.Any(e => (e.Address?.AddressFamily ?? e.FwmarkFamily) == AddressFamily.InterNetworkV6);
        if (v4 && v6 && list.Any(e => e.IsFwmark && e.FwmarkFamily is null))
        {
            ctx.Error(node, $"virtual server group {name} cannot have IPv4, IPv6 and fwmark without family - removing");
            return null;
        }
        return new VirtualServerGroupConfig(name, node.Location, list);
    }

    private static VirtualServerGroupEntry? Entry(BindContext ctx, string? group, SyntaxNode item)
    {
        var words = item.Line.Tokens.Select(t => t.Text).ToArray();
        var e = new VirtualServerGroupEntry(item.Location);
        if (words[0] == "fwmark")
        {
            if (words.Length < 2 || !uint.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mark))
            {
                ctx.Error(item, $"({group}): fwmark '{(words.Length > 1 ? words[1] : "")}' must be in [0, {uint.MaxValue}] - ignoring");
                return null;
            }
            AddressFamily? family = null;
            if (words.Length > 2)
            {
                family = words[2] switch { "inet" => AddressFamily.InterNetwork, "inet6" => AddressFamily.InterNetworkV6, _ => null };
                if (family is null)
                {
                    ctx.Error(item, $"({group}): fwmark '{mark}' family {words[2]} unknown - ignoring");
                    return null;
                }
            }
            return e with { Fwmark = mark, FwmarkFamily = family };
        }
        var text = words[0];
        var portText = words.Length > 1 ? words[1] : null;
        ushort port = 0;
        if (portText is not null && !portText.All(c => c == '0') && !ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            ctx.Error(item, $"Invalid virtual server group IP address {text} /port/{portText} - skipping");
            return null;
        }
        var (first, last, problem) = Range(text);
        if (problem is not null)
        {
            ctx.Error(item, $"{problem} - {text} - skipping");
            return null;
        }
        return e with { Address = first, LastAddress = last, Port = port };
    }

    /// <summary>
    /// <c>IP</c>, <c>IP/nn</c> (host bits zero), <c>IP-N</c> (the last IPv4 octet, or the last IPv6 group in hex, up
    /// to N) or <c>IP1-IP2</c> (same family, IP2 not below IP1).
    /// </summary>
    private static (IPAddress? First, IPAddress? Last, string? Problem) Range(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!Values.TryPrefixed(text, out var net, out var prefix, out _) || prefix is null or 0)
                return (null, null, Values.ParseAddress(text.AsSpan(0, slash)) is null ? "Invalid virtual server group IP address" : "Invalid netmask");
            var bytes = net!.GetAddressBytes();
            var end = (byte[])bytes.Clone();
            for (var bit = prefix.Value; bit < bytes.Length * 8; bit++)
            {
                if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) return (null, null, "Address mask bits not empty");
                end[bit / 8] |= (byte)(0x80 >> (bit % 8));
            }
            return (net, new IPAddress(end), null);
        }
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var start = Values.ParseAddress(dash < 0 ? text : text.AsSpan(0, dash));
        if (start is null) return (null, null, "Invalid virtual server group IP address");
        if (dash < 0) return (start, start, null);
        var endText = text[(dash + 1)..];
        var v6 = start.AddressFamily == AddressFamily.InterNetworkV6;
        if (endText.Contains('.', StringComparison.Ordinal) || endText.Contains(':', StringComparison.Ordinal))
        {
            var last = Values.ParseAddress(endText);
            if (last is null) return (null, null, "Invalid range end");
            if (last.AddressFamily != start.AddressFamily) return (null, null, "Range address families do not match");
            if (Compare(last, start) < 0) return (null, null, "Address range end is less than address range start");
            return (start, last, null);
        }
        var bytesStart = start.GetAddressBytes();
        uint lastPart = 0;
        var ok = v6
            ? uint.TryParse(endText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out lastPart) && lastPart <= 0xffff
            : uint.TryParse(endText, NumberStyles.None, CultureInfo.InvariantCulture, out lastPart) && lastPart <= 255;
        if (!ok) return (null, null, "Invalid range end");
        var startPart = v6 ? (uint)(bytesStart[14] << 8 | bytesStart[15]) : bytesStart[3];
        if (startPart >= lastPart) return (null, null, "Address range end is not greater than address range start");
        var endBytes = (byte[])bytesStart.Clone();
        if (v6)
        {
            endBytes[14] = (byte)(lastPart >> 8);
            endBytes[15] = (byte)lastPart;
        }
        else endBytes[3] = (byte)lastPart;
        return (start, new IPAddress(endBytes), null);
    }

    private static int Compare(IPAddress a, IPAddress b) => a.GetAddressBytes().AsSpan().SequenceCompareTo(b.GetAddressBytes());

    /// <summary>The <c>SSL</c> block; a second one replaces the first (reported, as keepalived does).</summary>
    public static SslConfig Ssl(BindContext ctx, SyntaxNode node, SslConfig? previous)
    {
        if (previous is not null) ctx.Error(node, "SSL context already specified - replacing");
        var s = new SslConfig(node.Location);
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.Ssl))
        {
            var what = n.Keyword switch { "ca" => "cafile", "certificate" => "certfile", "key" => "keyfile", _ => "password" };
            if (n.Arguments.Length == 0)
            {
                ctx.Error(n, $"SSL {what} missing");
                continue;
            }
            var value = n.Arguments[0].Text;
            var already = n.Keyword switch { "ca" => s.CaFile, "certificate" => s.CertificateFile, "key" => s.KeyFile, _ => s.Password };
            if (already is not null) ctx.Error(n, $"SSL {what} already specified - replacing");
            s = n.Keyword switch
            {
                "ca" => s with { CaFile = value },
                "certificate" => s with { CertificateFile = value },
                "key" => s with { KeyFile = value },
                _ => s with { Password = value },
            };
        }
        return s;
    }
}
