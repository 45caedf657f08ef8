using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

/// <summary>vrrp_startup_delay (keepalived vrrp_init_instance_sands): a BACKUP's down timer counts from the delay's end.</summary>
public class VrrpEngineStartupDelayTests
{
    [Fact]
    public void Delay_BackupDownTimerRunsFromTheDelaysEnd_ThenFromNow()
    {
        var h = new EngineHarness(Instance(100));
        h.Engine.StartupDelay = TimeSpan.FromSeconds(5);
        h.Start();
        var down = TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds((256 - 100) / 256.0);
        Assert.Equal(TimeSpan.FromSeconds(5) + down, h.Engine.NextDeadline);

        // An advert during the delay re-arms from the delay's end too.
        h.RunUntil(2);
        h.Receive(Advert(150));
        Assert.Equal(TimeSpan.FromSeconds(5) + down, h.Engine.NextDeadline);

        // After it, from now.
        h.RunUntil(6);
        h.Receive(Advert(150));
        Assert.Equal(h.Now + down, h.Engine.NextDeadline);
    }

    [Fact]
    public void NoDelay_DownTimerFromStart()
    {
        var h = new EngineHarness(Instance(100));
        h.Start();
        Assert.Equal(TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds((256 - 100) / 256.0), h.Engine.NextDeadline);
    }
}
