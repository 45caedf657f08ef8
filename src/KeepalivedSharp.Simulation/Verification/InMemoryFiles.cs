using System.Text;
using KeepalivedSharp.Config;

namespace KeepalivedSharp.Simulation.Verification;

/// <summary>Config files held in memory (random scenarios do not touch the disk).</summary>
public sealed class InMemoryFiles(IReadOnlyDictionary<string, string> files) : IConfigFileSystem
{
    public byte[]? ReadAllBytes(string path) => files.TryGetValue(path, out var text) ? Encoding.UTF8.GetBytes(text) : null;

    public IReadOnlyList<string> Glob(string absolutePattern)
        => files.ContainsKey(absolutePattern) ? [absolutePattern] : [];
}
