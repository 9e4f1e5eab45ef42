using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Kernel;
using Wca.Kernel.Cgroups;

namespace Wca.Measurement.Cgroups;

/// <summary>A file holding one number (cpuacct.usage, memory.usage_in_bytes, memory.max with "max" = +Inf ...).</summary>
internal sealed class SingleValueFile(string path, int fd, ILogger log, MetricDescriptor descriptor, double scale)
    : CgroupFile(path, fd, log)
{
    protected override bool Parse(ReadOnlySpan<byte> content, TaskSample sample)
    {
        if (!CgroupText.TryParseInteger(content, out var value)) return false;
        sample.Add(descriptor, value * scale);
        return true;
    }
}
