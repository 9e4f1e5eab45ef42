namespace Wca.Api;

/// <summary>What a package handed to a storage holds (one runner slot: metrics_storage, anomalies_storage, allocations_storage).</summary>
public enum PackageKind
{
    /// <summary>The iteration's measurements: platform, tasks and the agent's own metrics.</summary>
    Metrics = 0,

    /// <summary>A detector's or allocator's anomalies, its extra metrics and the anomaly statistics.</summary>
    Anomalies = 1,

    /// <summary>An allocator's target allocations, its extra metrics and the allocation statistics.</summary>
    Allocations = 2,
}
