namespace Wca.Api;

/// <summary>
/// What the node looks like this iteration; handed to detectors and allocators. Immutable: a plugin may keep it
/// across iterations. New properties may be added in later versions without breaking compiled plugins.
/// </summary>
public sealed record Platform
{
    /// <summary>Distinct physical packages of online CPUs.</summary>
    public int Sockets { get; init; }

    /// <summary>Distinct (socket, core) pairs of online CPUs.</summary>
    public int Cores { get; init; }

    /// <summary>Online logical CPUs.</summary>
    public int Cpus { get; init; }

    /// <summary>Ids of the online logical CPUs, ascending.</summary>
    public IReadOnlyList<int> OnlineCpus { get; init; } = [];

    /// <summary>"model name" from /proc/cpuinfo, or "unknown_cpu_model".</summary>
    public string CpuModel { get; init; } = "unknown_cpu_model";

    /// <summary>Per logical CPU busy time in USER_HZ ticks (/proc/stat), by CPU id.</summary>
    public IReadOnlyDictionary<int, long> CpuUsage { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<int, long>.Empty;

    /// <summary>MemTotal - MemFree - Buffers - Cached (/proc/meminfo), bytes.</summary>
    public long TotalMemoryUsedBytes { get; init; }

    /// <summary>NUMA nodes with their CPUs and memory.</summary>
    public IReadOnlyList<NumaNode> NumaNodes { get; init; } = [];

    /// <summary>When the iteration's reads were made (the agent's clock).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Intel RDT capabilities, when RDT is enabled.</summary>
    public RdtInformation? Rdt { get; init; }
}
