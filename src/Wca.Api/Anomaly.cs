namespace Wca.Api;

/// <summary>Something a detector found wrong. Serialized as the <c>anomaly</c> metric family.</summary>
public abstract record Anomaly
{
    /// <summary>The <c>type</c> label of the anomaly metric.</summary>
    public abstract string Type { get; }
}

/// <summary>The resource two or more tasks fight over.</summary>
public enum ContendedResource
{
    /// <summary>Memory bandwidth (label text "memory bandwidth").</summary>
    MemoryBandwidth,
    /// <summary>Last-level cache occupancy (label text "cache").</summary>
    LlcOccupancy,
    /// <summary>CPU time (label text "cpus").</summary>
    Cpus,
    /// <summary>The package power budget, TDP (label text "thermal design power").</summary>
    ThermalDesignPower,
    /// <summary>Not known (label text "unknown resource").</summary>
    Unknown,
}

/// <summary>A task suffers because others use the same resource.</summary>
/// <param name="ContendedTaskId">The victim.</param>
/// <param name="ContendingTaskIds">The aggressors.</param>
/// <param name="Resource">The resource.</param>
/// <param name="Metrics">Context metrics (e.g. the threshold that was crossed).</param>
public sealed record ContentionAnomaly(
    string ContendedTaskId,
    IReadOnlyList<string> ContendingTaskIds,
    ContendedResource Resource,
    IReadOnlyList<Metric> Metrics) : Anomaly
{
    /// <summary>Always "contention".</summary>
    public override string Type => "contention";
}
