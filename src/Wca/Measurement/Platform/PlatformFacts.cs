using Wca.Host;

namespace Wca.Measurement.Platform;

/// <summary>Static platform facts read once at start-up: wca_information (and, with include_optional_labels, every metric) carries them.</summary>
/// <param name="CpuModelNumber">The first "model" of /proc/cpuinfo (the final release's cpu_model_number label).</param>
public sealed record PlatformFacts(string Host, int Sockets, int Cores, int Cpus, string CpuModel, string CpuModelNumber = PlatformFacts.UnknownCpuModelNumber)
{
    public const string UnknownCpuModel = "unknown_cpu_model";
    public const string UnknownCpuModelNumber = "unknown";

    public static PlatformFacts Read(HostPaths paths)
    {
        var topology = CpuTopology.Read(paths);
        return new PlatformFacts(Environment.MachineName, topology.Sockets, topology.Cores, topology.Cpus, ReadCpuModel(paths),
            CpuInfoField(paths, "model") ?? UnknownCpuModelNumber);
    }

    /// <summary>The first "model name" of /proc/cpuinfo: the text after the colon and its following whitespace.</summary>
    public static string ReadCpuModel(HostPaths paths) => CpuInfoField(paths, "model name") ?? UnknownCpuModel;

    /// <summary>The value of the first /proc/cpuinfo line whose key is exactly <paramref name="key"/>; null when there is none.</summary>
    private static string? CpuInfoField(HostPaths paths, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(paths.ProcFile("cpuinfo")))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0 || !line.AsSpan(0, colon).TrimEnd(" \t").SequenceEqual(key)) continue;
                return line[(colon + 1)..].Trim(' ', '\t');
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return null;
    }
}
