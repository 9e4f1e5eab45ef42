namespace Wca.Measurement.Perf;

/// <summary>Indexes (in group order, -1 = not counted) of the derived metrics' inputs, and which derived metrics task_metrics selects.</summary>
internal sealed record PerfDerivedInputs(int Instructions, int Cycles, int CacheMisses, int CacheReferences, bool Ips, bool Ipc, bool HitRatio, bool Mpki);
