using System.Text;
using KeepalivedSharp.Config.Diagnostics;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Preprocessing;

/// <summary>
/// Turns configuration files into logical lines as keepalived 2.2.7's read_line() does: comments,
/// includes (relative to the including file's directory, since keepalived chdir()s into it), parameters,
/// <c>@id</c> conditionals, ~SEQ/~LST loops and one brace per line. Every line keeps its real file and line.
/// </summary>
internal sealed class Preprocessor
{
    private const int MaxLineLength = 65536;
    private const int MaxDepth = 32;
    private const int MaxIncludeDepth = 64;
    private const int MaxLines = 1_000_000;
    private const string Blanks = " \t";
    private static readonly System.Buffers.SearchValues<char> QuotesAndEscapes = System.Buffers.SearchValues.Create("\"'\\");

    private readonly ConfigOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly Definitions _definitions;
    private readonly Action<LogicalLine> _emit;
    private int _lineCount;
    /// <summary>The files being read, outermost first: full path (for includes and recursion) and name shown in diagnostics.</summary>
    private readonly List<(string Full, string Display)> _includeStack = [];
    private readonly string _configId;
    private Definitions.Definition? _multiline;
    private long _ordinal;
    private bool _tooMany;

    /// <param name="emit">Receives each logical line as it is read.</param>
    public Preprocessor(ConfigOptions options, DiagnosticBag diagnostics, Action<LogicalLine> emit)
    {
        _options = options;
        _diagnostics = diagnostics;
        _emit = emit;
        _configId = options.EffectiveConfigId;
        _definitions = new Definitions(_configId, () => CurrentDirectory);
    }

    private string CurrentDirectory => _includeStack.Count > 0 ? DirectoryOf(_includeStack[^1].Full) : Environment.CurrentDirectory;

    private static string DirectoryOf(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        return string.IsNullOrEmpty(dir) ? "/" : dir;
    }

    /// <summary>Reads the file (disposing <paramref name="content"/>), emitting its lines as they are read.</summary>
    public void Run(string displayName, Stream content)
    {
        _includeStack.Add((Path.GetFullPath(displayName), displayName));
        ReadFile(displayName, content);
        _includeStack.RemoveAt(_includeStack.Count - 1);
    }

    private void Error(SourceLocation at, string message) => _diagnostics.Add(Severity.Error, at, _ordinal, message, DiagnosticBag.Preprocessing);

    private void Warning(SourceLocation at, string message) => _diagnostics.Add(Severity.Warning, at, _ordinal, message, DiagnosticBag.Preprocessing);

    private void ReadFile(string displayName, Stream content)
    {
        // Invalid UTF-8 reads as U+FFFD, a byte order mark as a character, as Encoding.GetString did.
        using var text = new StreamReader(content, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: false, bufferSize: 16384);
        var reader = new LineReader(text, MaxLineLength);
        var lineNo = 0;
        try
        {
            while (reader.Next(out var physical, out var tooLong, out var hadNul))
                ReadPhysicalLine(displayName, ++lineNo, physical, tooLong, hadNul);
        }
        catch (IOException e)
        {
            Error(new SourceLocation(displayName, lineNo), $"cannot read '{displayName}': {e.Message}");
        }
        EndMultiline();
    }

    private void ReadPhysicalLine(string displayName, int lineNo, ReadOnlySpan<char> physical, bool tooLong, bool hadNul)
    {
        _ordinal++;
        var at = new SourceLocation(displayName, lineNo);
        physical = physical.TrimEnd('\r');
        if (hadNul) Error(at, "NUL byte in configuration line");
        if (tooLong)
        {
            Error(at, $"line longer than {MaxLineLength} characters");
            return;
        }
        if (physical.Length == 0)
        {
            EndMultiline();
            return;
        }
        if (_multiline is null && Decommenter.TryTrim(physical, out var plain) && IsPlain(plain))
        {
            // Nothing for the preprocessor to do (no parameter, conditional, loop or include): straight out.
            Emit(plain, at);
            return;
        }
        var line = Decommenter.Strip(physical, out var unterminated);
        if (unterminated) Error(at, "unterminated quote");
        if (_multiline is not null)
        {
            if (!Definitions.Continue(_multiline, line)) _multiline = null;
            return;
        }
        if (line.Length > 0) Process(line, at, 0);
    }

    private void EndMultiline()
    {
        if (_multiline is null) return;
        Definitions.Finish(_multiline);
        _multiline = null;
    }

    /// <summary>A decommented line that <see cref="Process"/> would pass to <see cref="Emit"/> unchanged.</summary>
    private static bool IsPlain(ReadOnlySpan<char> line)
        => line.Length > 0 && line[0] is not ('@' or '$' or '~') && !line.Contains('$') && !line.StartsWith("include", StringComparison.Ordinal);

    /// <summary>One logical line: conditionals, definitions, loops, substitution, then include or output.</summary>
    private void Process(string line, SourceLocation at, int depth)
    {
        if (depth > MaxDepth)
        {
            Error(at, "parameter / ~SEQ expansion nested too deeply");
            return;
        }
        List<string>? following = null;
        for (var round = 0; ; round++)
        {
            if (round > 100)
            {
                Error(at, "parameter substitution does not terminate");
                return;
            }
            if (line.StartsWith('@'))
            {
                var reverse = line.Length > 1 && line[1] == '^';
                var idStart = reverse ? 2 : 1;
                var blank = line.IndexOfAny([' ', '\t'], idStart);
                if (blank < 0) return;
                var matches = string.Equals(line[idStart..blank], _configId, StringComparison.Ordinal);
                if (matches == reverse) return;
                line = line[blank..].TrimStart(' ', '\t');
            }
            if (line.StartsWith('$'))
            {
                var def = _definitions.TryDefine(line);
                if (def is not null)
                {
                    if (def.Multiline) _multiline = def;
                    return;
                }
            }
            if (Loops.IsLoop(line))
            {
                RunLoop(line, at, depth);
                return;
            }
            if (line.StartsWith('~') || !_definitions.Any || !line.Contains('$', StringComparison.Ordinal)) break;
            var r = _definitions.Replace(line, MaxLineLength);
            if (r.Error is not null)
            {
                Error(at, r.Error);
                return;
            }
            if (!r.Changed) break;
            if (r.FollowingLines is { } more)
            {
                if (following is null) following = more;
                else following.InsertRange(0, more);
            }
            line = Decommenter.Strip(r.Line, out _);
            if (!line.StartsWith('@') && !line.Contains('$', StringComparison.Ordinal)) break;
        }
        if (line.Length > 0)
        {
            if (!TryInclude(line, at)) Emit(line, at);
        }
        if (following is null) return;
        foreach (var next in following)
            Process(next, at, depth + 1);
    }

    private void RunLoop(string line, SourceLocation at, int depth)
    {
        string? error;
        var loop = line[1] == 'S'
            ? Loops.ParseSeq(line, s => _definitions.Replace(s, 256).Line, out error)
            : Loops.ParseLst(line, out error);
        if (loop is null)
        {
            Error(at, $"{error} '{line}'");
            return;
        }
        foreach (var iteration in loop.Iterations)
        {
            foreach (var (name, value) in iteration) _definitions.Set(name, value);
            if (loop.Text.Length > 0) Process(loop.Text, at, depth + 1);
            if (_tooMany) return;
        }
    }

    /// <summary>
    /// <c>include</c> / <c>includer|m|w|b|a PATTERN</c>. Plain <c>include</c> of nothing is a warning (keepalived only
    /// logs it); <c>includem</c>, <c>includew</c> and <c>includea</c> ask for missing files to be errors.
    /// </summary>
    private bool TryInclude(string line, SourceLocation at)
    {
        if (!line.StartsWith("include", StringComparison.Ordinal) || line.Length < 8) return false;
        int patternStart;
        var strict = false;
        if (line[7] is ' ' or '\t') patternStart = 8;
        else if ("rmwba".Contains(line[7], StringComparison.Ordinal) && line.Length > 8 && line[8] is ' ' or '\t')
        {
            patternStart = 9;
            strict = line[7] is 'm' or 'w' or 'a';
        }
        else return false;
        var pattern = line[patternStart..].Trim(' ', '\t');
        if (pattern.Length >= 2 && pattern[0] == '"' && pattern[^1] == '"') pattern = pattern[1..^1];
        if (pattern.Length == 0)
        {
            Error(at, "include needs a file name");
            return true;
        }
        var absolute = pattern.StartsWith('/') ? pattern : Path.Combine(CurrentDirectory, pattern);
        var files = _options.FileSystem.Glob(absolute);
        if (files.Count == 0)
        {
            var message = Glob.HasWildcards(pattern) ? $"no files match include '{pattern}'" : $"include file '{pattern}' not found";
            if (strict) Error(at, message);
            else Warning(at, message);
            return true;
        }
        foreach (var file in files)
        {
            var full = Path.GetFullPath(file);
            var display = DisplayName(pattern, full);
            if (_includeStack.Exists(f => string.Equals(f.Full, full, StringComparison.Ordinal)))
            {
                Error(at, $"recursive include of '{display}'");
                continue;
            }
            if (_includeStack.Count >= MaxIncludeDepth)
            {
                Error(at, "includes nested too deeply");
                continue;
            }
            // keepalived skips it with a warning (-t still exits 0); a strict include makes it an error like a missing file.
            if (_options.IsRegularNonExecutable is { } isRegular && !isRegular(file))
            {
                if (strict) Error(at, ConfigOptions.NotRegularMessage(display));
                else Warning(at, ConfigOptions.NotRegularMessage(display));
                continue;
            }
            var content = _options.FileSystem.OpenRead(file);
            if (content is null)
            {
                if (strict) Error(at, $"cannot read include file '{display}'");
                else Warning(at, $"cannot read include file '{display}'");
                continue;
            }
            _includeStack.Add((full, display));
            var saved = _multiline;
            _multiline = null;
            ReadFile(display, content);
            _multiline = saved;
            _includeStack.RemoveAt(_includeStack.Count - 1);
        }
        return true;
    }

    /// <summary>
    /// How an included file is named in diagnostics, so that every name opens from where the command was run: an
    /// absolute include, or one inside a file shown absolute, is shown absolute; otherwise (the main file was given
    /// relative, e.g. <c>-f main.conf</c>) it is shown relative to the working directory, which is the path joined
    /// from the including file's shown directory (<c>-f conf/main.conf</c> with <c>include sub/a.conf</c>:
    /// <c>conf/sub/a.conf</c>). keepalived itself prints the include pattern's path as written, relative to the
    /// including file's directory.
    /// </summary>
    private string DisplayName(string pattern, string full)
        => Path.IsPathRooted(pattern) || Path.IsPathRooted(_includeStack[^1].Display)
            ? full
            : Path.GetRelativePath(Environment.CurrentDirectory, full);

    /// <summary>Outputs a line, putting each '{' / '}' (outside quotes) on a line of its own.</summary>
    private void Emit(ReadOnlySpan<char> line, SourceLocation at)
    {
        while (line.Length > 0)
        {
            var brace = Tokenizer.FindBrace(line);
            ReadOnlySpan<char> part;
            if (brace < 0)
            {
                part = line;
                line = default;
            }
            else if (brace > 0)
            {
                part = line[..brace].TrimEnd(Blanks);
                line = line[brace..];
            }
            else
            {
                part = line[..1];
                line = line[1..].TrimStart(Blanks);
            }
            var tokens = Tokenizer.Split(part, out var unmatched);
            if (unmatched) Error(at, "unmatched quote");
            if (tokens.Length == 0) continue;
            if (_lineCount >= MaxLines)
            {
                if (!_tooMany) Error(at, $"configuration expands to more than {MaxLines} lines");
                _tooMany = true;
                return;
            }
            _lineCount++;
            _emit(new LogicalLine(tokens, at, ++_ordinal, part.ContainsAny(QuotesAndEscapes) ? new string(part) : null));
        }
    }
}
