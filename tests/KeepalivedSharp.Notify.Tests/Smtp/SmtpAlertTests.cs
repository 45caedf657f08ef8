using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Notify.Smtp;

namespace KeepalivedSharp.Notify.Tests.Smtp;

public sealed class SmtpAlertTests
{
    [Theory]
    [InlineData(NotifyKind.Instance, VrrpState.Master, "[lb1] VRRP Instance VI_1 - Entering MASTER state", "=> VRRP Instance is now owning VRRP VIPs <=")]
    [InlineData(NotifyKind.Instance, VrrpState.Backup, "[lb1] VRRP Instance VI_1 - Entering BACKUP state", "=> VRRP Instance is no longer owning VRRP VIPs <=")]
    [InlineData(NotifyKind.Instance, VrrpState.Fault, "[lb1] VRRP Instance VI_1 - Entering FAULT state", "=> VRRP Instance is no longer owning VRRP VIPs <=")]
    [InlineData(NotifyKind.Instance, VrrpState.Stop, "[lb1] VRRP Instance VI_1 - Stopping", "=> VRRP Instance stopping <=")]
    [InlineData(NotifyKind.Instance, VrrpState.Deleted, "[lb1] VRRP Instance VI_1 - Deleted", "=> VRRP Deleted at reload <=")]
    [InlineData(NotifyKind.Group, VrrpState.Master, "[lb1] VRRP Group VI_1 - Entering MASTER state", "=> All VRRP group instances are now in MASTER state <=")]
    [InlineData(NotifyKind.Group, VrrpState.Stop, "[lb1] VRRP Group VI_1 - Stopping", "=> All VRRP group instances are now stopping <=")]
    public void ForTransition_State_KeepalivedSubjectAndBody(NotifyKind kind, VrrpState state, string subject, string body)
    {
        var a = SmtpAlert.ForTransition(kind, "VI_1", state, "lb1")!;
        Assert.Equal(subject, a.Subject);
        Assert.Equal(body, a.Body);
    }

    [Fact]
    public void ForTransition_Init_NoMail() => Assert.Null(SmtpAlert.ForTransition(NotifyKind.Instance, "VI_1", VrrpState.Init, "lb1"));
}
