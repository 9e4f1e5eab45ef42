using Wca.Api;

namespace Wca.Wrapper.Pipeline;

/// <summary>
/// The checks the original made before writing (wrapper.md §9.2): metric name, label names (not starting with
/// <c>__</c>), and one type and help per name. The original crashed on the first failure; here the offending metric
/// is dropped with a reason and the rest of the batch is stored.
/// </summary>
internal static class BatchValidation
{
    /// <summary>Removes invalid metrics from <paramref name="batch"/>; the first reason, or null when all were valid.</summary>
    public static string? RemoveInvalid(List<Metric> batch)
    {
        string? first = null;
        Dictionary<string, MetricDescriptor>? byName = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var m = batch[i];
            var reason = Check(m);
            if (reason is null)
            {
                byName ??= new(StringComparer.Ordinal);
                if (byName.TryGetValue(m.Name, out var seen))
                {
                    if (seen.Type != m.Type || !string.Equals(seen.Help, m.Descriptor.Help, StringComparison.Ordinal))
                        reason = $"metric {m.Name} has another type or help than an earlier metric of that name in the batch";
                }
                else byName[m.Name] = m.Descriptor;
            }
            if (reason is null) continue;
            first ??= reason;
            batch.RemoveAt(i--);
        }
        return first;
    }

    private static string? Check(in Metric m)
    {
        if (!PrometheusEncoding.IsMetricName(m.Name)) return $"wrong metric name {m.Name} (expected [a-zA-Z_:][a-zA-Z0-9_:]*)";
        foreach (var (key, _) in m.Labels.Pairs)
        {
            if (!PrometheusEncoding.IsLabelName(key)) return $"wrong label name {key} in metric {m.Name}";
            if (key.StartsWith("__", StringComparison.Ordinal)) return $"reserved label name {key} in metric {m.Name}";
        }
        return null;
    }
}
