using System.Reflection;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Cli.Tests.Logging;

/// <summary>Event ids are what operators grep and alert on: each names one message across the whole daemon.</summary>
public sealed class EventIdTests
{
    [Fact]
    public void EveryLoggerMessage_HasItsOwnEventId()
    {
        // The daemon's assemblies as built beside the tests (the executable references them all).
        _ = typeof(KeepalivedSharp.Cli.CommandLine);
        var assemblies = Directory.GetFiles(AppContext.BaseDirectory, "KeepalivedSharp.*.dll")
            .Where(f => !Path.GetFileName(f).Contains(".Tests", StringComparison.Ordinal) && !Path.GetFileName(f).Contains("TestKit", StringComparison.Ordinal))
            .Select(f => Assembly.Load(AssemblyName.GetAssemblyName(f)))
            .Append(typeof(KeepalivedSharp.Cli.CommandLine).Assembly);
        var messages = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        Assert.True(messages.Count > 100, $"found only {messages.Count} LoggerMessage methods");
        var shared = messages.GroupBy(x => x.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Method))}").ToList();
        Assert.True(shared.Count == 0, "event ids used twice:\n" + string.Join("\n", shared));
    }
}
