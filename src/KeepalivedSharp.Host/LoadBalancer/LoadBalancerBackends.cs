using KeepalivedSharp.Config;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Ipvs;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Nftables;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>The backend choice (--lb-backend auto|nftables|ipvs|none), logged in one line at start.</summary>
public static class LoadBalancerBackends
{
    public const string Auto = "auto";
    public static readonly string[] Names = [Auto, "nftables", "ipvs", "none"];

    /// <summary>The kernel has IPVS loaded (keepalived reads the same file before it modprobes ip_vs).</summary>
    public static bool KernelHasIpvs => File.Exists("/proc/net/ip_vs");

    private const string NoIpvs = "the kernel has no ip_vs (/proc/net/ip_vs is absent; load it with modprobe ip_vs)";

    /// <summary>Why a forced backend cannot run here, or null: checked before the daemon starts anything.</summary>
    public static string? Refusal(string choice) => choice switch
    {
        "ipvs" when !KernelHasIpvs => $"--lb-backend ipvs: {NoIpvs}",
        "ipvs" when IpvsProblem() is { } why => $"--lb-backend ipvs: {why}",
        "nftables" when !NftContext.Available => "--lb-backend nftables: libnftables.so.1 (Debian package libnftables1) does not load",
        _ => null,
    };

    /// <summary>The backend <see cref="Open"/> would pick for <paramref name="choice"/> here, without opening it (for -t).</summary>
    public static string Expected(string choice) => choice switch
    {
        Auto when KernelHasIpvs && IpvsProblem() is null => "ipvs",
        Auto => NftContext.Available ? "nftables" : "none",
        _ => choice,
    };

    /// <summary>
    /// The backend for <paramref name="choice"/>, or null with "none". Throws <see cref="HostPlanException"/> when a forced one cannot run.
    /// IPVS starts with <paramref name="lvs"/>'s timeouts and flush; nftables has no use for them (keepalived programs IPVS only).
    /// </summary>
    public static ILoadBalancer? Open(string choice, ILogger log, LvsSettings? lvs = null)
    {
        if (Refusal(choice) is { } why) throw new HostPlanException(why);
        switch (choice)
        {
            case "none":
                LoadBalancerLog.Backend(log, "none", "--lb-backend none: checker verdicts are logged only");
                return null;
            case "nftables":
                return Nftables(log, "--lb-backend nftables");
            case "ipvs":
                return Ipvs(log, "--lb-backend ipvs", lvs) ?? throw new HostPlanException($"--lb-backend ipvs: {IpvsProblem()}");
            default:
                string reason = "the kernel has no ip_vs";
                if (KernelHasIpvs)
                {
                    if (Ipvs(log, "auto: the kernel has ip_vs", lvs) is { } ipvs) return ipvs;
                    reason = $"the kernel has ip_vs, but {IpvsProblem()}";
                }
                if (!NftContext.Available)
                {
                    LoadBalancerLog.Backend(log, "none", $"auto: {reason} and libnftables.so.1 is not installed; checker verdicts are logged only");
                    return null;
                }
                return Nftables(log, $"auto: {reason}");
        }
    }

    /// <summary>Why IPVS does not answer here (the family does not resolve, GET_INFO fails), or null.</summary>
    private static string? IpvsProblem()
    {
        try
        {
            using var client = IpvsClient.Open();
            client.GetInfo();
            return null;
        }
        catch (LinuxNativeException e)
        {
            return $"IPVS: Can't initialize ipvs: {e.Message}";
        }
    }

    /// <summary>The IPVS backend, logged with the kernel's IPVS version (keepalived's GET_INFO at init); null when it does not open.</summary>
    private static IpvsLoadBalancer? Ipvs(ILogger log, string reason, LvsSettings? lvs)
    {
        IpvsClient? client = null;
        try
        {
            client = IpvsClient.Open();
            var info = client.GetInfo();
            var lb = new IpvsLoadBalancer(client, log, lvs);
            LoadBalancerLog.Backend(log, "ipvs", $"{reason}; IP Virtual Server version {info}");
            lb.Start();
            return lb;
        }
        catch (LinuxNativeException)
        {
            client?.Dispose();
            return null;
        }
    }

    private static NftablesLoadBalancer Nftables(ILogger log, string reason)
    {
        try
        {
            var lb = new NftablesLoadBalancer(log);
            LoadBalancerLog.Backend(log, "nftables", $"{reason}; table {NftCommands.Family} {NftCommands.Table}");
            return lb;
        }
        catch (LinuxNativeException e)
        {
            throw new HostPlanException($"nftables backend: {e.Message}");
        }
    }
}
