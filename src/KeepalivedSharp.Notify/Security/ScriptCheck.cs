using System.Collections.Immutable;
using KeepalivedSharp.Notify.Scripts;

namespace KeepalivedSharp.Notify.Security;

/// <summary>
/// The verdict on one script. <see cref="Command"/> is null when keepalived would disable it (not found, not
/// executable, insecure with script security on, unknown user); <see cref="Messages"/> carry keepalived's wording.
/// </summary>
public sealed record ScriptCheck(ScriptCommand? Command, bool Insecure, ImmutableArray<string> Messages)
{
    public bool Runnable => Command is not null;
}
