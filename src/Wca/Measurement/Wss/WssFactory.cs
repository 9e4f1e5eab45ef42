using Microsoft.Extensions.Logging;
using Wca.Kernel.Cgroups;

namespace Wca.Measurement.Wss;

/// <summary>
/// Makes the working-set-size resource of each task cgroup: its process list is <c>cgroup.procs</c> (processes, not
/// threads: smaps and clear_refs act on the whole address space). Says once, at start, that the stability estimate
/// cannot be made yet.
/// </summary>
internal sealed partial class WssFactory : ITaskResourceFactory
{
    private readonly CgroupLayout _layout;
    private readonly string _procRoot;
    private readonly WssOptions _options;

    public WssFactory(CgroupLayout layout, string procRoot, WssOptions options, ILogger logger)
    {
        _layout = layout;
        _procRoot = procRoot;
        _options = options;
        // The original checks for task_mem_bandwidth_bytes each cycle; RDT monitoring is not built yet, so it is never there.
        if (options.AsksForStability) Log.StabilityNeedsMemoryBandwidth(logger, options.StableCycles, options.MembwThreshold!.Value);
    }

    public ITaskResource? Open(string cgroupPath)
    {
        var hierarchy = _layout.TaskHierarchy;
        if (hierarchy is null) return null;
        return new WssResource(Path.Combine(CgroupLayout.Join(hierarchy, cgroupPath), "cgroup.procs"), _procRoot, _options.ResetCycles);
    }
}
