using KeepalivedSharp.Config;

namespace KeepalivedSharp.Host.Ports;

/// <summary>Which IPVS connection sync daemon: the master sends connection updates, the backup takes them in.</summary>
public enum SyncRole
{
    Master,
    Backup,
}

/// <summary>
/// The kernel's IPVS connection sync daemons (keepalived's ipvswrapper.c ipvs_syncd_cmd). A refusal is
/// logged by the implementation in keepalived's words, unless <c>ignoreError</c>, and never thrown.
/// </summary>
public interface ISyncDaemons : IDisposable
{
    void Start(SyncRole role, LvsSyncDaemon daemon, bool ignoreError = false);

    void Stop(SyncRole role, int syncId, bool ignoreError = false);
}
