namespace KeepalivedSharp.Host.Loop;

/// <summary>Where descriptors are watched for input: the event loop reads them on its own thread.</summary>
public interface IReadiness
{
    /// <summary>Calls <paramref name="readable"/> on the loop thread while <paramref name="fd"/> has input.</summary>
    void Watch(int fd, Action readable);

    /// <summary>Stops watching <paramref name="fd"/>; before it is closed.</summary>
    void Unwatch(int fd);
}
