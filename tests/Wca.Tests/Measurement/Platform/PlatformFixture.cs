using Wca.Host;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Platform;

/// <summary>
/// A fake /proc and /sys with known numbers: 4 online CPUs on 2 sockets (cpu4 offline), 2 NUMA nodes,
/// PSI for cpu (some only, as older kernels) and memory, no io.
/// </summary>
public sealed class PlatformFixture : IDisposable
{
    public const string Stat =
        "cpu  1000 0 0 0 0 0 0 0 0 0\n" +
        "cpu0 1 2 3 4 5 6 7 8 9 10\n" +
        "cpu1 100 100 100 100 100 100 100 0 0 0\n" +
        "cpu2 10 0 0 999 999 0 0 0 50 50\n" +
        "cpu3 0 0 0 0 0 0 0 7 0 0\n" +
        "intr 123 4 5\nctxt 999\nbtime 1700000000\n";

    public PlatformFixture()
    {
        Directory = new TestDirectory();
        Paths = new HostPaths(Directory.File("proc"), Directory.File("sys"), Directory.File("cgroup"), Directory.File("resctrl"));
        Directory.Write("proc/stat", Stat);
        Directory.Write("proc/meminfo",
            "MemTotal:       32815700 kB\nMemFree:        18245956 kB\nMemAvailable:   25000000 kB\n" +
            "Buffers:         1190812 kB\nCached:          6971960 kB\nSwapCached:        12345 kB\n");
        Directory.Write("proc/vmstat",
            "nr_free_pages 100\nnuma_hint_faults 11\nnuma_hint_faults_local 7\nnuma_pages_migrated 3\n" +
            "pgmigrate_success 5\npgmigrate_fail 1\npgfault 123456789\npgmajfault 42\n");
        Directory.Write("proc/pressure/cpu", "some avg10=2.04 avg60=1.46 avg300=0.94 total=4703042\n");
        Directory.Write("proc/pressure/memory",
            "some avg10=0.50 avg60=0.00 avg300=0.00 total=1500000\nfull avg10=0.25 avg60=0.00 avg300=0.00 total=250\n");
        Directory.Write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz\n\nprocessor\t: 1\nmodel name\t: other\n");
        (int Socket, int Core)[] topology = [(0, 0), (0, 1), (1, 0), (1, 1)];
        for (var cpu = 0; cpu < topology.Length; cpu++)
        {
            if (cpu > 0) Directory.Write($"sys/devices/system/cpu/cpu{cpu}/online", "1\n");
            Directory.Write($"sys/devices/system/cpu/cpu{cpu}/topology/physical_package_id", $"{topology[cpu].Socket}\n");
            Directory.Write($"sys/devices/system/cpu/cpu{cpu}/topology/core_id", $"{topology[cpu].Core}\n");
        }
        Directory.Write("sys/devices/system/cpu/cpu4/online", "0\n");
        Directory.Write("sys/devices/system/cpu/cpufreq/boost", "1\n");
        Directory.Write("sys/devices/system/node/node0/cpulist", "0-1\n");
        Directory.Write("sys/devices/system/node/node0/meminfo",
            "Node 0 MemTotal:       16000000 kB\nNode 0 MemFree:         9000000 kB\nNode 0 MemUsed:         7000000 kB\n");
        Directory.Write("sys/devices/system/node/node1/cpulist", "2-3\n");
        Directory.Write("sys/devices/system/node/node1/meminfo",
            "Node 1 MemTotal:       16000000 kB\nNode 1 MemFree:         1000 kB\nNode 1 MemUsed:         15999000 kB\n");
    }

    public TestDirectory Directory { get; }
    public HostPaths Paths { get; }

    public void Dispose() => Directory.Dispose();
}
