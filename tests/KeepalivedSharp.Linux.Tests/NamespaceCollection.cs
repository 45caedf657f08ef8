namespace KeepalivedSharp.Linux.Tests;

/// <summary>Namespace tests run one class at a time: the machine is small and shared.</summary>
[CollectionDefinition(Name)]
public sealed class NamespaceCollection
{
    public const string Name = "network namespaces";
}
