using Wca.Api;

namespace Wca.Measurement.Catalog;

/// <summary>One row of the metric catalogue: the descriptor plus documentation facts.</summary>
/// <param name="Descriptor">Name, type, help, unit: what the exposition writes.</param>
/// <param name="Source">Where the value is read from.</param>
/// <param name="Granularity">Task, platform or internal.</param>
/// <param name="Levels">Extra label keys of the series (e.g. <c>numa_node</c>).</param>
/// <param name="EnabledBy">The option that turns it on, or "always".</param>
/// <param name="Origin">Which kernel file(s) or computation, for the docs.</param>
public sealed record CatalogEntry(
    MetricDescriptor Descriptor,
    MetricSource Source,
    MetricGranularity Granularity,
    IReadOnlyList<string> Levels,
    string EnabledBy,
    string Origin)
{
    public string Name => Descriptor.Name;
}
