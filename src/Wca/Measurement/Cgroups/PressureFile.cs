using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Measurement.Catalog;
using Wca.Kernel;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// A cgroup2 PSI file (cpu.pressure, memory.pressure, io.pressure): a "some" and a "full" <see cref="PressureLine"/>.
/// </summary>
internal sealed class PressureFile(string path, int fd, ILogger log, LabelSet[] someAndFullLevels)
    : CgroupFile(path, fd, log)
{
    protected override bool Parse(ReadOnlySpan<byte> content, TaskSample sample)
    {
        var clean = true;
        while (KernelText.NextLine(ref content, out var line))
        {
            if (line.IsEmpty) continue;
            if (!PressureLine.TryParse(line, out var psi)) { clean = false; continue; }
            var levels = someAndFullLevels[psi.Kind];
            if (psi.Avg10Ratio is { } avg10) sample.Add(MetricCatalog.TaskPressureAvg10Ratio, avg10, levels);
            if (psi.StalledSeconds is { } stalled) sample.Add(MetricCatalog.TaskPressureStalledSeconds, stalled, levels);
            clean &= psi.Avg10Ratio.HasValue && psi.StalledSeconds.HasValue;
        }
        return clean;
    }
}
