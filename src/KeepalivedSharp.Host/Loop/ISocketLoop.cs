namespace KeepalivedSharp.Host.Loop;

/// <summary>What a probe driven by the loop's own epoll needs (<see cref="EventLoop{TInput}"/>); loop thread only.</summary>
public interface ISocketLoop
{
    TimeSpan Now { get; }

    ulong WatchSocket(int fd, bool writable, Action ready);

    void RewatchSocket(int fd, ulong token, bool writable);

    void UnwatchSocket(int fd, ulong token);

    LoopTimer After(TimeSpan delay, Action fire);
}
