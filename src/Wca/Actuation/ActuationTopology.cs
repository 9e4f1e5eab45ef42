using Wca.Api;

namespace Wca.Actuation;

/// <summary>
/// What of the platform the actuators need: the online CPU count (1.0 cpu_quota = all of them, as the original),
/// the online CPU ids and NUMA node ids that cpusets and migrate_pages are checked against.
/// </summary>
internal sealed record ActuationTopology(int Cpus, IReadOnlySet<int> OnlineCpus, IReadOnlySet<int> NumaNodes)
{
    /// <summary>From the platform as collected (a platform without NUMA information has node 0).</summary>
    public static ActuationTopology From(Platform platform) => new(
        Math.Max(1, platform.Cpus),
        platform.OnlineCpus.ToHashSet(),
        platform.NumaNodes.Count > 0 ? platform.NumaNodes.Select(n => n.Id).ToHashSet() : new HashSet<int> { 0 });
}
