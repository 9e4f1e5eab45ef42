using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Kernel.Cgroups;

namespace Wca.Actuation;

/// <summary>
/// Makes a <see cref="CgroupTaskActuator"/> per task on the agent's cgroup tree: v1 (cpu.cfs_quota_us,
/// cpu.cfs_period_us, cpu.shares, v1 cpuset), hybrid (v1 controllers win; a controller only in unified/ is written
/// there) or pure v2 (cpu.max, cpu.weight, cpuset.cpus/mems). The layout is looked at on the first
/// <see cref="Create"/>, not when the factory is made.
/// </summary>
internal sealed class CgroupActuatorFactory : ITaskActuatorFactory, IDisposable
{
    private readonly Lazy<ActuationContext> _context;

    /// <param name="cgroups">The agent's cgroup tree (AgentServices.Cgroups).</param>
    /// <param name="configuration">allocation_configuration (period, shares unit).</param>
    /// <param name="topology">Online CPUs and NUMA nodes (from the platform at start, as the original).</param>
    /// <param name="logger">Drift and clamp warnings.</param>
    /// <param name="procRoot">HostPaths.Proc, for /proc/swaps.</param>
    /// <param name="writer">The cgroup writes (tests count them); default the kernel's.</param>
    public CgroupActuatorFactory(CgroupFs cgroups, AllocationConfiguration configuration, ActuationTopology topology, ILogger logger,
        string procRoot = "/proc", ICgroupFileWriter? writer = null)
    {
        _context = new Lazy<ActuationContext>(() => new ActuationContext(
            configuration, topology,
            ControllerMount.Find(cgroups.Layout, "cpu"),
            ControllerMount.Find(cgroups.Layout, "cpuset"),
            cgroups.Layout.TaskHierarchy,
            procRoot,
            writer ?? KernelCgroupFileWriter.Instance,
            logger,
            new WatchedCgroupFiles(logger)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Where the controllers were found (detected on first use).</summary>
    public ActuationContext Context => _context.Value;

    public ITaskActuator Create(NodeTask task) => new CgroupTaskActuator(task, _context.Value);

    /// <inheritdoc/>
    public void BeginIteration()
    {
        if (_context.IsValueCreated) _context.Value.Watched.Refresh();
    }

    public void Dispose()
    {
        if (_context.IsValueCreated) _context.Value.Watched.Dispose();
    }
}
