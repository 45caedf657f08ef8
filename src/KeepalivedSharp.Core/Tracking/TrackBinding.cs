namespace KeepalivedSharp.Core.Tracking;

public enum TrackerKind
{
    Script,
    Interface,
    File,
    Process,
}

/// <summary>
/// One tracked object bound to an instance with the weight that applies there (the binding's
/// own weight or, when absent, the tracked object's). Weight 0 means a failure puts the instance in FAULT.
/// </summary>
public sealed record TrackBinding(TrackerKind Kind, string Name, int Weight, bool Reverse = false);
