using Wca.Api;

namespace Wca.Measurement.Cgroups;

/// <summary>One wanted line of a flat keyed file: its key, the metric it becomes and the unit conversion.</summary>
internal sealed record KeyedValue(byte[] Key, MetricDescriptor Descriptor, double Scale = 1)
{
    public KeyedValue(string key, MetricDescriptor descriptor, double scale = 1)
        : this(System.Text.Encoding.ASCII.GetBytes(key), descriptor, scale) { }
}
