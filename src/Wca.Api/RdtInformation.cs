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
}
