namespace KeepalivedSharp.Config;

/// <summary>Where configuration files come from (the real file system, or an in-memory set in tests).</summary>
public interface IConfigFileSystem
{
    /// <summary>Reads a whole file as bytes, or returns null when it does not exist or cannot be read.</summary>
    byte[]? ReadAllBytes(string path);

    /// <summary>Opens a file to read it from the start, or returns null when it does not exist or cannot be read.</summary>
    Stream? OpenRead(string path) => ReadAllBytes(path) is { } bytes ? new MemoryStream(bytes, writable: false) : null;

    /// <summary>Expands a glob (<c>*</c>, <c>?</c>, <c>[..]</c>, <c>{a,b}</c>) of absolute paths to existing files, sorted.</summary>
    IReadOnlyList<string> Glob(string absolutePattern);
}
