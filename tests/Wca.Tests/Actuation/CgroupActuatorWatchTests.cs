using Wca.Api;
using Wca.Tests.TestSupport;
using static Wca.Tests.Actuation.Actuators;

namespace Wca.Tests.Actuation;

/// <summary>
/// The current allocations come from the kernel every iteration, though a file is read again only when it was
/// written (inotify) or its cgroup was made anew: on this host's real v1 cgroups.
/// </summary>
public sealed class CgroupActuatorWatchTests
{
    [Fact]
    public void A_value_written_by_anyone_is_read_at_the_next_iteration_and_an_unchanged_state_is_the_same_answer()
    {
        using var cg = TestCgroup.Create("watch");
        using var factory = Factory();
        using var actuator = factory.Create(Task(cg));
        var first = actuator.ReadCurrent();
        Assert.Equal(1024 / 1000.0, first.CpuShares);

        factory.BeginIteration();
        Assert.Same(first, actuator.ReadCurrent());

        WriteV1("cpu", cg.CgroupPath, "cpu.shares", "512");
        WriteV1("cpu", cg.CgroupPath, "cpu.cfs_quota_us", "50000");
        factory.BeginIteration();
        var changed = actuator.ReadCurrent();
        Assert.Equal(0.512, changed.CpuShares);
        Assert.Equal(50000.0 / 100000 / HostTopology().Cpus, changed.CpuQuota);

        // The agent's own writes are events too.
        actuator.Apply(new TaskAllocation { CpuShares = 2.0 }, dryRun: false);
        factory.BeginIteration();
        Assert.Equal(2.0, actuator.ReadCurrent().CpuShares);
    }

    [Fact]
    public void A_cgroup_removed_and_made_anew_under_the_same_path_is_read_again()
    {
        using var cg = TestCgroup.Create("anew");
        WriteV1("cpu", cg.CgroupPath, "cpu.shares", "512");
        using var factory = Factory();
        using var actuator = factory.Create(Task(cg));
        Assert.Equal(0.512, actuator.ReadCurrent().CpuShares);

        // Removing a cgroup raises no inotify event on its files: the new one has the default shares.
        foreach (var dir in cg.Directories) Directory.Delete(dir);
        foreach (var dir in cg.Directories) Directory.CreateDirectory(dir);
        factory.BeginIteration();

        Assert.Equal(1.024, actuator.ReadCurrent().CpuShares);
    }
}
