using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Tests.Native;

/// <summary>getrandom(2) instead of RandomNumberGenerator, which maps OpenSSL into the daemon.</summary>
public sealed class KernelRandomTests
{
    [Fact]
    public void Hex_TwelveLowerHexDigits_DifferentEachCall()
    {
        var names = Enumerable.Range(0, 100).Select(_ => KernelRandom.Hex(6)).ToList();
        Assert.All(names, n => Assert.Matches("^[0-9a-f]{12}$", n));
        Assert.Equal(100, names.Distinct().Count());
    }

    [Fact]
    public void Fill_LargeBuffer_Filled()
    {
        var b = new byte[1 << 20];
        KernelRandom.Fill(b);
        Assert.True(b.Count(x => x == 0) < 8192, "a 1 MiB random buffer has about 4,096 zero bytes");
    }

    [Fact]
    public void Daemon_NoRandomNumberGenerator_OnItsPath()
    {
        // The daemon's temporary names come from getrandom: OpenSSL is never loaded for them.
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src"));
        var users = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && File.ReadAllText(f).Contains("RandomNumberGenerator.", StringComparison.Ordinal))
            .Select(Path.GetFileName);
        Assert.Empty(users);
    }
}
