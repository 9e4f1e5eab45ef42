using Wca.Measurement.Platform;

namespace Wca.Tests.Measurement.Platform;

public sealed class PlatformFactsTests
{
    [Fact]
    public void Reads_topology_model_and_host_from_the_tree()
    {
        using var fixture = new PlatformFixture();
        var facts = PlatformFacts.Read(fixture.Paths);
        Assert.Equal(new PlatformFacts(Environment.MachineName, 2, 4, 4, "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"), facts);
    }

    [Fact]
    public void Sibling_threads_share_a_core_and_an_unknown_model_is_named_so()
    {
        using var fixture = new PlatformFixture();
        // The reference example: cpu0 and cpu1 on (socket 0, core 0), cpu2 and cpu3 offline.
        fixture.Directory.Write("sys/devices/system/cpu/cpu1/topology/core_id", "0\n");
        fixture.Directory.Write("sys/devices/system/cpu/cpu2/online", "0\n");
        fixture.Directory.Write("sys/devices/system/cpu/cpu3/online", "0\n");
        fixture.Directory.Write("proc/cpuinfo", "processor\t: 0\n");
        var facts = PlatformFacts.Read(fixture.Paths);
        Assert.Equal((1, 1, 2, PlatformFacts.UnknownCpuModel), (facts.Sockets, facts.Cores, facts.Cpus, facts.CpuModel));
    }

    [Fact]
    public void This_machine_counts_every_online_cpu()
    {
        var facts = PlatformFacts.Read(Wca.Host.HostPaths.Default);
        Assert.Equal(Environment.ProcessorCount, facts.Cpus);
        Assert.False(string.IsNullOrEmpty(facts.Host));
    }

    [Fact]
    public void The_model_number_is_the_model_line_not_the_model_name()
    {
        using var fixture = new PlatformFixture();
        fixture.Directory.Write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\nmodel name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz\n");
        var facts = PlatformFacts.Read(fixture.Paths);
        Assert.Equal(("85", "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"), (facts.CpuModelNumber, facts.CpuModel));
    }

    [Fact]
    public void The_model_number_of_this_machine_is_its_cpuinfo_model()
    {
        var expected = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.Split(':')[0].Trim() == "model")?.Split(':')[1].Trim() ?? PlatformFacts.UnknownCpuModelNumber;
        Assert.Equal(expected, PlatformFacts.Read(Wca.Host.HostPaths.Default).CpuModelNumber);
    }
}
