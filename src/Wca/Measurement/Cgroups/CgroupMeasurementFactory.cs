using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host;

using Wca.Kernel;
using Wca.Kernel.Cgroups;
namespace Wca.Measurement.Cgroups;

/// <summary>
/// Detects the cgroup layout once (v1, v2 or hybrid, under HostPaths.CgroupRoot) and opens a
/// measurement source per task cgroup.
/// </summary>
public sealed class CgroupMeasurementFactory
{
    private readonly ILogger _logger;
    private readonly IReadOnlySet<MetricDescriptor>? _only;

    /// <param name="only">The task metrics to produce (null = every cgroup metric).</param>
    public CgroupMeasurementFactory(HostPaths paths, ILogger logger, IReadOnlySet<MetricDescriptor>? only = null)
    {
        _logger = logger;
        _only = only;
        Layout = CgroupLayout.Detect(paths.CgroupRoot);
        logger.LogInformation("Cgroups: {Kind} (cpu: {Cpu}, cpuacct: {Cpuacct}, memory: {Memory}, unified: {Unified})",
            Layout.Kind, Layout.Cpu ?? "-", Layout.Cpuacct ?? "-", Layout.Memory ?? "-", Layout.Unified ?? "-");
        if (Layout.Cpu is null && Layout.Cpuacct is null && Layout.Memory is null && Layout.Unified is null)
            logger.LogWarning("No cgroup hierarchy found under {Root}: tasks cannot be measured", paths.CgroupRoot);
    }

    public CgroupLayout Layout { get; }

    /// <summary>Opens the source for a task cgroup path (leading '/'); never throws for a missing cgroup (Collect returns false).</summary>
    public ITaskMeasurementSource Open(string cgroupPath) => CgroupMeasurementSource.Open(Layout, cgroupPath, _logger, _only);
}
