using Wca.Host;

namespace Wca.Measurement.Platform;

/// <summary>Static platform facts read once at start-up: the common labels and wca_information carry them.</summary>
public sealed record PlatformFacts(string Host, int Sockets, int Cores, int Cpus, string CpuModel)
{
    public const string UnknownCpuModel = "unknown_cpu_model";

    public static PlatformFacts Read(HostPaths paths)
    {
        var topology = CpuTopology.Read(paths);
        return new PlatformFacts(Environment.MachineName, topology.Sockets, topology.Cores, topology.Cpus, ReadCpuModel(paths));
    }

    /// <summary>The first "model name" of /proc/cpuinfo: the text after the colon and its following whitespace.</summary>
    public static string ReadCpuModel(HostPaths paths)
    {
        try
        {
            foreach (var line in File.ReadLines(paths.ProcFile("cpuinfo")))
            {
                if (!line.StartsWith("model name", StringComparison.Ordinal)) continue;
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? UnknownCpuModel : line[(colon + 1)..].TrimStart(' ', '\t');
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return UnknownCpuModel;
    }
}
