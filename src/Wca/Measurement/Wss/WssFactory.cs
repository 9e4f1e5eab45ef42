using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Kernel.Cgroups;
using Wca.Measurement.Rdt;

namespace Wca.Measurement.Wss;

/// <summary>
/// Makes the working-set-size resource of each task (per task: a pod's processes are its containers'); a process
/// list is <c>cgroup.procs</c> (processes, not threads: smaps and clear_refs act on the whole address space). The
/// stability estimate is made with the task's RDT group's memory traffic: without RDT memory-bandwidth monitoring
/// that is said once, at start, with why and how to get it, and only the referenced bytes are measured.
/// </summary>
internal sealed partial class WssFactory : ITaskScopedResourceFactory
{
    private readonly CgroupLayout _layout;
    private readonly string _procRoot;
    private readonly WssOptions _options;
    private readonly RdtMonitoring? _bandwidth;

    /// <param name="rdt">RDT monitoring, registered before this factory so each task's bandwidth is read first; null when RDT is off.</param>
    /// <param name="withoutBandwidth">Why RDT is off (for the warning), when it is.</param>
    public WssFactory(CgroupLayout layout, string procRoot, WssOptions options, RdtMonitoring? rdt, string? withoutBandwidth, ILogger logger)
    {
        _layout = layout;
        _procRoot = procRoot;
        _options = options;
        if (!options.AsksForStability) return;
        if (rdt is { Info.MemoryBandwidthMonitoring: true }) _bandwidth = rdt;
        else
            Log.StabilityNeedsMemoryBandwidth(logger, options.StableCycles, options.MembwThreshold!.Value,
                rdt is null ? withoutBandwidth ?? "RDT is off" : $"resctrl at {rdt.Mount.Root} offers no mbm_total_bytes (info/L3_MON/mon_features): enable MBM with the kernel option rdt=mbmtotal on a CPU that has it");
    }

    public ITaskScopedResource? Open(NodeTask task)
    {
        if (_layout.TaskHierarchy is null) return null;
        WssStability? stability = null;
        MonitoredTask? bandwidth = null;
        if (_bandwidth is not null)
        {
            stability = new WssStability(_options.StableCycles, _options.MembwThreshold!.Value, resetOnStable: _options.ResetCycles == 0);
            bandwidth = _bandwidth.Find(task.CgroupPath);
        }
        return new WssResource(this, ProcsFiles(task), _procRoot, _options.ResetCycles, stability, bandwidth);
    }

    public void BeginIteration()
    {
    }

    /// <summary>The process lists of the task's cgroup and of a pod's containers.</summary>
    internal string[] ProcsFiles(NodeTask task) => TaskMemberFiles.Of(_layout.TaskHierarchy!, task, "cgroup.procs");
}
