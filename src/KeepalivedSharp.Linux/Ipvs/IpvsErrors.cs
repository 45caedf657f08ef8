using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Ipvs;

/// <summary>
/// keepalived's words for a refused IPVS command, so that its log line reads the same:
/// <c>IPVS cmd IP_VS_SO_SET_ADDDEST(1159) error: No such service(3) (10.0.0.1:tcp:80 -> 10.0.0.2:80)</c>
/// (ipvswrapper.c ipvs_talk, ipvs_cmd_str; libipvs.c ipvs_strerror). keepalived names the commands by
/// their setsockopt numbers (IP_VS_BASE_CTL 1152 + n, linux/ip_vs.h) even over netlink.
/// </summary>
public static class IpvsErrors
{
    private const int IP_VS_BASE_CTL = 64 + 1024 + 64;

    /// <summary>keepalived's name and number of a command: ("IP_VS_SO_SET_ADD", 1154).</summary>
    public static (string Name, int Number) SocketOptionName(IpvsCommand command) => command switch
    {
        IpvsCommand.NewService => ("IP_VS_SO_SET_ADD", IP_VS_BASE_CTL + 2),
        IpvsCommand.SetService => ("IP_VS_SO_SET_EDIT", IP_VS_BASE_CTL + 3),
        IpvsCommand.DelService => ("IP_VS_SO_SET_DEL", IP_VS_BASE_CTL + 4),
        IpvsCommand.Flush => ("IP_VS_SO_SET_FLUSH", IP_VS_BASE_CTL + 5),
        IpvsCommand.NewDest => ("IP_VS_SO_SET_ADDDEST", IP_VS_BASE_CTL + 7),
        IpvsCommand.DelDest => ("IP_VS_SO_SET_DELDEST", IP_VS_BASE_CTL + 8),
        IpvsCommand.SetDest => ("IP_VS_SO_SET_EDITDEST", IP_VS_BASE_CTL + 9),
        IpvsCommand.SetConfig => ("IP_VS_SO_SET_TIMEOUT", IP_VS_BASE_CTL + 10),
        IpvsCommand.NewDaemon => ("IP_VS_SO_SET_STARTDAEMON", IP_VS_BASE_CTL + 11),
        IpvsCommand.DelDaemon => ("IP_VS_SO_SET_STOPDAEMON", IP_VS_BASE_CTL + 12),
        _ => ("(unknown)", (int)command),
    };

    /// <summary>libipvs.c ipvs_strerror: the command's own words for an errno, else the general ones, else strerror.</summary>
    public static string Describe(IpvsCommand command, int errno) => (command, errno) switch
    {
        (IpvsCommand.NewService, Errno.EEXIST) => "Service already exists",
        (IpvsCommand.NewService or IpvsCommand.SetService, Errno.ENOENT) => "Scheduler or persistence engine not found",
        (IpvsCommand.NewDest, Errno.EEXIST) => "Destination already exists",
        (IpvsCommand.SetDest or IpvsCommand.DelDest, Errno.ENOENT) => "No such destination",
        (IpvsCommand.NewDaemon, Errno.EEXIST) => "Daemon has already run",
        (IpvsCommand.DelDaemon, Errno.ESRCH) => "No daemon is running",
        (_, Errno.ESRCH) => "No such service",
        (_, Errno.EPERM) => "Permission denied (you must be root)",
        (_, Errno.EINVAL) => "Invalid operation.  Possibly wrong module version, address not unicast, ...",
        (_, Errno.ENOPROTOOPT) => "Protocol not available",
        (_, Errno.ENOMEM) => "Memory allocation problem",
        (_, Errno.ENOTSUP) => "Operation not supported with IPv6",
        (_, Errno.EAFNOSUPPORT) => "Operation not supported with specified address family",
        (_, Errno.EMSGSIZE) => "Module is wrong version",
        _ => Errno.Describe(errno),
    };

    /// <summary>A daemon command's line, with no rule after it: <c>IPVS cmd IP_VS_SO_SET_STARTDAEMON(1163) error: Daemon has already run(17)</c>.</summary>
    public static string Line(IpvsCommand command, int errno)
    {
        var (name, number) = SocketOptionName(command);
        return $"IPVS cmd {name}({number}) error: {Describe(command, errno)}({errno})";
    }

    /// <summary>The whole line after "IPVS cmd ": <c>IP_VS_SO_SET_ADD(1154) error: ...(17) (10.0.0.1:tcp:80)</c>.</summary>
    public static string Line(IpvsCommand command, int errno, IpvsService service, IpvsDestination? destination)
    {
        var (name, number) = SocketOptionName(command);
        var rule = destination is null ? $"{service}" : $"{service} -> {destination}";
        return $"IPVS cmd {name}({number}) error: {Describe(command, errno)}({errno}) ({rule})";
    }
}
