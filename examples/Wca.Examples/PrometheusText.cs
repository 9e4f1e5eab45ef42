using System.Globalization;
using System.Text;
using Wca.Api;

namespace Example;

/// <summary>
/// A small Prometheus text exposition formatter (the agent's own writer is internal to it): families sorted by
/// name, HELP/TYPE once per family, labels escaped, sample timestamp in milliseconds.
/// </summary>
public static class PrometheusText
{
    public static string Format(IReadOnlyList<Metric> metrics, long? timestampMilliseconds)
    {
        var text = new StringBuilder();
        foreach (var family in metrics.GroupBy(m => m.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var descriptor = family.First().Descriptor;
            if (!string.IsNullOrEmpty(descriptor.Help))
                text.Append("# HELP ").Append(family.Key).Append(' ').Append(descriptor.Help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
            if (descriptor.Type != MetricType.Untyped)
                text.Append("# TYPE ").Append(family.Key).Append(' ').Append(descriptor.Type == MetricType.Counter ? "counter" : "gauge").Append('\n');
            foreach (var metric in family)
            {
                text.Append(family.Key);
                if (metric.Labels.Count > 0)
                {
                    text.Append('{');
                    var first = true;
                    foreach (var (key, value) in metric.Labels.Pairs)
                    {
                        if (!first) text.Append(',');
                        first = false;
                        text.Append(key).Append("=\"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")).Append('"');
                    }
                    text.Append('}');
                }
                text.Append(' ').Append(FormatValue(metric.Value));
                if (timestampMilliseconds is { } ts) text.Append(' ').Append(ts.ToString(CultureInfo.InvariantCulture));
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
