namespace KeepalivedSharp.TestKit;

/// <summary>Files of this repository (examples, docs, packaging), found by walking up to the solution file.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "KeepalivedSharp.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no KeepalivedSharp.slnx above {AppContext.BaseDirectory}");
    }
}
