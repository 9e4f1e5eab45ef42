namespace Wca.Api;

/// <summary>One NUMA node.</summary>
/// <param name="Id">Node id (N in /sys/devices/system/node/nodeN).</param>
/// <param name="Cpus">Its online CPUs.</param>
/// <param name="FreeBytes">MemFree of the node.</param>
/// <param name="UsedBytes">MemUsed of the node.</param>
public sealed record NumaNode(int Id, IReadOnlyList<int> Cpus, long FreeBytes, long UsedBytes);
