namespace Wca.Kernel.Resctrl;

/// <summary>What the numbers of an MB schemata line mean (resctrl.rst, "Memory bandwidth Allocation and monitoring").</summary>
public enum MemoryBandwidthUnit
{
    /// <summary>Intel's default: a percentage of the peak bandwidth, in steps of bandwidth_gran from min_bandwidth.</summary>
    Percent,

    /// <summary>Mounted with <c>-o mba_MBps</c>: the MBA software controller takes a limit in MiB/s ("Memory bandwidth Allocation specified in MiB/s").</summary>
    MegabytesPerSecond,

    /// <summary>AMD: an absolute bandwidth in multiples of one eighth GB/s (2048 = unlimited).</summary>
    EighthGigabytesPerSecond,
}
