namespace Wca.Api;

/// <summary>Everything the runner knows about one task this iteration, handed to detectors and allocators.</summary>
/// <param name="Task">The task as the node reported it.</param>
/// <param name="Labels">Sanitized task labels plus <c>task_id</c>.</param>
/// <param name="Measurements">Unleveled measurements by metric name (e.g. <c>task_cpu_usage_seconds</c>).</param>
/// <param name="Allocations">Current allocations read back from the system (AllocationRunner only).</param>
public sealed record TaskData(
    NodeTask Task,
    LabelSet Labels,
    IReadOnlyDictionary<string, double> Measurements,
    TaskAllocation? Allocations = null);
