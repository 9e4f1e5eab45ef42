using Wca.Actuation;
using Wca.Api;
using AllocationTypes = Wca.Actuation.AllocationTypes;
using Wca.Tests.TestSupport;
using static Wca.Tests.Actuation.Actuators;

namespace Wca.Tests.Actuation;

/// <summary>
/// cgroup v2 files (cpu.max, cpu.weight, cpuset.cpus/mems and their .effective). This host's cgroup2 tree offers no
/// cpu or cpuset controller, so a fixture tree stands in, holding what the kernel documents (Documentation/admin-guide/
/// cgroup-v2.rst): cpu.max "max 100000" by default, cpu.weight 100, an empty cpuset.cpus meaning the parent's.
/// </summary>
public sealed class CgroupActuatorV2Tests : IDisposable
{
    private const string Pod = "/kubepods/pod1";
    private readonly CgroupFixtureTree _tree = CgroupFixtureTree.PureV2();
    private readonly ActuationTopology _topology = new(2, new HashSet<int> { 0, 1 }, new HashSet<int> { 0 });

    public CgroupActuatorV2Tests()
    {
        foreach (var cgroup in new[] { Pod, Pod + "/c1" })
        {
            _tree.Write("", cgroup, "cpu.max", "max 100000\n");
            _tree.Write("", cgroup, "cpu.weight", "100\n");
            _tree.Write("", cgroup, "cpuset.cpus", "\n");
            _tree.Write("", cgroup, "cpuset.cpus.effective", "0-1\n");
            _tree.Write("", cgroup, "cpuset.mems", "\n");
            _tree.Write("", cgroup, "cpuset.mems.effective", "0\n");
        }
    }

    private ITaskActuator Create(ICgroupFileWriter? writer = null) =>
        Factory(writer: writer, cgroupRoot: _tree.Root, topology: _topology).Create(NodeTask.ForCgroup(Pod) with { SubcgroupPaths = [Pod + "/c1"] });

    public void Dispose() => _tree.Dispose();

    private string Read(string cgroup, string file) => File.ReadAllText(_tree.Root + cgroup + "/" + file).Trim();

    [Fact]
    public void Defaults_read_as_no_limit_default_weight_and_the_effective_cpuset()
    {
        using var actuator = Create();
        var failures = new List<AllocationFailure>();

        var current = actuator.ReadCurrent(failures);

        Assert.Empty(failures);
        Assert.Equal(new TaskAllocation { CpuQuota = 1.0, CpuShares = 1.024, CpusetCpus = "0-1", CpusetMems = "0", CpusetMemoryMigrate = true }, current);
    }

    [Fact]
    public void Quota_goes_to_cpu_max_of_the_pod_with_the_period_and_its_containers_get_max()
    {
        _tree.Write("", Pod + "/c1", "cpu.max", "20000 100000\n");
        using var actuator = Create();

        var outcome = actuator.Apply(new TaskAllocation { CpuQuota = 0.25 }, dryRun: false);

        Assert.Empty(outcome.Failures);
        Assert.Equal("50000 100000", Read(Pod, "cpu.max"));
        Assert.Equal("max 100000", Read(Pod + "/c1", "cpu.max"));
        Assert.Equal(0.25, actuator.ReadCurrent().CpuQuota);
    }

    [Fact]
    public void Shares_become_cpu_weight_by_the_kernels_conversion_and_read_back_through_its_inverse()
    {
        var writer = new CountingCgroupWriter();
        using var actuator = Create(writer);

        actuator.Apply(new TaskAllocation { CpuShares = 0.2 }, dryRun: false);

        Assert.Equal("20", Read(Pod, "cpu.weight")); // 200 × 100 / 1024 = 19.5 → 20
        Assert.Equal(0.205, actuator.ReadCurrent().CpuShares); // 20 × 1024 / 100 = 204.8 → 205 shares
        // Asking again for 0.2 finds weight 20 in place: nothing is written.
        Assert.Equal(AllocationOutcome.None, actuator.Apply(new TaskAllocation { CpuShares = 0.2 }, dryRun: false));
        Assert.Single(writer.Writes);
    }

    [Fact]
    public void Cpusets_are_written_to_the_pod_and_its_containers_and_memory_migrate_false_cannot_be_honoured()
    {
        using var actuator = Create();

        var outcome = actuator.Apply(new TaskAllocation { CpusetCpus = "1", CpusetMems = "0", CpusetMemoryMigrate = false }, dryRun: false);

        Assert.Equal(("1", "1", "0"), (Read(Pod, "cpuset.cpus"), Read(Pod + "/c1", "cpuset.cpus"), Read(Pod, "cpuset.mems")));
        var failure = Assert.Single(outcome.Failures);
        Assert.Equal(AllocationTypes.CpusetMemoryMigrate, failure.Type);
        Assert.StartsWith("cgroup v2 has no cpuset.memory_migrate: the kernel always moves a task's pages", failure.Reason);
        Assert.Empty(actuator.Apply(new TaskAllocation { CpusetMemoryMigrate = true }, dryRun: false).Failures);
    }
}
