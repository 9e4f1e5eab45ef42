namespace Wca.Api;

/// <summary>One sample: what (descriptor), how much (value) and which series (labels).</summary>
public readonly record struct Metric(MetricDescriptor Descriptor, double Value, LabelSet Labels)
{
    /// <summary>The metric name (of the descriptor).</summary>
    public string Name => Descriptor.Name;
    /// <summary>The metric type (of the descriptor).</summary>
    public MetricType Type => Descriptor.Type;

    /// <summary>A gauge sample with a new descriptor (for one-off metrics; reuse a descriptor for repeated ones).</summary>
    public static Metric Gauge(string name, double value, LabelSet? labels = null, string? help = null)
        => new(new MetricDescriptor(name, MetricType.Gauge, help), value, labels ?? LabelSet.Empty);

    /// <summary>A counter sample with a new descriptor (for one-off metrics; reuse a descriptor for repeated ones).</summary>
    public static Metric Counter(string name, double value, LabelSet? labels = null, string? help = null)
        => new(new MetricDescriptor(name, MetricType.Counter, help), value, labels ?? LabelSet.Empty);

    /// <summary>The same sample with <paramref name="common"/> labels overlaid (common wins).</summary>
    public Metric WithCommonLabels(LabelSet common) => this with { Labels = Labels.Merge(common) };
}
