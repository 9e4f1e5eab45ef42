using Wca.Api;
using Wca.Measurement.Catalog;

namespace Wca.Decision.Allocation;

/// <summary>
/// The statistics of the allocations package: task allocations returned, values rejected (with the reason of each
/// skipped one) and the duration of the last allocate call. One instance per runner; not thread-safe.
/// </summary>
internal sealed class AllocationStatistics
{
    private readonly Dictionary<string, long> _ignored = AllocationProblemReasons.All.ToDictionary(r => r, _ => 0L, StringComparer.Ordinal);
    private readonly Dictionary<string, LabelSet> _reasonLabels =
        AllocationProblemReasons.All.ToDictionary(r => r, r => LabelSet.From(("reason", r)), StringComparer.Ordinal);

    /// <summary>Task allocations the allocator returned since start.</summary>
    public long Count { get; private set; }

    /// <summary>Rejected values and failed allocator calls since start.</summary>
    public long Errors { get; private set; }

    /// <summary>Seconds of the last allocate call.</summary>
    public double LastDuration { get; set; }

    /// <summary>Skipped values of one reason since start.</summary>
    public long Ignored(string reason) => _ignored.GetValueOrDefault(reason);

    public void RecordAllocations(int tasks) => Count += tasks;

    public void RecordAllocatorFailure() => Errors++;

    /// <summary>Values re-applied because they changed behind the agent's back, since start.</summary>
    public long Drift { get; private set; }

    public void RecordDrift() => Drift++;

    public void RecordProblem(AllocationProblem problem)
    {
        Errors++;
        _ignored[problem.Reason] = _ignored.GetValueOrDefault(problem.Reason) + 1;
    }

    /// <summary>Appends allocations_count, allocations_errors, allocations_ignored_count{reason} and allocation_duration.</summary>
    public void Append(MetricBatch output)
    {
        output.Add(MetricCatalog.AllocationsCount, Count, LabelSet.Empty);
        output.Add(MetricCatalog.AllocationsErrors, Errors, LabelSet.Empty);
        foreach (var reason in AllocationProblemReasons.All)
            output.Add(MetricCatalog.AllocationsIgnoredCount, _ignored[reason], _reasonLabels[reason]);
        output.Add(MetricCatalog.AllocationsDriftCount, Drift, LabelSet.Empty);
        output.Add(MetricCatalog.AllocationDuration, LastDuration, LabelSet.Empty);
    }
}
