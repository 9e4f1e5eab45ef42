using System.Globalization;
using Wca.Api;
using Wca.Kernel.Resctrl;
using Wca.Measurement.Catalog;

namespace Wca.Measurement.Rdt;

/// <summary>The platform's RDT facts (read once at start: info/ does not change while mounted) for plugins and as platform metrics.</summary>
internal sealed class RdtPlatformFacts
{
    private readonly Metric[] _metrics;

    public RdtPlatformFacts(ResctrlInfo info, LabelSet common)
    {
        Information = new RdtInformation
        {
            CacheMonitoring = info.CacheMonitoring,
            MemoryBandwidthMonitoring = info.MemoryBandwidthMonitoring,
            CacheControl = info.CacheControl,
            MemoryBandwidthControl = info.MemoryBandwidthControl,
            CacheBitMask = info.CbmMask,
            MinCacheBits = info.MinCbmBits,
            NumClosids = info.NumClosids,
            MemoryBandwidthGranularity = info.BandwidthGranularity,
            MinMemoryBandwidth = info.MinBandwidth,
            LocalMemoryBandwidthMonitoring = info.LocalMemoryBandwidthMonitoring,
            CodeDataPrioritization = info.CodeDataPrioritization,
            ShareableBits = info.ShareableBits,
            MemoryBandwidthDelayLinear = info.DelayLinear,
            MemoryBandwidthUnit = !info.MemoryBandwidthControl ? null : info.MemoryBandwidthUnit switch
            {
                MemoryBandwidthUnit.MegabytesPerSecond => "MBps",
                MemoryBandwidthUnit.EighthGigabytesPerSecond => "1/8GBps",
                _ => "percent",
            },
            MonitoringFeatures = info.MonitoringFeatures,
            NumRmids = info.NumRmids,
            CacheDomains = info.L3Domains,
            MemoryBandwidthDomains = info.MbDomains,
        };
        var metrics = new List<Metric>();
        void Feature(string name, bool on) => metrics.Add(new Metric(MetricCatalog.PlatformRdtFeature, on ? 1 : 0, LabelSet.From(("feature", name)).Merge(common)));
        Feature("cat_l3", info.CacheControl);
        Feature("cdp_l3", info.CodeDataPrioritization);
        Feature("mba", info.MemoryBandwidthControl);
        Feature("mba_mbps", info.MemoryBandwidthControl && info.MemoryBandwidthUnit == MemoryBandwidthUnit.MegabytesPerSecond);
        Feature("cmt", info.CacheMonitoring);
        Feature("mbm_total", info.MemoryBandwidthMonitoring);
        Feature("mbm_local", info.LocalMemoryBandwidthMonitoring);
        if (info.CbmMask is { } mask && long.TryParse(mask, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
            metrics.Add(new Metric(MetricCatalog.PlatformRdtCacheBitMask, bits, common));
        if (info.MinCbmBits is { } min) metrics.Add(new Metric(MetricCatalog.PlatformRdtMinCacheBits, min, common));
        if (info.NumClosids is { } closids) metrics.Add(new Metric(MetricCatalog.PlatformRdtClosids, closids, common));
        if (info.NumRmids is { } rmids) metrics.Add(new Metric(MetricCatalog.PlatformRdtRmids, rmids, common));
        if (info.BandwidthGranularity is { } gran) metrics.Add(new Metric(MetricCatalog.PlatformRdtMbGranularity, gran, common));
        if (info.MinBandwidth is { } minBw) metrics.Add(new Metric(MetricCatalog.PlatformRdtMbMinBandwidth, minBw, common));
        _metrics = [.. metrics];
    }

    /// <summary>The facts as the Platform object carries them.</summary>
    public RdtInformation Information { get; }

    public void AppendTo(MetricBatch batch)
    {
        foreach (var metric in _metrics) batch.Add(metric);
    }
}
