using Wca.Hosting;

namespace Wca.Runners;

/// <summary>MERGE placeholder: static platform facts used for labels.</summary>
public sealed record PlatformFacts(string Host, int Sockets, int Cores, int Cpus, string CpuModel)
{
    public static PlatformFacts Read(HostPaths paths) => throw new NotImplementedException(paths.Proc);
}
