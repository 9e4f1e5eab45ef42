using Wca.Api;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// One wanted line of a flat keyed file: its key, the metric it becomes and the unit conversion, a divisor
/// (ns → s is / 1e9): dividing by an exact power of ten gives the shortest round-trip text (5995590843 ns is
/// 5.995590843), where multiplying by the inexact 1e-9 gives 5.9955908430000004.
/// </summary>
internal sealed record KeyedValue(byte[] Key, MetricDescriptor Descriptor, double Divisor = 1)
{
    public KeyedValue(string key, MetricDescriptor descriptor, double divisor = 1)
        : this(System.Text.Encoding.ASCII.GetBytes(key), descriptor, divisor) { }
}
