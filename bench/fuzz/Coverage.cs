using System.Runtime.InteropServices;

namespace KeepalivedSharp.Fuzz;

/// <summary>
/// Managed coverage of a corpus: SharpFuzz's instrumentation bumps one octet of a 64 KiB map per edge
/// (AFL's scheme, so distinct edges may share a slot); the count of slots hit is the figure libFuzzer's
/// "cov" cannot give (its cov counts the driver's own native edges; the managed ones reach it as features).
/// </summary>
internal static unsafe class Coverage
{
    public const int MapSize = 1 << 16;

    public static int Count(IFuzzTarget target, IEnumerable<string> files)
    {
        var map = (byte*)NativeMemory.AllocZeroed(MapSize);
        try
        {
            SharpFuzz.Common.Trace.SharedMem = map;
            foreach (var file in files)
            {
                SharpFuzz.Common.Trace.PrevLocation = 0;
                try
                {
                    WorkBound.Run(target, File.ReadAllBytes(file));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Console.Error.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
                }
            }
            return MapSize - new ReadOnlySpan<byte>(map, MapSize).Count((byte)0);
        }
        finally
        {
            SharpFuzz.Common.Trace.SharedMem = null;
            NativeMemory.Free(map);
        }
    }
}
