namespace Wca.Api;

/// <summary>What the node looks like this iteration; handed to detectors and allocators.</summary>
/// <param name="Sockets">Distinct physical packages of online CPUs.</param>
/// <param name="Cores">Distinct (socket, core) pairs of online CPUs.</param>
/// <param name="Cpus">Online logical CPUs.</param>
/// <param name="CpuModel">"model name" from /proc/cpuinfo, or "unknown_cpu_model".</param>
/// <param name="CpuUsage">Per logical CPU busy time in USER_HZ ticks (/proc/stat).</param>
/// <param name="TotalMemoryUsedBytes">MemTotal - MemFree - Buffers - Cached (/proc/meminfo).</param>
/// <param name="NumaNodes">NUMA nodes with their CPUs and memory.</param>
/// <param name="Timestamp">When the reads finished.</param>
/// <param name="Rdt">Intel RDT capabilities, when RDT is enabled.</param>
public sealed record Platform(
    int Sockets,
    int Cores,
    int Cpus,
    string CpuModel,
    IReadOnlyDictionary<int, long> CpuUsage,
    long TotalMemoryUsedBytes,
    IReadOnlyList<NumaNode> NumaNodes,
    DateTimeOffset Timestamp,
    RdtInformation? Rdt = null);

/// <summary>One NUMA node.</summary>
public sealed record NumaNode(int Id, IReadOnlyList<int> Cpus, long FreeBytes, long UsedBytes);

/// <summary>Intel RDT (resctrl) capabilities of the platform.</summary>
public sealed record RdtInformation(
    bool CacheMonitoring,
    bool MemoryBandwidthMonitoring,
    bool CacheControl,
    bool MemoryBandwidthControl,
    string? CacheBitMask,
    int? MinCacheBits,
    int? NumClosids,
    int? MemoryBandwidthGranularity,
    int? MinMemoryBandwidth);
