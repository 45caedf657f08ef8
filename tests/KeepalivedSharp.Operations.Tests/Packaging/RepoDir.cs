namespace KeepalivedSharp.Operations.Tests.Packaging;

/// <summary>The repository the tests run from (the directory above the test output holding KeepalivedSharp.slnx).</summary>
public static class RepoDir
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "KeepalivedSharp.slnx"))) return d.FullName;
        throw new InvalidOperationException("KeepalivedSharp.slnx not found above the test directory");
    }
}
