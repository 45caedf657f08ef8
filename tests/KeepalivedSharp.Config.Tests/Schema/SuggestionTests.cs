using System.Reflection;

namespace KeepalivedSharp.Config.Tests.Schema;

/// <summary>The "did you mean" suggestions, seen through the loader.</summary>
public class SuggestionTests
{
    [Theory]
    [InlineData("priorty", "priority")]
    [InlineData("advert_itn", "advert_int")]
    [InlineData("virtual_ipadress", "virtual_ipaddress")]
    [InlineData("nopremept", "nopreempt")]
    public void Load_Typo_SuggestsNearestKeywordOfThatBlock(string typo, string expected)
    {
        var r = ConfText.Load(ConfText.Instance($"{typo} 1"));
        Assert.Contains(r.Errors, d => d.Message.EndsWith($"did you mean '{expected}'?", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_KeywordOfAnotherBlock_UnknownHere()
    {
        var r = ConfText.Load("global_defs {\n virtual_router_id 5\n}");
        ConfText.AssertError(r, 2, "unknown keyword 'virtual_router_id' in global_defs");
    }

    [Fact]
    public void Assembly_NoReflectionOnlyTypesExposed_PublicSurfaceIsLoaderAndModel()
    {
        var exported = typeof(ConfigLoader).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet();
        Assert.Contains("ConfigLoader", exported);
        Assert.Contains("VrrpInstanceConfig", exported);
        Assert.DoesNotContain("Preprocessor", exported);
        Assert.NotNull(typeof(ConfigLoader).GetMethod("LoadText", BindingFlags.Public | BindingFlags.Static));
    }
}
