using System.Text;
using Wca.Actuation;
using Wca.Api;
using Wca.Host;
using Wca.Kernel;
using Wca.Kernel.Cgroups;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Actuation;

/// <summary>Actuators on this host's real cgroups (or a fixture tree), with its real topology.</summary>
internal static class Actuators
{
    /// <summary>This host's online CPUs and NUMA nodes, read from /sys.</summary>
    public static ActuationTopology HostTopology()
    {
        var online = KernelText.ParseCpuList(Encoding.ASCII.GetBytes(File.ReadAllText("/sys/devices/system/cpu/online"))).ToHashSet();
        var nodes = KernelText.ParseCpuList(Encoding.ASCII.GetBytes(File.ReadAllText("/sys/devices/system/node/online"))).ToHashSet();
        return new ActuationTopology(online.Count, online, nodes);
    }

    public static CgroupActuatorFactory Factory(RecordingLogger? logger = null, ICgroupFileWriter? writer = null, string procRoot = "/proc",
        AllocationConfiguration? configuration = null, string? cgroupRoot = null, ActuationTopology? topology = null) =>
        new(new CgroupFs(cgroupRoot ?? HostPaths.Default.CgroupRoot), configuration ?? new AllocationConfiguration(), topology ?? HostTopology(),
            logger ?? new RecordingLogger(), procRoot, writer);

    public static NodeTask Task(TestCgroup cgroup, params TestCgroup[] containers) => NodeTask.ForCgroup(cgroup.CgroupPath) with
    {
        SubcgroupPaths = containers.Select(c => c.CgroupPath).ToArray(),
    };

    /// <summary>The content of a v1 cgroup file of <paramref name="cgroupPath"/>, trimmed.</summary>
    public static string ReadV1(string hierarchy, string cgroupPath, string file)
    {
        var layout = CgroupLayout.Detect(HostPaths.Default.CgroupRoot);
        return File.ReadAllText(CgroupLayout.Join(layout.Controller(hierarchy)!, cgroupPath) + "/" + file).Trim();
    }

    public static void WriteV1(string hierarchy, string cgroupPath, string file, string value)
    {
        var layout = CgroupLayout.Detect(HostPaths.Default.CgroupRoot);
        File.WriteAllText(CgroupLayout.Join(layout.Controller(hierarchy)!, cgroupPath) + "/" + file, value);
    }

    /// <summary>CPU seconds the cgroup used (v1 cpuacct.usage, ns).</summary>
    public static double CpuSeconds(TestCgroup cgroup) => long.Parse(ReadV1("cpuacct", cgroup.CgroupPath, "cpuacct.usage")) / 1e9;
}
