using System.Globalization;
using System.Numerics;
using Wca.Actuation.Rdt;
using Wca.Api;
using Wca.Measurement.Catalog;
using Wca.Pipeline;

namespace Wca.Decision.Allocation;

/// <summary>One allocation series of an rdt value.</summary>
internal readonly record struct RdtSeries(MetricDescriptor Descriptor, double Value, LabelSet Labels);

/// <summary>
/// The rdt allocation metrics (agent-core §6.8.6): allocation_rdt_l3_cache_ways (set bits) and allocation_rdt_l3_mask
/// (the mask as a number) per L3 domain, allocation_rdt_mb per MB domain, labelled with the group and the domain.
/// A value that is not a number (the validator lets none through) has no series.
/// </summary>
internal static class RdtMetrics
{
    public static RdtSeries[] Series(RdtAllocation rdt, Func<string, string, string, LabelSet> labels)
    {
        var series = new List<RdtSeries>();
        var group = rdt.Name ?? "";
        if (rdt.L3 is { } l3 && SchemataLine.TryParse(l3, out _) is { } l3Line)
            foreach (var (domain, value) in l3Line.Domains)
                if (ulong.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask))
                {
                    series.Add(new(MetricCatalog.AllocationRdtL3CacheWays, BitOperations.PopCount(mask), labels("rdt_l3_cache_ways", group, domain)));
                    series.Add(new(MetricCatalog.AllocationRdtL3Mask, mask, labels("rdt_l3_mask", group, domain)));
                }
        if (rdt.Mb is { } mb && SchemataLine.TryParse(mb, out _) is { } mbLine)
            foreach (var (domain, value) in mbLine.Domains)
                if (ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                    series.Add(new(MetricCatalog.AllocationRdtMb, v, labels("rdt_mb", group, domain)));
        return [.. series];
    }
}
