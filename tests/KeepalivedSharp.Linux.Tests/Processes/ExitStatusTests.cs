using KeepalivedSharp.Linux.Processes;

namespace KeepalivedSharp.Linux.Tests.Processes;

public sealed class ExitStatusTests
{
    [Theory]
    [InlineData(0x0000, true, 0, 0)]
    [InlineData(0x0100, true, 1, 0)]
    [InlineData(0x7f00, true, 127, 0)]
    [InlineData(0x000f, false, 0, 15)]
    [InlineData(0x0009, false, 0, 9)]
    public void FromWaitStatus_RawStatus_DecodesExitOrSignal(int raw, bool exited, int code, int signal)
    {
        var s = ExitStatus.FromWaitStatus(raw);
        Assert.Equal(exited, s.Exited);
        Assert.Equal(code, s.Code);
        Assert.Equal(signal, s.Signal);
        Assert.Equal(raw == 0, s.Success);
    }

    [Fact]
    public void FromWaitStatus_CoreDumpBit_Reported()
    {
        var s = ExitStatus.FromWaitStatus(0x008b);
        Assert.Equal(Signals.SIGSEGV, s.Signal);
        Assert.True(s.CoreDumped);
        Assert.Equal("killed by signal 11 (SIGSEGV), core dumped", s.ToString());
    }

    [Fact]
    public void ToString_Exit_ReadsLikeKeepalived() => Assert.Equal("exited with status 3", ExitStatus.ExitedWith(3).ToString());
}
