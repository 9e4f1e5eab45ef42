using Microsoft.Extensions.Logging;
using Wca.Kernel;
using Wca.Kernel.Cgroups;

namespace Wca.Measurement.Cgroups;

/// <summary>A flat keyed file of "key value" lines (cpu.stat, memory.stat): only the wanted keys are parsed.</summary>
internal sealed class KeyedValuesFile(string path, int fd, ILogger log, KeyedValue[] wanted)
    : CgroupFile(path, fd, log)
{
    protected override bool Parse(ReadOnlySpan<byte> content, TaskSample sample)
    {
        var clean = true;
        while (KernelText.NextLine(ref content, out var line))
        {
            if (!CgroupText.Split(line, (byte)' ', out var key, out var text)) continue;
            foreach (var w in wanted)
            {
                if (!key.SequenceEqual(w.Key)) continue;
                if (CgroupText.TryParseInteger(text, out var value)) sample.Add(w.Descriptor, value / w.Divisor);
                else clean = false;
                break;
            }
        }
        return clean;
    }
}
