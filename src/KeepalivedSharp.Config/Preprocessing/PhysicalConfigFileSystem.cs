using KeepalivedSharp.Config.Preprocessing;

namespace KeepalivedSharp.Config;

/// <summary>The real file system. Globs expand like glob(3) with GLOB_BRACE; results are sorted ordinally (C locale).</summary>
public sealed class PhysicalConfigFileSystem : IConfigFileSystem
{
    public static PhysicalConfigFileSystem Instance { get; } = new();

    private PhysicalConfigFileSystem() { }

    public byte[]? ReadAllBytes(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Read as it is parsed: a huge file is never in memory whole.</summary>
    public Stream? OpenRead(string path)
    {
        try
        {
            return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan) : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public IReadOnlyList<string> Glob(string absolutePattern)
    {
        var results = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in Preprocessing.Glob.ExpandBraces(absolutePattern))
        {
            if (!Preprocessing.Glob.HasWildcards(pattern))
            {
                if (File.Exists(pattern)) results.Add(pattern);
                continue;
            }
            var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
            Walk(pattern.StartsWith('/') ? "/" : ".", segments, 0, results);
        }
        return [.. results];
    }

    private static void Walk(string dir, string[] segments, int index, SortedSet<string> results)
    {
        var segment = segments[index];
        var last = index == segments.Length - 1;
        IEnumerable<string> names;
        if (!Preprocessing.Glob.HasWildcards(segment))
            names = [segment.Replace("\\", "", StringComparison.Ordinal)];
        else
        {
            try
            {
                names = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>()
                    .Where(n => Preprocessing.Glob.Match(segment, n)).ToList();
            }
            catch (IOException) { return; }
            catch (UnauthorizedAccessException) { return; }
        }
        foreach (var name in names)
        {
            var path = Preprocessing.Glob.Join(dir, name);
            if (last)
            {
                if (File.Exists(path)) results.Add(path);
            }
            else if (Directory.Exists(path))
                Walk(path, segments, index + 1, results);
        }
    }
}
