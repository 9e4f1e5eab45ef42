using Microsoft.Extensions.Logging;
using Wca.Hosting;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// Detects the cgroup layout once (v1, v2 or hybrid, under HostPaths.CgroupRoot) and opens a
/// measurement source per task cgroup.
/// </summary>
public sealed class CgroupMeasurementFactory
{
    public CgroupMeasurementFactory(HostPaths paths, ILogger logger) => _ = (paths, logger);

    /// <summary>Opens the source for a task cgroup path (leading '/'); never throws for a missing cgroup (Collect returns false).</summary>
    public ITaskMeasurementSource Open(string cgroupPath) => throw new NotImplementedException();
}
