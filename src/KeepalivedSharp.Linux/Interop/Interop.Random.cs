using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>getrandom(2): the kernel's CSPRNG without loading OpenSSL (RandomNumberGenerator does).</summary>
internal static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "getrandom", SetLastError = true)]
    internal static unsafe partial nint GetRandom(byte* buffer, nuint length, uint flags);
}
