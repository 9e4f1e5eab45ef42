namespace Wca.Api;

/// <summary>Intel RDT (resctrl) capabilities of the platform.</summary>
public sealed record RdtInformation
{
    /// <summary>Cache occupancy monitoring (CMT).</summary>
    public bool CacheMonitoring { get; init; }

    /// <summary>Memory bandwidth monitoring (MBM).</summary>
    public bool MemoryBandwidthMonitoring { get; init; }

    /// <summary>Cache allocation (CAT).</summary>
    public bool CacheControl { get; init; }

    /// <summary>Memory bandwidth allocation (MBA).</summary>
    public bool MemoryBandwidthControl { get; init; }

    /// <summary>info/L3/cbm_mask.</summary>
    public string? CacheBitMask { get; init; }

    /// <summary>info/L3/min_cbm_bits.</summary>
    public int? MinCacheBits { get; init; }

    /// <summary>info/*/num_closids.</summary>
    public int? NumClosids { get; init; }

    /// <summary>info/MB/bandwidth_gran.</summary>
    public int? MemoryBandwidthGranularity { get; init; }

    /// <summary>info/MB/min_bandwidth.</summary>
    public int? MinMemoryBandwidth { get; init; }

    /// <summary>MBM local (mbm_local_bytes): the local/remote split of memory bandwidth.</summary>
    public bool LocalMemoryBandwidthMonitoring { get; init; }

    /// <summary>Code/data prioritisation is on (L3CODE/L3DATA lines instead of L3).</summary>
    public bool CodeDataPrioritization { get; init; }

    /// <summary>info/L3/shareable_bits (hex): bits other agents (I/O) may also use.</summary>
    public string? ShareableBits { get; init; }

    /// <summary>info/MB/delay_linear; null when the platform has no such file.</summary>
    public bool? MemoryBandwidthDelayLinear { get; init; }

    /// <summary>What MB values mean: "percent" (Intel default), "MBps" (mounted with mba_MBps) or "1/8GBps" (AMD).</summary>
    public string? MemoryBandwidthUnit { get; init; }

    /// <summary>info/L3_MON/mon_features (llc_occupancy, mbm_total_bytes, mbm_local_bytes ...).</summary>
    public IReadOnlyList<string> MonitoringFeatures { get; init; } = [];

    /// <summary>info/L3_MON/num_rmids: how many monitoring groups can exist.</summary>
    public int? NumRmids { get; init; }

    /// <summary>The L3 domain ids of the root schemata (cache ids; one per socket on Intel).</summary>
    public IReadOnlyList<int> CacheDomains { get; init; } = [];

    /// <summary>The MB domain ids of the root schemata.</summary>
    public IReadOnlyList<int> MemoryBandwidthDomains { get; init; } = [];
}
