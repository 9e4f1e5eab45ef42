namespace Wca.Api;

/// <summary>
/// Everything the runner knows about one task this iteration, handed to detectors and allocators. Valid for the
/// call it is handed to: the runner reuses nothing of it, but a plugin that keeps it keeps this iteration's values.
/// New properties may be added in later versions without breaking compiled plugins.
/// </summary>
public sealed record TaskData
{
    /// <summary>The task as the node reported it (its resources included).</summary>
    public required NodeTask Task { get; init; }

    /// <summary>Sanitized task labels plus <c>task_id</c> and <c>task_name</c> (without the agent's common labels).</summary>
    public required LabelSet Labels { get; init; }

    /// <summary>
    /// Unleveled measurements by metric name (e.g. <c>task_cpu_usage_seconds</c>; the names are constants of <c>TaskMetricNames</c>); most are raw
    /// monotonic counters, computing rates is the detector's job.
    /// </summary>
    public required IReadOnlyDictionary<string, double> Measurements { get; init; }

    /// <summary>
    /// Every measurement of this iteration with its level labels (per NUMA node, PSI resource and kind ...), without
    /// the task's labels: what <see cref="Measurements"/> holds plus the leveled series.
    /// </summary>
    public IReadOnlyList<Metric> Series { get; init; } = [];

    /// <summary>Current allocations read back from the system (AllocationRunner only).</summary>
    public TaskAllocation? Allocations { get; init; }
}
