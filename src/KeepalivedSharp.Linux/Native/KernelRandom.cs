using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux.Native;

/// <summary>
/// Random bytes from getrandom(2). RandomNumberGenerator on Linux goes through OpenSSL, and the
/// first call maps libcrypto and libssl into the daemon: 3.7 MB of RSS for a temporary file name.
/// </summary>
public static class KernelRandom
{
    public static unsafe void Fill(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                var n = Interop.GetRandom(p + done, (nuint)(buffer.Length - done), 0);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Errno.EINTR) continue;
                    throw Errno.Last("getrandom");
                }
                done += (int)n;
            }
        }
    }

    /// <summary><paramref name="bytes"/> random bytes as lower-case hex, for unguessable file names.</summary>
    public static string Hex(int bytes)
    {
        Span<byte> b = stackalloc byte[bytes];
        Fill(b);
        return Convert.ToHexStringLower(b);
    }
}
