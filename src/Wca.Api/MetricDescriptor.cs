namespace Wca.Api;

/// <summary>
/// What a metric is: its name, type, help text and unit. Create one per metric name and reuse it;
/// storages cache the encoded header per descriptor.
/// </summary>
public sealed class MetricDescriptor
{
    public MetricDescriptor(string name, MetricType type = MetricType.Untyped, string? help = null, string? unit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Type = type;
        Help = help;
        Unit = unit;
    }

    public string Name { get; }
    public MetricType Type { get; }
    public string? Help { get; }

    /// <summary>bytes, seconds, numeric, timestamp, bytes_per_second, watts ... (documentation only).</summary>
    public string? Unit { get; }

    /// <summary>Serializer-owned cache (encoded name and HELP/TYPE header).</summary>
    internal object? EncodingCache { get; set; }

    public override string ToString() => Name;
}
