namespace KeepalivedSharp.Config;

/// <summary>
/// A notify-type script line, read as keepalived 2.2.7 reads it (lib/notify.c notify_script_init):
/// <c>KEYWORD "COMMAND" [USER [GROUP]]</c>. <see cref="Command"/> is the first word with its quotes and escapes
/// removed; it is split into argv (again with keepalived's quote/escape rules) only when the script runs, so
/// <c>notify_master "/x/notify.sh a b"</c> passes a and b, while <c>notify_master /x/notify.sh a</c> asks to run
/// /x/notify.sh as user a. Null <see cref="User"/> = the default script user (script_user, keepalived_script).
/// </summary>
public sealed record NotifyScript(string Command, string? User = null, string? Group = null)
{
    public override string ToString() => User is null ? Command : Group is null ? $"{Command} ({User})" : $"{Command} ({User}:{Group})";
}
