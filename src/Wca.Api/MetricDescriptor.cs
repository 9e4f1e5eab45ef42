namespace Wca.Api;

/// <summary>
/// What a metric is: its name, type, help text and unit. Create one per metric name and reuse it;
/// storages cache the encoded header per descriptor.
/// </summary>
public sealed class MetricDescriptor
{
    /// <summary>Describes metric <paramref name="name"/> (not empty); <paramref name="help"/> is the HELP line, none when null.</summary>
    public MetricDescriptor(string name, MetricType type = MetricType.Untyped, string? help = null, string? unit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Type = type;
        Help = help;
        Unit = unit;
    }

    /// <summary>The metric name, as written in the exposition.</summary>
    public string Name { get; }
    /// <summary>The Prometheus type (TYPE line).</summary>
    public MetricType Type { get; }
    /// <summary>The HELP text, or null for no HELP line.</summary>
    public string? Help { get; }

    /// <summary>bytes, seconds, numeric, timestamp, bytes_per_second, watts ... (documentation only).</summary>
    public string? Unit { get; }

    /// <summary>Serializer-owned cache (encoded name and HELP/TYPE header).</summary>
    internal object? EncodingCache { get; set; }

    /// <summary>The metric name.</summary>
    public override string ToString() => Name;
}
