namespace KeepalivedSharp.TestKit;

/// <summary>A private (0700) temporary folder for a test's files; Dispose removes it with its contents.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ks-test-").FullName;

    /// <summary>Writes <paramref name="text"/> to a file under the folder (creating sub-folders) and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
