using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Measurement.Catalog;

namespace Wca.Pipeline;

/// <summary>
/// The gate plugin metrics (a detector's or allocator's extra metrics, an anomaly's context metrics) pass on their
/// way into a package: a metric whose name or a label name is not valid Prometheus, or whose type clashes with the
/// agent's own metric of that name or with an earlier one of the package, is dropped, counted and logged once per
/// metric name, so one bad metric never costs the rest of the package (or half-writes it).
/// </summary>
internal sealed partial class MetricAdmission(ILogger log, FailureCounters failures, string stage, string component)
{
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetricType> _types = new(StringComparer.Ordinal);

    /// <summary>Appends the admissible ones of <paramref name="metrics"/> to <paramref name="package"/>; returns how many were dropped.</summary>
    public int AddTo(MetricBatch package, IEnumerable<Metric>? metrics)
    {
        if (metrics is null) return 0;
        _types.Clear();
        foreach (ref readonly var m in package.AsSpan()) _types.TryAdd(m.Name, m.Type);
        var dropped = 0;
        foreach (var metric in metrics)
        {
            var problem = Problem(metric);
            if (problem is null)
            {
                _types.TryAdd(metric.Name, metric.Type);
                package.Add(metric);
                continue;
            }
            dropped++;
            failures.Count(stage, component);
            var name = metric.Descriptor?.Name ?? "";
            if (_reported.Add(name)) Log.Dropped(log, component, name, problem);
        }
        return dropped;
    }

    private string? Problem(in Metric metric)
    {
        if (metric.Descriptor is null) return "it has no descriptor (a default Metric)";
        if (metric.Labels is null) return "it has no label set";
        var name = metric.Name;
        if (!PrometheusEncoding.IsMetricName(name)) return $"'{name}' is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)";
        foreach (var (key, _) in metric.Labels.Pairs)
        {
            if (!PrometheusEncoding.IsLabelName(key)) return $"label name '{key}' is not valid ([a-zA-Z_][a-zA-Z0-9_]*)";
            if (key.StartsWith("__", StringComparison.Ordinal)) return $"label name '{key}' is reserved (starts with __)";
        }
        if (MetricCatalog.Find(name) is { } own && own.Descriptor.Type != metric.Type)
            return $"the agent's own {name} is a {TypeName(own.Descriptor.Type)}, this one a {TypeName(metric.Type)}";
        if (_types.TryGetValue(name, out var earlier) && earlier != metric.Type)
            return $"an earlier {name} of this package is a {TypeName(earlier)}, this one a {TypeName(metric.Type)}";
        return null;
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        _ => "untyped metric",
    };
}
