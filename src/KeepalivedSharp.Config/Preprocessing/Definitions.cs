using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace KeepalivedSharp.Config.Preprocessing;

/// <summary>
/// keepalived's parameters: <c>$NAME=value</c> (multi-line with a trailing '\'), used as <c>$NAME</c> or
/// <c>${NAME}</c>; the built-ins <c>_PWD _INSTANCE _RANDOM _HASH _BANG</c>; <c>${_RANDOM min max}</c> takes parameters.
/// </summary>
internal sealed class Definitions
{
    private const int MaxReplacements = 1000;

    internal sealed class Definition(string name)
    {
        public string Name { get; } = name;
        public List<string> Lines { get; } = [];
        public bool Multiline { get; set; }
        public Func<string?, string>? Builtin { get; init; }
        public int MaxParams { get; init; }
    }

    private readonly Dictionary<string, Definition> _defs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Definition>.AlternateLookup<ReadOnlySpan<char>> _byName;
    /// <summary>The line being replaced; one builder for all lines.</summary>
    private readonly StringBuilder _sb = new();

    public Definitions(string configId, Func<string> currentDirectory)
    {
        _byName = _defs.GetAlternateLookup<ReadOnlySpan<char>>();
        AddBuiltin("_PWD", _ => currentDirectory());
        AddBuiltin("_INSTANCE", _ => configId);
        AddBuiltin("_RANDOM", RandomValue, 2);
        AddBuiltin("_HASH", _ => "#");
        AddBuiltin("_BANG", _ => "!");
    }

    private void AddBuiltin(string name, Func<string?, string> fn, int maxParams = 0)
        => _defs[name] = new Definition(name) { Builtin = fn, MaxParams = maxParams };

    private static string RandomValue(string? parameters)
    {
        long min = 0, max = 32767;
        if (parameters is not null)
        {
            var parts = parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0) _ = long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out min);
            if (parts.Length > 1) _ = long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out max);
        }
        if (max < min) (min, max) = (max, min);
        return Random.Shared.NextInt64(min, max + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Sets a single-line definition (used by ~SEQ / ~LST for their loop variables).</summary>
    public void Set(string name, string value)
    {
        // A loop sets its variables once per iteration: a plain definition is updated in place.
        if (_defs.TryGetValue(name, out var existing) && existing.Builtin is null && !existing.Multiline && existing.Lines.Count == 1)
        {
            existing.Lines[0] = value;
            return;
        }
        var def = new Definition(name);
        def.Lines.Add(value);
        _defs[name] = def;
    }

    /// <summary>
    /// Handles a line of the form <c>$NAME=value</c>. Returns the definition when the line is one,
    /// null otherwise; a definition whose value ends in '\' continues on the following lines.
    /// </summary>
    public Definition? TryDefine(string line)
    {
        if (line.Length < 2 || line[0] != '$' || !IsNameStart(line[1])) return null;
        var p = 2;
        while (p < line.Length && IsNameChar(line[p])) p++;
        var name = line[1..p];
        while (p < line.Length && line[p] is ' ' or '\t') p++;
        if (p >= line.Length || line[p] != '=') return null;
        var value = line[(p + 1)..].TrimStart(' ', '\t');
        var def = new Definition(name);
        if (value.EndsWith('\\'))
        {
            def.Multiline = true;
            value = value[..^1].TrimEnd(' ', '\t');
            if (value.Length > 0) def.Lines.Add(value);
        }
        else
            def.Lines.Add(value);
        _defs[name] = def;
        return def;
    }

    /// <summary>Adds a continuation line to a multi-line definition; returns false when the definition is complete.</summary>
    public static bool Continue(Definition def, string line)
    {
        var more = line.EndsWith('\\');
        if (more) line = line[..^1].TrimEnd(' ', '\t');
        if (line.Length > 0) def.Lines.Add(line);
        if (!more) Finish(def);
        return more;
    }

    /// <summary>Ends a multi-line definition (blank line or end of file); an empty one becomes single-line "".</summary>
    public static void Finish(Definition def)
    {
        if (def.Lines.Count == 0)
        {
            def.Multiline = false;
            def.Lines.Add("");
        }
    }

    public bool Any => _defs.Count > 0;

    /// <summary>Outcome of <see cref="Replace"/>.</summary>
    internal readonly record struct Replacement(bool Changed, string Line, List<string>? FollowingLines, string? Error);

    /// <summary>
    /// Replaces every known <c>$NAME</c> / <c>${NAME}</c> / <c>${NAME params}</c> in a line, rescanning
    /// replaced text as keepalived does. A multi-line definition may only end a line; its later lines
    /// come back in <see cref="Replacement.FollowingLines"/> (null when there are none).
    /// </summary>
    public Replacement Replace(string line, int maxLength)
    {
        var sb = _sb.Clear().Append(line);
        List<string>? following = null;
        var changed = false;
        var count = 0;
        var i = 0;
        while (i < sb.Length - 1)
        {
            if (sb[i] != '$')
            {
                i++;
                continue;
            }
            if (!TryMatch(sb, i, out var def, out var length, out var parameters))
            {
                i++;
                continue;
            }
            if (++count > MaxReplacements)
                return new Replacement(changed, sb.ToString(), following, "parameter substitution does not terminate (a definition refers to itself?)");
            changed = true;
            string value;
            if (def.Builtin is not null) value = def.Builtin(parameters);
            else if (def.Multiline)
            {
                value = def.Lines.Count > 0 ? def.Lines[0] : "";
                if (def.Lines.Count > 1) (following ??= new List<string>(def.Lines.Count - 1)).InsertRange(0, CollectionsMarshal.AsSpan(def.Lines)[1..]);
            }
            else value = def.Lines.Count > 0 ? def.Lines[0] : "";
            sb.Remove(i, length).Insert(i, value);
            if (sb.Length > maxLength)
                return new Replacement(changed, sb.ToString(0, maxLength), following, "parameter substitution makes the line too long");
            if (value.TrimStart(' ', '\t').StartsWith('~')) break;
        }
        return new Replacement(changed, changed ? sb.ToString() : line, following, null);
    }

    /// <summary>Looks a name up without making a string of it (names are short; a long one is copied once).</summary>
    private bool TryGet(StringBuilder sb, int start, int length, out Definition found)
    {
        Span<char> name = length <= 128 ? stackalloc char[length] : new char[length];
        sb.CopyTo(start, name, length);
        return _byName.TryGetValue(name, out found!);
    }

    private bool TryMatch(StringBuilder sb, int dollar, out Definition def, out int length, out string? parameters)
    {
        def = null!;
        length = 0;
        parameters = null;
        var p = dollar + 1;
        var braces = sb[p] == '{';
        if (braces) p++;
        if (p >= sb.Length || !IsNameStart(sb[p])) return false;
        var nameStart = p;
        while (p < sb.Length && IsNameChar(sb[p])) p++;
        var nameLength = p - nameStart;
        if (braces)
        {
            var paramStart = p;
            while (p < sb.Length && (sb[p] == ' ' || char.IsAsciiDigit(sb[p]))) p++;
            var raw = sb.ToString(paramStart, p - paramStart);
            if (raw.Trim().Length > 0)
            {
                if (raw.EndsWith(' ')) return false;
                parameters = raw.Trim();
            }
            if (p >= sb.Length || sb[p] != '}') return false;
            p++;
        }
        else if (p < sb.Length && sb[p] is not (' ' or '\t' or ',' or ')'))
            return false;
        if (!TryGet(sb, nameStart, nameLength, out var found)) return false;
        if (parameters is not null && found.MaxParams == 0) return false;
        if (found.Multiline && p != sb.Length) return false;
        def = found;
        length = p - dollar;
        return true;
    }
}
