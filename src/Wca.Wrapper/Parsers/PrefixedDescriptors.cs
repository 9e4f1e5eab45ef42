using Wca.Api;

namespace Wca.Wrapper.Parsers;

/// <summary>
/// The descriptors of a parser's metrics for the run's <c>--metric_name_prefix</c>, made once (storages cache their
/// encoded headers per descriptor instance, so a steady stream of batches reuses them).
/// </summary>
internal sealed class PrefixedDescriptors(params ParsedMetricSpec[] specs)
{
    private string? _prefix;
    private MetricDescriptor[] _descriptors = [];

    /// <summary>The descriptors for <paramref name="prefix"/>, in the order of the specs.</summary>
    public MetricDescriptor[] For(string prefix)
    {
        // The arguments are fixed for a run: compare by value only when the instance changed.
        if (ReferenceEquals(prefix, _prefix) || string.Equals(prefix, _prefix, StringComparison.Ordinal)) return _descriptors;
        var descriptors = new MetricDescriptor[specs.Length];
        for (var i = 0; i < specs.Length; i++)
            descriptors[i] = new MetricDescriptor(prefix + specs[i].Suffix, specs[i].Type, specs[i].Help);
        _descriptors = descriptors;
        _prefix = prefix;
        return descriptors;
    }
}
