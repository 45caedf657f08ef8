namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>A measured case and a way to do more of the same work (n units) for the allocation profile.</summary>
public sealed record CaseResult(Measurement Measurement, Action<long> Work);
