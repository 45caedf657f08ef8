using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>
/// libnftables (nftables/libnftables.h, Debian libnftables1 1.0.6), loaded with dlopen at run time:
/// a host without the library still starts and says why it has no nftables backend.
/// </summary>
internal static unsafe class NftablesInterop
{
    internal const string Library = "libnftables.so.1";
    internal const uint NFT_CTX_DEFAULT = 0;
    internal const uint NFT_CTX_OUTPUT_HANDLE = 1 << 3;
    internal const uint NFT_CTX_OUTPUT_JSON = 1 << 4;

    private static readonly Lazy<Api?> Loaded = new(Load);

    internal sealed class Api
    {
        public delegate* unmanaged<uint, nint> CtxNew;
        public delegate* unmanaged<nint, void> CtxFree;
        public delegate* unmanaged<nint, uint, void> OutputSetFlags;
        public delegate* unmanaged<nint, int> BufferOutput;
        public delegate* unmanaged<nint, int> BufferError;
        public delegate* unmanaged<nint, byte*> GetOutputBuffer;
        public delegate* unmanaged<nint, byte*> GetErrorBuffer;
        public delegate* unmanaged<nint, byte*, int> RunCmdFromBuffer;
    }

    /// <summary>The entry points, or null when the library or one of them is missing.</summary>
    internal static Api? Functions => Loaded.Value;

    private static Api? Load()
    {
        if (!NativeLibrary.TryLoad(Library, out var lib)) return null;
        nint Get(string name) => NativeLibrary.TryGetExport(lib, name, out var p) ? p : 0;
        nint[] p =
        [
            Get("nft_ctx_new"), Get("nft_ctx_free"), Get("nft_ctx_output_set_flags"), Get("nft_ctx_buffer_output"),
            Get("nft_ctx_buffer_error"), Get("nft_ctx_get_output_buffer"), Get("nft_ctx_get_error_buffer"), Get("nft_run_cmd_from_buffer"),
        ];
        if (Array.IndexOf(p, 0) >= 0) return null;
        return new Api
        {
            CtxNew = (delegate* unmanaged<uint, nint>)p[0],
            CtxFree = (delegate* unmanaged<nint, void>)p[1],
            OutputSetFlags = (delegate* unmanaged<nint, uint, void>)p[2],
            BufferOutput = (delegate* unmanaged<nint, int>)p[3],
            BufferError = (delegate* unmanaged<nint, int>)p[4],
            GetOutputBuffer = (delegate* unmanaged<nint, byte*>)p[5],
            GetErrorBuffer = (delegate* unmanaged<nint, byte*>)p[6],
            RunCmdFromBuffer = (delegate* unmanaged<nint, byte*, int>)p[7],
        };
    }
}
