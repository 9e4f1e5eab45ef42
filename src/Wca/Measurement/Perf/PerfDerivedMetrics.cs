using Wca.Measurement.Catalog;

namespace Wca.Measurement.Perf;

/// <summary>
/// The derived task metrics of enable_derived_metrics (agent-core.md §9.2) from one iteration's deltas: task_ips =
/// Δinstructions / Δt, task_ipc = Δinstructions / Δcycles, task_cache_hit_ratio = (Δreferences − Δmisses) /
/// Δreferences, task_cache_misses_per_kilo_instructions = Δmisses × 1000 / Δinstructions. A metric whose input is
/// not counted, went back (a multiplexed estimate) or whose divisor did not move is absent: never NaN, ∞ or a made-up 0.
/// </summary>
internal static class PerfDerivedMetrics
{
    /// <summary>
    /// Appends the metrics <paramref name="inputs"/> selects to <paramref name="sample"/>, from the scaled counts of this
    /// iteration and the last (indexed as <paramref name="inputs"/> says) and the <paramref name="seconds"/> between them.
    /// </summary>
    public static void Append(TaskSample sample, PerfDerivedInputs inputs, ReadOnlySpan<double> current, ReadOnlySpan<double> previous, double seconds)
    {
        var instructions = Delta(inputs.Instructions, current, previous);
        var cycles = Delta(inputs.Cycles, current, previous);
        var misses = Delta(inputs.CacheMisses, current, previous);
        var references = Delta(inputs.CacheReferences, current, previous);
        // NaN (not counted or went back) fails every comparison below, so it never reaches a division.
        if (inputs.Ips && instructions >= 0 && seconds > 0) sample.Add(MetricCatalog.TaskIps, instructions / seconds);
        if (inputs.Ipc && instructions >= 0 && cycles > 0) sample.Add(MetricCatalog.TaskIpc, instructions / cycles);
        if (inputs.HitRatio && misses >= 0 && references > 0) sample.Add(MetricCatalog.TaskCacheHitRatio, (references - misses) / references);
        if (inputs.Mpki && misses >= 0 && instructions > 0) sample.Add(MetricCatalog.TaskCacheMissesPerKiloInstructions, misses * 1000 / instructions);
    }

    private static double Delta(int index, ReadOnlySpan<double> current, ReadOnlySpan<double> previous)
    {
        if (index < 0) return double.NaN;
        var delta = current[index] - previous[index];
        return delta >= 0 && double.IsFinite(delta) ? delta : double.NaN;
    }
}
