using Wca.Api;

namespace Wca.Measurement.Catalog;

/// <summary>One row of the metric catalogue: the descriptor plus documentation facts.</summary>
/// <param name="Descriptor">Name, type, help, unit: what the exposition writes.</param>
/// <param name="Provenance">Whether the name is the original's (dashboards rely on it) or ours.</param>
/// <param name="Source">Where the value is read from.</param>
/// <param name="Granularity">Task, platform or internal.</param>
/// <param name="Levels">Extra label keys of the series (e.g. <c>numa_node</c>).</param>
/// <param name="EnabledBy">The option that turns it on, or "always".</param>
/// <param name="Origin">Which kernel file(s) or computation, for the docs.</param>
public sealed record CatalogEntry(
    MetricDescriptor Descriptor,
    MetricProvenance Provenance,
    MetricSource Source,
    MetricGranularity Granularity,
    IReadOnlyList<string> Levels,
    string EnabledBy,
    string Origin)
{
    public string Name => Descriptor.Name;

    /// <summary>The value's unit when it is not a base unit (e.g. "USER_HZ ticks"), else null.</summary>
    public string? NonBaseUnit { get; init; }

    /// <summary>The Prometheus naming conventions this name breaks.</summary>
    public NamingDeviation Deviations
    {
        get
        {
            var deviations = NamingDeviation.None;
            if (Descriptor.Type == MetricType.Counter && !Name.EndsWith("_total", StringComparison.Ordinal))
                deviations |= NamingDeviation.CounterWithoutTotal;
            if (Descriptor.Unit == "timestamp" && !Name.EndsWith("_timestamp_seconds", StringComparison.Ordinal))
                deviations |= NamingDeviation.TimestampWithoutSuffix;
            if (NonBaseUnit is not null)
                deviations |= NamingDeviation.NonBaseUnit;
            if (Name.EndsWith("_count", StringComparison.Ordinal))
                deviations |= NamingDeviation.ReservedSuffix;
            if (Name.EndsWith("_information", StringComparison.Ordinal))
                deviations |= NamingDeviation.InfoWithoutSuffix;
            return deviations;
        }
    }

    /// <summary>
    /// An original name that breaks a convention: kept as it is because dashboards and rules written for the
    /// original query it (renaming would silently empty them).
    /// </summary>
    public bool KeptForDashboards => Provenance != MetricProvenance.Ours && Deviations != NamingDeviation.None;
}
