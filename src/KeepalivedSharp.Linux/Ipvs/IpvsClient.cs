using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.RtNetlink;

namespace KeepalivedSharp.Linux.Ipvs;

/// <summary>
/// IPVS over one generic netlink socket, opened in the caller's network namespace. The family id is
/// resolved once ("IPVS", libipvs.c ipvs_nl_message); a kernel without ip_vs fails that with ENOENT.
/// Kernel errors come back as <see cref="LinuxNativeException"/> with the errno. Dump messages that do
/// not decode are counted in <see cref="DecodeErrors"/> and skipped.
/// </summary>
public sealed class IpvsClient : IIpvs
{
    public const string FamilyName = "IPVS";

    private readonly NetlinkSocket _socket;
    private readonly ushort _family;
    private long _decodeErrors;

    private IpvsClient(NetlinkSocket socket, ushort family)
    {
        _socket = socket;
        _family = family;
    }

    /// <summary>Opens a socket and resolves the IPVS family; throws <see cref="LinuxNativeException"/> when the kernel has none.</summary>
    public static IpvsClient Open()
    {
        var socket = NetlinkSocket.OpenGeneric(256 * 1024);
        try
        {
            ushort id = 0;
            socket.Request((b, s) => GenericNetlink.GetFamily(b, s, FamilyName), m =>
            {
                if (GenericNetlink.TryDecodeFamily(m.Payload, out var fid, out var name, out _) && name == FamilyName) id = fid;
            }, () => $"resolving the generic netlink family {FamilyName} (is the ip_vs module loaded?)");
            if (id == 0) throw new LinuxNativeException($"the generic netlink family {FamilyName} did not resolve", Errno.ENOENT);
            return new IpvsClient(socket, id);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The family id the controller gave "IPVS".</summary>
    public ushort FamilyId => _family;

    /// <summary>Dump messages skipped because they did not decode.</summary>
    public long DecodeErrors => Interlocked.Read(ref _decodeErrors);

    public IpvsInfo GetInfo()
    {
        IpvsInfo? info = null;
        _socket.Request((b, s) => IpvsRequests.Bare(b, s, _family, IpvsCommand.GetInfo), m =>
        {
            if (IpvsDecoder.TryDecodeInfo(m.Payload, out var i)) info = i;
            else Interlocked.Increment(ref _decodeErrors);
        }, () => "IPVS GET_INFO");
        return info ?? throw new LinuxNativeException("IPVS GET_INFO: no info in the reply", Errno.EIO);
    }

    public IpvsTimeouts GetTimeouts()
    {
        IpvsTimeouts? t = null;
        _socket.Request((b, s) => IpvsRequests.Bare(b, s, _family, IpvsCommand.GetConfig), m =>
        {
            if (IpvsDecoder.TryDecodeTimeouts(m.Payload, out var v)) t = v;
            else Interlocked.Increment(ref _decodeErrors);
        }, () => "IPVS GET_CONFIG");
        return t ?? throw new LinuxNativeException("IPVS GET_CONFIG: no timeouts in the reply", Errno.EIO);
    }

    public void Flush()
        => _socket.Execute((b, s) => IpvsRequests.Bare(b, s, _family, IpvsCommand.Flush), () => "IPVS FLUSH");

    public void SetTimeouts(IpvsTimeouts timeouts)
        => _socket.Execute((b, s) => IpvsRequests.SetTimeouts(b, s, _family, timeouts), () => "IPVS SET_CONFIG");

    /// <summary>NEW_SERVICE, SET_SERVICE or DEL_SERVICE.</summary>
    public void Service(IpvsCommand command, IpvsService service)
        => _socket.Execute((b, s) => IpvsRequests.Service(b, s, _family, command, service), () => $"IPVS {command} {service}");

    /// <summary>NEW_DEST, SET_DEST or DEL_DEST.</summary>
    public void Destination(IpvsCommand command, IpvsService service, IpvsDestination destination)
        => _socket.Execute((b, s) => IpvsRequests.Destination(b, s, _family, command, service, destination), () => $"IPVS {command} {service} -> {destination}");

    public IReadOnlyList<IpvsService> ListServices()
    {
        var list = new List<IpvsService>();
        _socket.Request((b, s) => IpvsRequests.DumpServices(b, s, _family), m =>
        {
            if (IpvsDecoder.TryDecodeService(m.Payload, out var svc)) list.Add(svc);
            else Interlocked.Increment(ref _decodeErrors);
        }, () => "listing IPVS services");
        return list;
    }

    public IReadOnlyList<IpvsDestination> ListDestinations(IpvsService service)
    {
        var list = new List<IpvsDestination>();
        _socket.Request((b, s) => IpvsRequests.DumpDestinations(b, s, _family, service), m =>
        {
            if (IpvsDecoder.TryDecodeDestination(m.Payload, service.Family, out var d)) list.Add(d);
            else Interlocked.Increment(ref _decodeErrors);
        }, () => $"listing the destinations of IPVS service {service}");
        return list;
    }

    public void StartDaemon(IpvsDaemon daemon)
        => _socket.Execute((b, s) => IpvsRequests.StartDaemon(b, s, _family, daemon), () => $"IPVS NEW_DAEMON {daemon}");

    public void StopDaemon(IpvsDaemonState state, int syncId)
        => _socket.Execute((b, s) => IpvsRequests.StopDaemon(b, s, _family, state, syncId), () => $"IPVS DEL_DAEMON {state}");

    public IReadOnlyList<IpvsDaemon> ListDaemons()
    {
        var list = new List<IpvsDaemon>();
        _socket.Request((b, s) => IpvsRequests.DumpDaemons(b, s, _family), m =>
        {
            if (IpvsDecoder.TryDecodeDaemon(m.Payload, out var d)) list.Add(d);
            else Interlocked.Increment(ref _decodeErrors);
        }, () => "listing the IPVS sync daemons");
        return list;
    }

    public void Dispose() => _socket.Dispose();
}
