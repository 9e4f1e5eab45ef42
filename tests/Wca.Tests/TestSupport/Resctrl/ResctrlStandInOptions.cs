namespace Wca.Tests.TestSupport.Resctrl;

/// <summary>The machine a <see cref="ResctrlStandIn"/> plays: by default a 2-socket Skylake-SP with CAT, MBA, CMT and MBM.</summary>
public sealed record ResctrlStandInOptions
{
    public int Sockets { get; init; } = 2;
    public bool CacheControl { get; init; } = true;
    public string CbmMask { get; init; } = "fffff";
    public int MinCbmBits { get; init; } = 1;
    public string ShareableBits { get; init; } = "0";
    public int L3Closids { get; init; } = 16;
    public bool MemoryBandwidthControl { get; init; } = true;
    public int BandwidthGranularity { get; init; } = 10;
    public int MinBandwidth { get; init; } = 10;
    public int MbClosids { get; init; } = 8;
    public bool Monitoring { get; init; } = true;

    /// <summary>info/L3_MON/mon_features.</summary>
    public IReadOnlyList<string> MonitoringFeatures { get; init; } = ["llc_occupancy", "mbm_total_bytes", "mbm_local_bytes"];

    public int NumRmids { get; init; } = 224;

    /// <summary>Mounted with -o mba_MBps (written into the stand-in's mounts file).</summary>
    public bool MbaMbps { get; init; }

    /// <summary>vendor_id of the stand-in's cpuinfo file.</summary>
    public string CpuVendor { get; init; } = "GenuineIntel";
}
