using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
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

    /// <summary>Why a forced backend cannot run here, or null: checked before the daemon starts anything.</summary>
    public static string? Refusal(string choice) => choice switch
    {
        "ipvs" => "--lb-backend ipvs: the IPVS backend is not built yet; use nftables or auto",
        "nftables" when !NftContext.Available => "--lb-backend nftables: libnftables.so.1 (Debian package libnftables1) does not load",
        _ => null,
    };

    /// <summary>The backend for <paramref name="choice"/>, or null with "none". Throws <see cref="HostPlanException"/> when a forced one cannot run.</summary>
    public static ILoadBalancer? Open(string choice, ILogger log)
    {
        if (Refusal(choice) is { } why) throw new HostPlanException(why);
        switch (choice)
        {
            case "none":
                LoadBalancerLog.Backend(log, "none", "--lb-backend none: checker verdicts are logged only");
                return null;
            case "nftables":
                return Nftables(log, "--lb-backend nftables");
            default:
                if (!NftContext.Available)
                {
                    LoadBalancerLog.Backend(log, "none", $"auto: {(KernelHasIpvs ? "the IPVS backend is not built yet" : "the kernel has no ip_vs")} and libnftables.so.1 is not installed; checker verdicts are logged only");
                    return null;
                }
                return Nftables(log, KernelHasIpvs ? "auto: the kernel has ip_vs, but the IPVS backend is not built yet" : "auto: the kernel has no ip_vs");
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
        catch (Linux.Native.LinuxNativeException e)
        {
            throw new HostPlanException($"nftables backend: {e.Message}");
        }
    }
}
