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
    MemoryBandwidth,
    LlcOccupancy,
    Cpus,
    ThermalDesignPower,
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
    public override string Type => "contention";
}
