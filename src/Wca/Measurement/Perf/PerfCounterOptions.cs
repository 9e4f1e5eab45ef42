using Wca.Api;

namespace Wca.Measurement.Perf;

/// <summary>How the task perf counters are configured (MeasuringRunner keys event_names, perf_aggregate_cpus, enable_derived_metrics, task_metrics).</summary>
internal sealed record PerfCounterOptions
{
    public required IReadOnlyList<string> EventNames { get; init; }
    public bool AggregateCpus { get; init; } = true;
    public bool DerivedMetrics { get; init; }

    /// <summary>The task metrics to produce; null = all.</summary>
    public IReadOnlySet<MetricDescriptor>? TaskMetrics { get; init; }
}
