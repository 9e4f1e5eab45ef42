using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Hosting;

namespace Wca.Measurement.Platform;

/// <summary>
/// Reads the platform (topology, /proc/stat, /proc/meminfo, NUMA, vmstat, PSI) every iteration and
/// appends platform_* metrics, labelled with the common labels merged once per series.
/// </summary>
public sealed class PlatformCollector : IDisposable
{
    public PlatformCollector(HostPaths paths, LabelSet commonLabels, ILogger logger) => _ = (paths, commonLabels, logger);

    /// <summary>Collects the platform; appends its metrics to <paramref name="metrics"/>. Throws only if nothing could be read.</summary>
    public Wca.Api.Platform Collect(MetricBatch metrics) => throw new NotImplementedException();

    public void Dispose() { }
}
