using Microsoft.Extensions.Logging;
using Wca.Actuation;
using Wca.Api;
using AllocationTypes = Wca.Actuation.AllocationTypes;
using Wca.Tests.TestSupport;
using static Wca.Tests.Actuation.Actuators;

namespace Wca.Tests.Actuation;

/// <summary>
/// What the actuators read and write, on this host's real v1 cgroups: values read back after a restart, only what
/// differs written, drift restored and named, pods, a v1 child cpuset outside its parent, dry run, bad values.
/// </summary>
public sealed class CgroupActuatorStateTests
{
    [Fact]
    public void An_operator_changing_the_quota_behind_the_agents_back_is_restored_as_drift_and_the_log_names_the_file()
    {
        using var cg = TestCgroup.Create("drift");
        var logger = new RecordingLogger();
        using var actuator = Factory(logger).Create(Task(cg));
        var target = new TaskAllocation { CpuQuota = 0.25 };
        var first = actuator.Apply(target, dryRun: false);
        Assert.All(first.Changes, c => Assert.False(c.WasDrift));
        Assert.Contains(first.Changes, c => c.File.EndsWith("/cpu.cfs_quota_us", StringComparison.Ordinal) && c.New == "50000");

        WriteV1("cpu", cg.CgroupPath, "cpu.cfs_quota_us", "30000");
        var second = actuator.Apply(target, dryRun: false);

        var change = Assert.Single(second.Changes);
        Assert.Equal((AllocationTypes.CpuQuota, "30000", "50000", true), (change.Type, change.Old, change.New, change.WasDrift));
        Assert.EndsWith(cg.CgroupPath + "/cpu.cfs_quota_us", change.File, StringComparison.Ordinal);
        Assert.Equal("50000", ReadV1("cpu", cg.CgroupPath, "cpu.cfs_quota_us"));
        var warning = Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains(change.File, warning.Message);
        Assert.Contains("behind the agent's back", warning.Message);
        Assert.Equal(AllocationOutcome.None, actuator.Apply(target, dryRun: false));
    }

    [Fact]
    public void A_new_actuator_on_an_applied_cgroup_reads_the_applied_values_and_writes_nothing()
    {
        using var cg = CpusetTestCgroup.Create("restart");
        var target = new TaskAllocation { CpuQuota = 0.25, CpuShares = 0.5, CpusetCpus = "0", CpusetMems = "0", CpusetMemoryMigrate = true };
        using (var before = Factory().Create(NodeTask.ForCgroup(cg.CgroupPath)))
        {
            var applied = before.Apply(target, dryRun: false);
            Assert.Empty(applied.Failures);
            Assert.Contains(applied.Changes, c => c.Type == AllocationTypes.CpusetCpus);
        }

        var writer = new CountingCgroupWriter();
        using var after = Factory(writer: writer).Create(NodeTask.ForCgroup(cg.CgroupPath));
        var current = after.ReadCurrent();
        var outcome = after.Apply(target, dryRun: false);

        Assert.Equal(target with { MigratePages = null }, current);
        Assert.Equal(AllocationOutcome.None, outcome);
        Assert.Empty(writer.Writes);
    }

    [Fact]
    public void Only_the_values_that_differ_from_the_kernel_are_written_and_a_relative_change_of_two_percent_is_applied()
    {
        using var cg = TestCgroup.Create("delta");
        var writer = new CountingCgroupWriter();
        using var actuator = Factory(writer: writer).Create(Task(cg));
        actuator.Apply(new TaskAllocation { CpuQuota = 0.5, CpuShares = 1.0 }, dryRun: false);
        var afterFirst = writer.Writes.Count;

        // 0.51 is 2 % more: a new quota (the original's absolute 0.05 would have swallowed it); the shares stay.
        var outcome = actuator.Apply(new TaskAllocation { CpuQuota = 0.51, CpuShares = 1.0 }, dryRun: false);

        var change = Assert.Single(outcome.Changes);
        Assert.Equal(("100000", "102000"), (change.Old, change.New));
        Assert.Equal(afterFirst + 1, writer.Writes.Count);
        // Float jitter far below the tolerance writes nothing.
        Assert.Equal(AllocationOutcome.None, actuator.Apply(new TaskAllocation { CpuQuota = 0.5100001 }, dryRun: false));
    }

    [Fact]
    public void A_pod_gets_the_limit_and_its_containers_are_set_unlimited_shares_go_to_the_pod_only()
    {
        using var pod = TestCgroup.Create("pod");
        var a = pod.CreateChild("a");
        var b = pod.CreateChild("b");
        WriteV1("cpu", a.CgroupPath, "cpu.cfs_quota_us", "20000");
        using var actuator = Factory().Create(Task(pod, a, b));

        var outcome = actuator.Apply(new TaskAllocation { CpuQuota = 0.25, CpuShares = 0.5 }, dryRun: false);

        Assert.Empty(outcome.Failures);
        Assert.Equal("50000", ReadV1("cpu", pod.CgroupPath, "cpu.cfs_quota_us"));
        Assert.Equal(["-1", "-1"], new[] { a, b }.Select(c => ReadV1("cpu", c.CgroupPath, "cpu.cfs_quota_us")));
        Assert.Equal("500", ReadV1("cpu", pod.CgroupPath, "cpu.shares"));
        Assert.Equal("1024", ReadV1("cpu", a.CgroupPath, "cpu.shares"));
        Assert.Equal(0.25, actuator.ReadCurrent().CpuQuota!.Value, 6);
    }

    [Fact]
    public void A_v1_child_cpuset_outside_its_parents_is_refused_with_the_rule_in_the_operators_terms()
    {
        using var parent = CpusetTestCgroup.Create("parent");
        File.WriteAllText(parent.Directory + "/cpuset.cpus", "0");
        var child = parent.CreateChild("child");
        using var actuator = Factory().Create(NodeTask.ForCgroup(child.CgroupPath));

        var outcome = actuator.Apply(new TaskAllocation { CpusetCpus = "0-1" }, dryRun: false);

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal(AllocationTypes.CpusetCpus, failure.Type);
        Assert.Contains("on cgroup v1 a child's cpuset must stay inside its parent's", failure.Reason);
        Assert.Contains($"{parent.Directory} has cpuset.cpus \"0\"", failure.Reason);
        Assert.Empty(outcome.Changes);
        Assert.Equal("0", File.ReadAllText(child.Directory + "/cpuset.cpus").Trim());
    }

    [Fact]
    public void A_pods_cpuset_is_narrowed_containers_first_and_widened_pod_first_as_v1_requires()
    {
        using var pod = CpusetTestCgroup.Create("podset");
        var container = pod.CreateChild("c");
        var task = NodeTask.ForCgroup(pod.CgroupPath) with { SubcgroupPaths = [container.CgroupPath] };
        using var actuator = Factory().Create(task);

        var narrowed = actuator.Apply(new TaskAllocation { CpusetCpus = "0" }, dryRun: false);

        Assert.Empty(narrowed.Failures);
        Assert.Equal([container.Directory + "/cpuset.cpus", pod.Directory + "/cpuset.cpus"], narrowed.Changes.Select(c => c.File));
        var widened = actuator.Apply(new TaskAllocation { CpusetCpus = "0-1" }, dryRun: false);
        Assert.Empty(widened.Failures);
        Assert.Equal([pod.Directory + "/cpuset.cpus", container.Directory + "/cpuset.cpus"], widened.Changes.Select(c => c.File));
        Assert.Equal("0-1", File.ReadAllText(container.Directory + "/cpuset.cpus").Trim());
    }

    [Fact]
    public void Narrowing_a_v1_cpuset_below_a_child_it_does_not_manage_is_refused_with_the_rule()
    {
        using var parent = CpusetTestCgroup.Create("busy");
        var child = parent.CreateChild("other");
        File.WriteAllText(child.Directory + "/cpuset.cpus", "1");
        using var actuator = Factory().Create(NodeTask.ForCgroup(parent.CgroupPath));

        var failure = Assert.Single(actuator.Apply(new TaskAllocation { CpusetCpus = "0" }, dryRun: false).Failures);

        Assert.Contains($"a child cgroup of {parent.Directory} uses CPUs outside it, and on cgroup v1 a child's cpuset must stay inside its parent's", failure.Reason);
    }

    [Fact]
    public void A_dry_run_reports_the_changes_and_writes_nothing()
    {
        using var cg = TestCgroup.Create("dry");
        var writer = new CountingCgroupWriter();
        using var actuator = Factory(writer: writer).Create(Task(cg));

        var outcome = actuator.Apply(new TaskAllocation { CpuQuota = 0.25, CpuShares = 0.3 }, dryRun: true);

        // The period is already the kernel's default 100000 µs: only the quota and the shares would change.
        Assert.Equal("100000", ReadV1("cpu", cg.CgroupPath, "cpu.cfs_period_us"));
        Assert.Equal(["50000", "300"], outcome.Changes.Select(c => c.New));
        Assert.Empty(writer.Writes);
        Assert.Equal("-1", ReadV1("cpu", cg.CgroupPath, "cpu.cfs_quota_us"));
    }

    [Fact]
    public void Values_outside_the_platform_are_refused_one_by_one_and_the_valid_one_still_applies()
    {
        using var cg = CpusetTestCgroup.Create("invalid");
        var logger = new RecordingLogger();
        using var actuator = Factory(logger).Create(NodeTask.ForCgroup(cg.CgroupPath));

        var outcome = actuator.Apply(new TaskAllocation { CpuQuota = 0.0, CpusetCpus = "0,7", CpusetMems = "1-3", MigratePages = 4, Rdt = new RdtAllocation() }, dryRun: false);

        Assert.Equal(
            [
                (AllocationTypes.CpusetCpus, "CPU 7 of \"0,7\" is not online (the node has 0-1)"),
                (AllocationTypes.CpusetMems, "NUMA nodes 1-3 of \"1-3\" are not present (the node has 0)"),
                (AllocationTypes.MigratePages, "NUMA node 4 does not exist (the node has 0)"),
                (AllocationTypes.Rdt, "rdt is not a cgroup value: RDT is not enabled, so no resctrl actuator wraps this one"),
            ],
            outcome.Failures.Select(f => (f.Type, f.Reason)));
        // cpu_quota 0 is clamped to the minimum, with a warning.
        Assert.Equal("1000", ReadV1("cpu", cg.CgroupPath, "cpu.cfs_quota_us"));
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("below the allowed minimum"));
        Assert.Single(actuator.Apply(new TaskAllocation { CpusetCpus = "x" }, dryRun: false).Failures,
            f => f.Reason == "\"x\" is not a list of CPUs: expected the kernel's list format, e.g. \"0-3,8\"");
    }

    [Fact]
    public void A_cgroup_that_vanished_is_a_failure_per_value_not_an_exception()
    {
        var task = NodeTask.ForCgroup("/wca-test-" + Guid.NewGuid().ToString("N")[..12] + "-gone");
        using var actuator = Factory().Create(task);
        var failures = new List<AllocationFailure>();

        var current = actuator.ReadCurrent(failures);
        var outcome = actuator.Apply(new TaskAllocation { CpuShares = 1.0, CpusetCpus = "0" }, dryRun: false);

        Assert.Equal((null, null, null), (current.CpuQuota, current.CpuShares, current.CpusetCpus));
        Assert.Contains(failures, f => f.Type == AllocationTypes.CpuQuota && f.Reason.Contains("does not exist: the cgroup is gone"));
        Assert.Equal([AllocationTypes.CpuShares, AllocationTypes.CpusetCpus], outcome.Failures.Select(f => f.Type));
        Assert.Contains("the task has no cgroup in the cpuset hierarchy", outcome.Failures[1].Reason);
    }
}
