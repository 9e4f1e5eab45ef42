using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Wca.Api;
using Wca.Metrics;

namespace Wca.Measurement.Cgroups;

/// <summary>
/// A PSI file (cpu.pressure, memory.pressure, io.pressure):
/// "some avg10=0.12 avg60=0.05 avg300=0.01 total=123456" and the same for "full".
/// avg10 is a percentage (reported as a ratio), total is microseconds (reported as seconds).
/// </summary>
internal sealed class PressureFile(SafeFileHandle handle, string path, ILogger log, LabelSet[] someAndFullLevels)
    : CgroupFile(handle, path, log)
{
    protected override bool Parse(ReadOnlySpan<byte> content, TaskSample sample)
    {
        var clean = true;
        while (CgroupText.NextLine(ref content, out var line))
        {
            if (line.IsEmpty) continue;
            if (!CgroupText.Split(line, (byte)' ', out var kind, out var fields)) { clean = false; continue; }
            LabelSet levels;
            if (kind.SequenceEqual("some"u8)) levels = someAndFullLevels[0];
            else if (kind.SequenceEqual("full"u8)) levels = someAndFullLevels[1];
            else { clean = false; continue; }

            bool haveAvg = false, haveTotal = false;
            double avg10 = 0, total = 0;
            while (!fields.IsEmpty)
            {
                CgroupText.Split(fields, (byte)' ', out var field, out fields);
                if (!CgroupText.Split(field, (byte)'=', out var name, out var text)) continue;
                if (name.SequenceEqual("avg10"u8)) haveAvg = CgroupText.TryParseDecimal(text, out avg10);
                else if (name.SequenceEqual("total"u8)) haveTotal = CgroupText.TryParseInteger(text, out total);
            }
            if (haveAvg) sample.Add(MetricCatalog.TaskPressureAvg10Ratio, avg10 / 100, levels);
            if (haveTotal) sample.Add(MetricCatalog.TaskPressureStalledSeconds, total / 1e6, levels);
            clean &= haveAvg && haveTotal;
        }
        return clean;
    }
}
