using Wca.Api;
using Wca.Metrics;

namespace Wca.Measurement.Cgroups;

/// <summary>Turns the configured <c>task_metrics</c> names into catalogue descriptors of cgroup metrics.</summary>
public static class CgroupMetricSelection
{
    /// <exception cref="ArgumentException">A name that is not a cgroup task metric (the message lists the valid ones).</exception>
    public static IReadOnlySet<MetricDescriptor> Parse(IEnumerable<string> names)
    {
        var selected = new HashSet<MetricDescriptor>(ReferenceEqualityComparer.Instance);
        foreach (var name in names)
        {
            var entry = MetricCatalog.Find(name);
            if (entry is null || entry.Source != MetricSource.Cgroup || entry.Granularity != MetricGranularity.Task)
                throw new ArgumentException($"'{name}' is not a cgroup task metric; valid: {string.Join(", ", ValidNames())}");
            selected.Add(entry.Descriptor);
        }
        return selected;
    }

    public static IEnumerable<string> ValidNames() => MetricCatalog.All
        .Where(e => e.Source == MetricSource.Cgroup && e.Granularity == MetricGranularity.Task)
        .Select(e => e.Name);
}
