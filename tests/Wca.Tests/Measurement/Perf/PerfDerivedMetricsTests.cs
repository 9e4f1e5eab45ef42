using Wca.Measurement;
using Wca.Measurement.Catalog;
using Wca.Measurement.Perf;

namespace Wca.Tests.Measurement.Perf;

/// <summary>
/// The derived task metrics from known counter deltas, with the formulas of agent-core.md §9.2: exact values, and
/// absence (never NaN, ∞ or 0) when an input is not counted, went back, or a divisor did not move.
/// </summary>
public sealed class PerfDerivedMetricsTests
{
    // Group order of the counts below: instructions, cycles, cache misses, cache references.
    private static readonly PerfDerivedInputs All = new(0, 1, 2, 3, Ips: true, Ipc: true, HitRatio: true, Mpki: true);

    private static TaskSample Derive(PerfDerivedInputs inputs, double[] previous, double[] current, double seconds)
    {
        var sample = new TaskSample();
        PerfDerivedMetrics.Append(sample, inputs, current, previous, seconds);
        foreach (var e in sample.Entries) Assert.True(double.IsFinite(e.Value), $"{e.Descriptor.Name} = {e.Value}");
        return sample;
    }

    private static string[] Names(TaskSample sample)
    {
        var names = new List<string>();
        foreach (var e in sample.Entries) names.Add(e.Descriptor.Name);
        return [.. names.Order(StringComparer.Ordinal)];
    }

    private static double Value(TaskSample sample, Wca.Api.MetricDescriptor d) =>
        sample.TryGet(d, out var v) ? v : throw new Xunit.Sdk.XunitException($"no {d.Name}");

    [Fact]
    public void Each_metric_is_its_formula_over_this_iterations_deltas()
    {
        // Δinstructions 2000, Δcycles 1000, Δmisses 30, Δreferences 300, over 2 s.
        var sample = Derive(All, [1000, 500, 10, 100], [3000, 1500, 40, 400], 2);
        Assert.Equal(1000.0, Value(sample, MetricCatalog.TaskIps));                       // Δinstructions / Δt
        Assert.Equal(2.0, Value(sample, MetricCatalog.TaskIpc));                          // Δinstructions / Δcycles
        Assert.Equal(0.9, Value(sample, MetricCatalog.TaskCacheHitRatio), 15);            // (Δrefs − Δmisses) / Δrefs
        Assert.Equal(15.0, Value(sample, MetricCatalog.TaskCacheMissesPerKiloInstructions)); // Δmisses × 1000 / Δinstructions
        Assert.Equal(4, sample.Count);
        Assert.All(new[] { MetricCatalog.TaskIps, MetricCatalog.TaskIpc, MetricCatalog.TaskCacheHitRatio, MetricCatalog.TaskCacheMissesPerKiloInstructions },
            d => Assert.Equal(Wca.Api.MetricType.Gauge, d.Type));
    }

    [Fact]
    public void Scaled_counts_that_are_not_integers_give_the_exact_ratio()
    {
        var sample = Derive(All, [0, 0, 0, 0], [7, 3, 1, 3], 0.5);
        Assert.Equal(7 / 3.0, Value(sample, MetricCatalog.TaskIpc));
        Assert.Equal(14.0, Value(sample, MetricCatalog.TaskIps));
        Assert.Equal(2 / 3.0, Value(sample, MetricCatalog.TaskCacheHitRatio));
        Assert.Equal(1000 / 7.0, Value(sample, MetricCatalog.TaskCacheMissesPerKiloInstructions));
    }

    [Fact]
    public void A_metric_whose_input_is_not_counted_is_absent_and_the_others_stay()
    {
        // No cycles: no IPC. No cache references: no hit ratio.
        var noCycles = All with { Cycles = -1, CacheReferences = -1 };
        var sample = Derive(noCycles, [1000, 0, 10, 0], [3000, 0, 40, 0], 2);
        Assert.Equal(["task_cache_misses_per_kilo_instructions", "task_ips"], Names(sample));
        // Without instructions only the hit ratio is left.
        Assert.Equal(["task_cache_hit_ratio"], Names(Derive(All with { Instructions = -1 }, [1000, 500, 10, 100], [3000, 1500, 40, 400], 2)));
        // Without cache misses: IPC and IPS.
        Assert.Equal(["task_ipc", "task_ips"], Names(Derive(All with { CacheMisses = -1 }, [1000, 500, 10, 100], [3000, 1500, 40, 400], 2)));
    }

    [Fact]
    public void A_divisor_that_did_not_move_makes_its_metric_absent_not_nan_or_infinity()
    {
        // Nothing moved at all: IPS is a true 0 (no instructions in 2 s); every ratio has a zero divisor.
        var idle = Derive(All, [1000, 500, 10, 100], [1000, 500, 10, 100], 2);
        Assert.Equal(["task_ips"], Names(idle));
        Assert.Equal(0.0, Value(idle, MetricCatalog.TaskIps));
        // Only cycles and references moved: IPC 0 and hit ratio 1 are real values, MPKI (Δinstructions 0) is absent.
        var stalled = Derive(All, [1000, 500, 10, 100], [1000, 900, 10, 300], 2);
        Assert.Equal(0.0, Value(stalled, MetricCatalog.TaskIpc));
        Assert.Equal(1.0, Value(stalled, MetricCatalog.TaskCacheHitRatio));
        Assert.False(stalled.TryGet(MetricCatalog.TaskCacheMissesPerKiloInstructions, out _));
        // No time between the readings: no IPS.
        Assert.False(Derive(All, [0, 0, 0, 0], [10, 10, 1, 10], 0).TryGet(MetricCatalog.TaskIps, out _));
    }

    [Fact]
    public void A_count_that_went_back_is_no_delta()
    {
        // A multiplexed estimate can go back a little: instructions 3000 → 2990 gives no IPS, IPC or MPKI.
        var sample = Derive(All, [3000, 500, 10, 100], [2990, 1500, 40, 400], 2);
        Assert.Equal(["task_cache_hit_ratio"], Names(sample));
        Assert.Equal(0.9, Value(sample, MetricCatalog.TaskCacheHitRatio), 15);
    }

    [Fact]
    public void Only_the_metrics_task_metrics_selects_are_added()
    {
        var sample = Derive(All with { Ips = false, Mpki = false }, [1000, 500, 10, 100], [3000, 1500, 40, 400], 2);
        Assert.Equal(["task_cache_hit_ratio", "task_ipc"], Names(sample));
    }
}
