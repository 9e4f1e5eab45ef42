namespace Wca.Api;

/// <summary>The allocation algorithm of an AllocationRunner.</summary>
public interface IAllocator
{
    /// <summary>Decides the target allocations of this iteration from the platform and every measured task (keyed by task id).</summary>
    AllocationResult Allocate(Platform platform, IReadOnlyDictionary<string, TaskData> tasks);
}

/// <summary>Target allocations by task id, plus anomalies and extra metrics.</summary>
public sealed record AllocationResult(
    IReadOnlyDictionary<string, TaskAllocation> Allocations,
    IReadOnlyList<Anomaly> Anomalies,
    IReadOnlyList<Metric> ExtraMetrics)
{
    /// <summary>No allocation change, no anomaly, no extra metric.</summary>
    public static readonly AllocationResult None = new(new Dictionary<string, TaskAllocation>(), [], []);
}
