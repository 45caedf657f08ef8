namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>VRRPv2 authentication type (RFC 3768 5.3.6; RFC 2338 for PASS and AH).</summary>
public enum VrrpAuthType : byte
{
    None = 0,
    /// <summary>Simple text password, 8 octets zero padded ("auth_type PASS").</summary>
    Password = 1,
    /// <summary>IPsec AH ("auth_type AH").</summary>
    IpAh = 2,
}
