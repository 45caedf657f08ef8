namespace KeepalivedSharp.Core.Vrrp;

/// <summary>Per-instance statistics, matching the fields of keepalived's stats dump (vrrp_print_stats).</summary>
public sealed class InstanceCounters
{
    public long AdvertReceived { get; set; }
    public long AdvertSent { get; set; }
    public long BecomeMaster { get; set; }
    public long ReleaseMaster { get; set; }
    public long PacketLengthErrors { get; set; }
    public long TtlErrors { get; set; }
    public long InvalidTypeReceived { get; set; }
    public long AdvertIntervalErrors { get; set; }
    public long AddressListErrors { get; set; }
    public long InvalidAuthType { get; set; }
    public long AuthTypeMismatch { get; set; }
    public long AuthFailure { get; set; }
    public long PriorityZeroReceived { get; set; }
    public long PriorityZeroSent { get; set; }
    public long ChecksumErrors { get; set; }
    public long VersionErrors { get; set; }
    /// <summary>Answers to lower-priority or priority-0 adverts not sent because of the answer limit (not in keepalived's dump).</summary>
    public long AnswersSuppressed { get; set; }
    /// <summary>Adverts the socket refused (sendmsg failed); the host counts them, keepalived only logs (not in its dump).</summary>
    public long AdvertSendErrors { get; set; }

    /// <summary>A copy, for snapshots taken off the loop thread.</summary>
    public InstanceCounters Copy() => (InstanceCounters)MemberwiseClone();

    public void Clear()
    {
        AdvertReceived = AdvertSent = BecomeMaster = ReleaseMaster = 0;
        PacketLengthErrors = TtlErrors = InvalidTypeReceived = AdvertIntervalErrors = AddressListErrors = 0;
        InvalidAuthType = AuthTypeMismatch = AuthFailure = PriorityZeroReceived = PriorityZeroSent = 0;
        ChecksumErrors = VersionErrors = AnswersSuppressed = AdvertSendErrors = 0;
    }
}
