using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.Nftables;

namespace KeepalivedSharp.Host.Network;

/// <summary>
/// The drop rules in nftables, through libnftables (<see cref="NftVipCommands"/>): the context is
/// opened, and the tables made, the first time an address is dropped, as keepalived does; both
/// tables go at <see cref="Release"/>. One batch per change. One thread: the network worker.
/// </summary>
public sealed class NftVipFirewall(NftVipOptions options, Func<NftContext>? open = null) : IVipFirewall, IDisposable
{
    private readonly Func<NftContext> _open = open ?? NftContext.Open;
    private readonly VipHolders _holders = new();
    private NftContext? _ctx;
    private volatile NftVipParts _have;

    public NftVipOptions Options => options;

    /// <summary>The addresses dropped now.</summary>
    public IReadOnlyCollection<NftVipKey> Dropped => _holders.Keys;

    /// <summary>Whether any of our tables exist (read from the stopping thread: a worker still busy may be making one).</summary>
    public bool HasTables => _have != NftVipParts.None;

    public void Drop(IReadOnlyCollection<AddressSpec> addresses) => Apply(_holders.Add(addresses), []);

    public void Accept(IReadOnlyCollection<AddressSpec> addresses) => Apply([], _holders.Remove(addresses));

    public void Release()
    {
        _holders.Clear();
        if (_ctx is null || _have == NftVipParts.None) return;
        var r = _ctx.Run(NftVipCommands.Delete(options, _have));
        _have = NftVipParts.None;
        if (!r.Ok) throw new InvalidOperationException($"deleting table {options.Table}: {r.Reason}");
    }

    private void Apply(List<NftVipKey> add, List<NftVipKey> remove)
    {
        if (add.Count == 0 && remove.Count == 0) return;
        _ctx ??= _open();
        var r = _ctx.Run(NftVipCommands.Change(options, _have, add, remove, out var now));
        if (r.Ok)
        {
            _have = now;
            return;
        }
        // Our tables changed under us (deleted by hand): build them again with what is dropped now.
        var again = _ctx.Run(NftVipCommands.Change(options, NftVipParts.None, [.. _holders.Keys], [], out now));
        if (!again.Ok) throw new InvalidOperationException($"{r.Reason}; rebuilding table {options.Table}: {again.Reason}");
        _have = now;
    }

    public void Dispose() => _ctx?.Dispose();
}
