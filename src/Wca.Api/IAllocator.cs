namespace Wca.Api;

/// <summary>The allocation algorithm of an AllocationRunner.</summary>
public interface IAllocator
{
    AllocationResult Allocate(Platform platform, IReadOnlyDictionary<string, TaskData> tasks);
}

/// <summary>Target allocations by task id, plus anomalies and extra metrics.</summary>
public sealed record AllocationResult(
    IReadOnlyDictionary<string, TaskAllocation> Allocations,
    IReadOnlyList<Anomaly> Anomalies,
    IReadOnlyList<Metric> ExtraMetrics)
{
    public static readonly AllocationResult None = new(new Dictionary<string, TaskAllocation>(), [], []);
}
