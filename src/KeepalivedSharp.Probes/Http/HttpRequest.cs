using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KeepalivedSharp.Probes.Http;

/// <summary>
/// The GET keepalived 2.2.7 sends (check_http.c REQUEST_TEMPLATE, seen on the wire from its genhash):
/// <c>GET path HTTP/1.x</c>, <c>User-Agent: KeepAliveClient</c>, <c>Connection: close</c> for 1.0C and 1.1,
/// then <c>Host:</c> the virtual host, or the address and port (<c>[v6]:port</c>) when none is set.
/// </summary>
public static class HttpRequest
{
    public static byte[] Build(string path, string protocol, string? virtualHost, IPEndPoint target)
    {
        var (minor, close) = Protocol(protocol);
        var host = virtualHost ?? (target.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{target.Address}]:{target.Port}"
            : $"{target.Address}:{target.Port}");
        var text = $"GET {path} HTTP/1.{minor}\r\nUser-Agent: KeepAliveClient\r\n{(close ? "Connection: close\r\n" : "")}Host: {host}\r\n\r\n";
        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary><c>http_protocol</c> (genhash -P): 1.0 (default), 1.0C (1.0 with Connection: close), 1.1 (always close).</summary>
    public static (int Minor, bool Close) Protocol(string protocol) => protocol.ToUpperInvariant() switch
    {
        "1.1" => (1, true),
        "1.0C" => (0, true),
        _ => (0, false),
    };
}
