namespace KeepalivedSharp.Linux.Native;

/// <summary>
/// Marks a static class whose constants describe a C struct read with explicit offsets: each const is
/// offsetof(C, name) and <c>SIZEOF</c> is sizeof(C). The gcc layout test checks them against the headers.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class CLayoutAttribute(string cType) : Attribute
{
    public string CType { get; } = cType;
}
