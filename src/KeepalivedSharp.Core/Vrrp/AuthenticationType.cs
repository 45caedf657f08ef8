namespace KeepalivedSharp.Core.Vrrp;

/// <summary>VRRPv2 authentication types (RFC 3768 §5.3.6; type 2 is IP AH, RFC 2338).</summary>
public enum AuthenticationType : byte
{
    None = 0,
    Pass = 1,
    Ah = 2,
}
