namespace KeepalivedSharp.Fuzz;

/// <summary>
/// One fuzz target: <see cref="Run"/> feeds one input to the code under test and throws only on a finding (an
/// exception the code does not document, or a broken invariant); the code's expected rejections are caught there.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>The bound on managed allocations for one input of this length (the "work is bounded" check).</summary>
    long AllocationBound(int inputLength);

    void Run(ReadOnlySpan<byte> input);

    /// <summary>Seed inputs built from the repository's examples and test fixtures under <paramref name="root"/>.</summary>
    IEnumerable<(string Name, byte[] Bytes)> Seeds(string root);
}

/// <summary>A broken invariant: thrown to make libFuzzer save the input.</summary>
internal sealed class FuzzFindingException(string message) : Exception(message);

internal static class WorkBound
{
    /// <summary>Runs one input and fails it when it allocated more than the target's bound (a hang is libFuzzer's -timeout).</summary>
    public static void Run(IFuzzTarget target, ReadOnlySpan<byte> input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        target.Run(input);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var bound = target.AllocationBound(input.Length);
        if (allocated > bound)
            throw new FuzzFindingException($"{allocated:N0} bytes allocated for a {input.Length}-byte input (bound {bound:N0})");
    }

    public static void Check(bool condition, string what)
    {
        if (!condition) throw new FuzzFindingException(what);
    }
}
