using Wca.Host;

namespace Wca.Measurement.Perf;

/// <summary>The CPU generations the final release has predefined raw events for (later-versions.md §4.3).</summary>
public enum CpuCodeName
{
    Unknown,
    Broadwell,
    Skylake,
    CascadeLake,
}

/// <summary>Which <see cref="CpuCodeName"/> this host is, from /proc/cpuinfo (vendor, family 6, model, stepping), as the final release decides.</summary>
internal static class CpuCodeNames
{
    public static CpuCodeName Detect(HostPaths paths)
    {
        string? vendor = null, family = null, model = null, stepping = null;
        try
        {
            foreach (var line in File.ReadLines(paths.ProcFile("cpuinfo")))
            {
                if (line.Length == 0) break; // the first CPU's block is enough
                var colon = line.IndexOf(':');
                if (colon < 0) continue;
                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                switch (key)
                {
                    case "vendor_id": vendor ??= value; break;
                    case "cpu family": family ??= value; break;
                    case "model": model ??= value; break;
                    case "stepping": stepping ??= value; break;
                }
            }
        }
        catch (IOException)
        {
            return CpuCodeName.Unknown;
        }
        catch (UnauthorizedAccessException)
        {
            return CpuCodeName.Unknown;
        }
        if (vendor != "GenuineIntel" || family != "6" || !int.TryParse(model, out var m)) return CpuCodeName.Unknown;
        _ = int.TryParse(stepping, out var s);
        return Classify(m, s);
    }

    /// <summary>Family-6 Intel model and stepping to a code name (0x55 stepping 5 and above is Cascade Lake).</summary>
    public static CpuCodeName Classify(int model, int stepping) => model switch
    {
        0x3D or 0x47 or 0x4F or 0x56 => CpuCodeName.Broadwell,
        0x4E or 0x5E => CpuCodeName.Skylake,
        0x55 => stepping >= 5 ? CpuCodeName.CascadeLake : CpuCodeName.Skylake,
        _ => CpuCodeName.Unknown,
    };
}
