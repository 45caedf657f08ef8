using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Ipvs;
using KeepalivedSharp.Linux.Native;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// The load balancer in IPVS over generic netlink (<see cref="IpvsClient"/>): each change is the
/// table diff (<see cref="TableDiff"/>) as IPVS commands, one request each. IPVS has no owner tag, so
/// like keepalived we touch only the virtual services of our table: a service whose key is not ours is
/// never read as ours, changed or removed. Error policy as ipvswrapper.c ipvs_talk: EEXIST on a NEW
/// and ENOENT (or ESRCH, the service already gone) on a DEL count as done; SET_DEST on ENOENT is
/// retried as NEW_DEST.
/// </summary>
public sealed partial class IpvsLoadBalancer : ILoadBalancer
{
    private readonly IIpvs _ipvs;
    private readonly ILogger _log;
    private bool _synced;
    private bool _drift;
    private LoadBalancerTable _desired = LoadBalancerTable.Empty;

    public IpvsLoadBalancer(ILogger log) : this(IpvsClient.Open(), log) { }

    internal IpvsLoadBalancer(IIpvs ipvs, ILogger log, LvsSettings? lvs = null)
    {
        _ipvs = ipvs;
        _log = log;
        _lvs = lvs ?? new();
    }

    public string Name => "ipvs";

    public LoadBalancerTable Applied { get; private set; } = LoadBalancerTable.Empty;

    public void Apply(LoadBalancerTable desired, TableChange? change = null)
    {
        // A change from the table we hold costs what it names; a whole diff costs the table.
        var scope = _synced && change is not null && ReferenceEquals(change.From, Applied) ? change : null;
        if (scope is null && _synced && desired.Equals(Applied))
        {
            Applied = desired; // the engine's object, so its next change is scoped again
            return;
        }
        _desired = desired;
        if (!_synced)
        {
            // The first change starts from what the kernel holds of ours: services an earlier run left
            // (a crash, a kill -9) are changed to the table, not added over.
            Applied = Read(desired, Applied);
            _synced = true;
            if (!Applied.Services.IsEmpty) LoadBalancerLog.Leftover(_log, Name, Applied.Services.Count, Applied.DestinationCount);
        }
        _drift = false;
        var errors = Run(scope is null ? TableDiff.Diff(Applied, desired) : TableDiff.Diff(Applied, desired, scope), log: false);
        if (errors.Count == 0 && !_drift)
        {
            // Every command taken: the kernel holds desired, and the next change can start from it.
            Applied = desired;
            return;
        }
        // Something changed under us (an entry deleted or added by hand): read ours back and go again once.
        Applied = Read(desired, Applied);
        errors = Run(TableDiff.Diff(Applied, desired), log: true);
        if (errors.Count > 0) throw new LoadBalancerException(string.Join("; ", errors));
    }

    public LoadBalancerTable ReadBack() => Read(_desired, Applied);

    public void Release()
    {
        var errors = Clear();
        _synced = false;
        _desired = LoadBalancerTable.Empty;
        Applied = LoadBalancerTable.Empty;
        if (errors.Count > 0) throw new LoadBalancerException(string.Join("; ", errors));
    }

    public void Dispose()
    {
        RestoreTimeouts();
        _ipvs.Dispose();
    }

    /// <summary>
    /// Issues <paramref name="ops"/> in order; <see cref="Applied"/> follows each one the kernel took.
    /// A refused one does not stop the rest (keepalived logs and goes on); its words are returned.
    /// </summary>
    private List<string> Run(List<TableOp> ops, bool log)
    {
        var errors = new List<string>();
        var services = Applied.Services;
        foreach (var op in ops)
        {
            if (Issue(op) is { } error)
            {
                errors.Add(error);
                if (log) LoadBalancerLog.CommandFailed(_log, error);
                continue;
            }
            services = TableDiff.Step(services, op, strict: false);
        }
        Applied = new LoadBalancerTable(services);
        return errors;
    }

    /// <summary>One operation as its IPVS command; null when done, else keepalived's error line.</summary>
    private string? Issue(TableOp op)
    {
        switch (op)
        {
            case AddService a:
                return Talk(IpvsCommand.NewService, IpvsRules.Service(a.Service, a.Options), null);
            case EditService e:
                return Talk(IpvsCommand.SetService, IpvsRules.Service(e.Service, e.Options), null);
            case DeleteService d:
                return Talk(IpvsCommand.DelService, IpvsRules.Identity(d.Service), null);
            case AddDestination a:
                return Talk(IpvsCommand.NewDest, IpvsRules.Identity(a.Service), IpvsRules.Destination(a.Service, a.Key, a.Destination));
            case EditDestination e:
                return Talk(IpvsCommand.SetDest, IpvsRules.Identity(e.Service), IpvsRules.Destination(e.Service, e.Key, e.Destination));
            case DeleteDestination d:
                var had = Applied.Services.TryGetValue(d.Service, out var entry) && entry.Destinations.TryGetValue(d.Key, out var dest)
                    ? dest : new Destination(DestinationOptions.Nat, 0);
                return Talk(IpvsCommand.DelDest, IpvsRules.Identity(d.Service), IpvsRules.Destination(d.Service, d.Key, had));
            default:
                throw new ArgumentException($"unknown table operation {op}", nameof(op));
        }
    }

    private string? Talk(IpvsCommand command, IpvsService service, IpvsDestination? destination)
    {
        try
        {
            Send(command, service, destination);
            return null;
        }
        catch (LinuxNativeException e) when (e.ErrorNumber == Errno.ESRCH && destination is not null)
        {
            // The service is gone though we hold it (deleted by hand): the caller reads ours back.
            _drift = true;
            return command == IpvsCommand.DelDest ? null : IpvsErrors.Line(command, e.ErrorNumber, service, destination);
        }
        catch (LinuxNativeException e) when (Done(command, e.ErrorNumber))
        {
            return null;
        }
        catch (LinuxNativeException e) when (command == IpvsCommand.SetDest && e.ErrorNumber == Errno.ENOENT)
        {
            return Talk(IpvsCommand.NewDest, service, destination);
        }
        catch (LinuxNativeException e)
        {
            return IpvsErrors.Line(command, e.ErrorNumber, service, destination);
        }
    }

    private void Send(IpvsCommand command, IpvsService service, IpvsDestination? destination)
    {
        if (destination is null) _ipvs.Service(command, service);
        else _ipvs.Destination(command, service, destination);
    }

    /// <summary>ipvs_talk: the kernel already holds what the command asks for.</summary>
    private static bool Done(IpvsCommand command, int errno) => (command, errno) switch
    {
        (IpvsCommand.NewService or IpvsCommand.NewDest, Errno.EEXIST) => true,
        (IpvsCommand.DelService or IpvsCommand.DelDest, Errno.ENOENT or Errno.ESRCH) => true,
        _ => false,
    };

    /// <summary>The services of ours in the kernel: those whose keys are in <paramref name="desired"/> or <paramref name="applied"/>.</summary>
    private LoadBalancerTable Read(LoadBalancerTable desired, LoadBalancerTable applied)
    {
        try
        {
            var services = LoadBalancerTable.Empty.Services.ToBuilder();
            foreach (var s in _ipvs.ListServices())
            {
                if (IpvsRules.Key(s) is not { } key) continue;
                var known = desired.Services.GetValueOrDefault(key) ?? applied.Services.GetValueOrDefault(key);
                if (known is null) continue;
                var dests = LoadBalancerTable.NoDestinations.ToBuilder();
                foreach (var d in _ipvs.ListDestinations(s))
                {
                    var (k, v) = IpvsRules.Destination(key, d, known);
                    dests[k] = v;
                }
                services[key] = new ServiceEntry(IpvsRules.Options(s), dests.ToImmutable());
            }
            return new LoadBalancerTable(services.ToImmutable());
        }
        catch (LinuxNativeException e)
        {
            throw new LoadBalancerException($"reading IPVS: {e.Message}", e);
        }
    }
}
