namespace KeepalivedSharp.Host.Loop;

/// <summary>How an <see cref="EventLoop{TInput}"/>'s thread is scheduled. Both calls come on the loop thread.</summary>
public interface ILoopThreadPolicy
{
    /// <summary>The loop thread has started, before the handler's start.</summary>
    void Started();

    /// <summary>A timer ran <paramref name="lateness"/> after its deadline (keepalived's scheduler checks the earliest one).</summary>
    void TimerRan(TimeSpan lateness);
}
