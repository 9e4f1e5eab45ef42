using Wca.Api;
using Wca.Measurement.Catalog;

namespace Wca.Measurement;

/// <summary>Turns the configured <c>task_metrics</c> names into catalogue descriptors of task metrics.</summary>
public static class TaskMetricSelection
{
    /// <exception cref="ArgumentException">A name that is not a task metric (the message lists the valid ones).</exception>
    public static IReadOnlySet<MetricDescriptor> Parse(IEnumerable<string> names)
    {
        var selected = new HashSet<MetricDescriptor>(ReferenceEqualityComparer.Instance);
        foreach (var name in names)
        {
            // A user raw perf event (name__rEEUU) is named at run time: it selects the descriptor event_names uses.
            if (Perf.PerfRawEvents.LooksRaw(name) && Perf.PerfEventNames.DescriptorOf(name) is { } raw)
            {
                selected.Add(raw);
                continue;
            }
            var entry = MetricCatalog.Find(name);
            if (entry is null || entry.Granularity != MetricGranularity.Task)
                throw new ArgumentException($"'{name}' is not a task metric; valid: {string.Join(", ", ValidNames())} and raw perf events {Perf.PerfRawEvents.NamePattern}", "task_metrics");
            selected.Add(entry.Descriptor);
        }
        return selected;
    }

    public static IEnumerable<string> ValidNames() =>
        MetricCatalog.All.Where(e => e.Granularity == MetricGranularity.Task).Select(e => e.Name);
}
