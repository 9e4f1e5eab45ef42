using Microsoft.Extensions.Logging;

namespace Wca.Actuation;

/// <summary>What every actuator of a runner shares: the configuration, the platform, where the controllers are and how to write.</summary>
/// <param name="Cpu">The cpu controller (quota, shares); null when neither v1 nor cgroup2 has it.</param>
/// <param name="Cpuset">The cpuset controller; null when neither v1 nor cgroup2 has it.</param>
/// <param name="TaskHierarchy">The hierarchy whose cgroup.procs lists a task's processes (migrate_pages).</param>
/// <param name="ProcRoot">HostPaths.Proc (/proc/swaps).</param>
/// <param name="Watched">The watch over the files read every iteration.</param>
internal sealed record ActuationContext(
    AllocationConfiguration Configuration,
    ActuationTopology Topology,
    ControllerMount? Cpu,
    ControllerMount? Cpuset,
    string? TaskHierarchy,
    string ProcRoot,
    ICgroupFileWriter Writer,
    ILogger Logger,
    WatchedCgroupFiles Watched);
