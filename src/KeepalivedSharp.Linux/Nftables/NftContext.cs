using System.Runtime.InteropServices;
using System.Text;

namespace KeepalivedSharp.Linux.Nftables;

/// <summary>What one nft_run_cmd_from_buffer call returned: its status and the buffered output and error text.</summary>
public readonly record struct NftResult(int Status, string Output, string Error)
{
    public bool Ok => Status == 0;

    /// <summary>Why it failed, on one line: the library's error text, else its status.</summary>
    public string Reason => Error.Length > 0 ? Error.ReplaceLineEndings(" | ") : $"libnftables returned {Status}";
}

/// <summary>
/// One libnftables context with JSON output and buffered output and error (libnftables.h). Each
/// <see cref="Run"/> is one batch, which the kernel applies atomically or not at all. Not
/// thread-safe, as the library's context is not: one owner thread.
/// </summary>
public sealed unsafe class NftContext : IDisposable
{
    private readonly NftablesInterop.Api _api;
    private nint _ctx;

    private NftContext(NftablesInterop.Api api, nint ctx)
    {
        _api = api;
        _ctx = ctx;
    }

    /// <summary>Whether libnftables.so.1 loads here with every entry point we call.</summary>
    public static bool Available => NftablesInterop.Functions is not null;

    /// <summary>A new context, or an exception that says why there is none.</summary>
    public static NftContext Open()
    {
        var api = NftablesInterop.Functions
            ?? throw new Native.LinuxNativeException($"cannot load {NftablesInterop.Library} (Debian package libnftables1)");
        nint ctx = api.CtxNew(NftablesInterop.NFT_CTX_DEFAULT);
        if (ctx == 0) throw new Native.LinuxNativeException("nft_ctx_new failed");
        // 1.0.6 has no nft_ctx_input_set_flags: the JSON output flag is what makes it parse input as JSON.
        api.OutputSetFlags(ctx, NftablesInterop.NFT_CTX_OUTPUT_JSON | NftablesInterop.NFT_CTX_OUTPUT_HANDLE);
        if (api.BufferOutput(ctx) != 0 || api.BufferError(ctx) != 0)
        {
            api.CtxFree(ctx);
            throw new Native.LinuxNativeException("nft_ctx_buffer_output/error failed");
        }
        return new NftContext(api, ctx);
    }

    /// <summary>Runs one command buffer (a JSON document) as one transaction.</summary>
    public NftResult Run(ReadOnlySpan<byte> utf8Commands)
    {
        ObjectDisposedException.ThrowIf(_ctx == 0, this);
        byte[] buffer = new byte[utf8Commands.Length + 1];
        utf8Commands.CopyTo(buffer);
        int status;
        fixed (byte* p = buffer) status = _api.RunCmdFromBuffer(_ctx, p);
        // The buffers are the library's and stay valid until the next command on this context.
        return new NftResult(status, Text(_api.GetOutputBuffer(_ctx)), Text(_api.GetErrorBuffer(_ctx)).Trim());
    }

    public NftResult Run(string commands) => Run(Encoding.UTF8.GetBytes(commands));

    private static string Text(byte* p) => p is null ? "" : Marshal.PtrToStringUTF8((nint)p) ?? "";

    public void Dispose()
    {
        if (_ctx == 0) return;
        _api.CtxFree(_ctx);
        _ctx = 0;
    }
}
