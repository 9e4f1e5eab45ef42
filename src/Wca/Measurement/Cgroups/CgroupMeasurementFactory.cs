using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Kernel.Cgroups;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// Opens a measurement source per task cgroup, in the layout (v1, v2 or hybrid) the agent's <see cref="CgroupFs"/>
/// detected (the runner makes the factory when it starts, so the layout is logged then).
/// </summary>
internal sealed partial class CgroupMeasurementFactory : ITaskResourceFactory
{
    private readonly ILogger _logger;
    private readonly IReadOnlySet<MetricDescriptor>? _only;

    /// <param name="only">The task metrics to produce (null = every cgroup metric).</param>
    public CgroupMeasurementFactory(CgroupFs cgroups, ILogger logger, IReadOnlySet<MetricDescriptor>? only = null)
    {
        _logger = logger;
        _only = only;
        Layout = cgroups.Layout;
        Log.Layout(logger, Layout.Kind, Layout.Cpu ?? "-", Layout.Cpuacct ?? "-", Layout.Memory ?? "-", Layout.Unified ?? "-");
        if (Layout.Hierarchies.Count == 0) Log.NoHierarchy(logger, cgroups.Root);
    }

    public CgroupLayout Layout { get; }

    /// <summary>Opens the source for a task cgroup path (leading '/'); never throws for a missing cgroup (Collect returns false).</summary>
    public CgroupMeasurementSource Open(string cgroupPath) => CgroupMeasurementSource.Open(Layout, cgroupPath, _logger, _only);

    ITaskResource? ITaskResourceFactory.Open(string cgroupPath) => Open(cgroupPath);
}
