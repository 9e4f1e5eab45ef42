using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Kernel;
using Wca.Kernel.Cgroups;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// A file holding one number (cpuacct.usage, memory.usage_in_bytes, memory.max with "max" = +Inf ...), divided by
/// <paramref name="divisor"/> for the metric's unit (a division, so the output is the shortest round-trip text: see KeyedValue).
/// </summary>
internal sealed class SingleValueFile(string path, int fd, ILogger log, MetricDescriptor descriptor, double divisor)
    : CgroupFile(path, fd, log)
{
    protected override bool Parse(ReadOnlySpan<byte> content, TaskSample sample)
    {
        if (!CgroupText.TryParseInteger(content, out var value)) return false;
        sample.Add(descriptor, value / divisor);
        return true;
    }
}
