using System.Collections.ObjectModel;

namespace Wca.Api;

/// <summary>The allocation algorithm of an AllocationRunner (<c>allocator:</c>).</summary>
/// <remarks>
/// Called once per iteration on the runner's thread with immutable inputs: the platform, every measured task with its
/// measurements, labels, resources and its current allocations as read back from the kernel
/// (<see cref="TaskData.Allocations"/>; the runner keeps no allocation state, so a restarted agent continues from what
/// is applied). The runner validates every returned value per task: an invalid one (unknown type, wrong kind, out of
/// range, unknown task id, a CPU or NUMA node the machine does not have) is logged once, counted and skipped, and the
/// others apply. An allocator that throws or returns null is logged (once per distinct failure) and counted, and
/// nothing is changed that iteration.
/// </remarks>
public interface IAllocator
{
    /// <summary>Target allocations for this iteration.</summary>
    /// <param name="platform">The platform now.</param>
    /// <param name="tasks">Every measured task by task id, with its current allocations.</param>
    /// <returns>Targets by task id (tasks left out keep what they have), anomalies and extra metrics.</returns>
    AllocationResult Allocate(Platform platform, IReadOnlyDictionary<string, TaskData> tasks);
}

/// <summary>Target allocations by task id, plus anomalies and extra metrics.</summary>
public sealed record AllocationResult
{
    /// <summary>Change nothing.</summary>
    public static readonly AllocationResult None = new(ReadOnlyDictionary<string, TaskAllocation>.Empty, [], []);

    /// <summary>A result.</summary>
    /// <param name="allocations">Targets by task id; tasks left out keep what they have.</param>
    /// <param name="anomalies">Anomalies found on the way.</param>
    /// <param name="extraMetrics">Metrics stored as given.</param>
    public AllocationResult(IReadOnlyDictionary<string, TaskAllocation> allocations, IReadOnlyList<Anomaly> anomalies, IReadOnlyList<Metric> extraMetrics)
    {
        Allocations = allocations;
        Anomalies = anomalies;
        ExtraMetrics = extraMetrics;
    }

    /// <summary>Targets by task id; tasks left out keep what they have.</summary>
    public IReadOnlyDictionary<string, TaskAllocation> Allocations { get; init; }

    /// <summary>Anomalies found on the way.</summary>
    public IReadOnlyList<Anomaly> Anomalies { get; init; }

    /// <summary>Metrics stored as given.</summary>
    public IReadOnlyList<Metric> ExtraMetrics { get; init; }
}
