using System.Net;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Tests.Faults;
using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Notify.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KeepalivedSharp.Host.Tests.Vrrp;

/// <summary>log_unknown_vrids (keepalived's vrrp_scheduler.c): adverts for a VRID no instance has are logged only with it.</summary>
public sealed class UnknownVridLogTests
{
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public void UnknownVrid_LoggedOnlyWithLogUnknownVrids(bool logUnknown, int lines)
    {
        var log = new ListLogger();
        var clock = new FakeTimeProvider();
        var plan = Plans.Plan();
        var limiter = new LogRateLimiter(clock);
        var transport = new VrrpTransport([plan], _ => new RecordingSocket(plan.Socket), log, limiter);
        var host = new VrrpHost(new VrrpEngine([Plans.Settings()]), [plan], transport, new RecordingNetwork(), new RecordingAnnouncer(),
            new RecordingSink(), log, limiter) { LogUnknownVrids = logUnknown };
        host.Start(TimeSpan.Zero, [], []);
        var advert = new Advertisement { Version = 2, VirtualRouterId = 99, Priority = 100, Interval = TimeSpan.FromSeconds(1) };
        host.Handle(new AdvertInput(new ReceivedAdvert("eth0", IPAddress.Parse("10.0.0.9"), true, advert)), TimeSpan.FromSeconds(1));

        var logged = log.WithId(1201).ToList();
        Assert.Equal(lines, logged.Count);
        if (lines > 0) Assert.Contains("Unknown VRID(99) received on interface(eth0) from 10.0.0.9. ignoring...", logged[0], StringComparison.Ordinal);
    }
}
