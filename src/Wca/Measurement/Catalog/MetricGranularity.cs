namespace Wca.Measurement.Catalog;

/// <summary>Whether a metric describes a task, the platform or the agent itself.</summary>
public enum MetricGranularity
{
    Task,
    Platform,
    Internal,
    /// <summary>The allocations package of an AllocationRunner (allocations_storage).</summary>
    Allocation,
}
