using System.Runtime.InteropServices;
using System.Text;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>NUL-terminated UTF-8 strings and NULL-terminated pointer arrays for exec, freed together.</summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly List<nint> _blocks = [];

    public byte* Add(string s)
    {
        var n = Encoding.UTF8.GetByteCount(s);
        var p = (byte*)NativeMemory.Alloc((nuint)n + 1);
        _blocks.Add((nint)p);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, n));
        p[n] = 0;
        return p;
    }

    /// <summary>A char*[] of <paramref name="items"/> followed by NULL.</summary>
    public byte** Array(IReadOnlyList<string> items)
    {
        var a = (byte**)NativeMemory.Alloc((nuint)(items.Count + 1), (nuint)sizeof(byte*));
        _blocks.Add((nint)a);
        for (var i = 0; i < items.Count; i++) a[i] = Add(items[i]);
        a[items.Count] = null;
        return a;
    }

    public void Dispose()
    {
        foreach (var b in _blocks) NativeMemory.Free((void*)b);
        _blocks.Clear();
    }
}
