using System.Diagnostics;
using Wca.Actuation;
using Wca.Api;
using Wca.Tests.TestSupport;
using static Wca.Tests.Actuation.Actuators;

namespace Wca.Tests.Actuation;

/// <summary>
/// What the kernel does with the values written, on this host's real v1 cgroups with real stress-ng: CPU given under a
/// quota, CPU split by shares, threads kept on a cpuset's CPUs. Serial: they measure CPU time.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CgroupActuatorEffectTests
{
    [Fact]
    public void A_quota_of_a_quarter_of_this_two_cpu_machine_gives_half_a_cpu_and_one_removes_the_limit()
    {
        Assert.Equal(2, HostTopology().Cpus);
        using var cg = TestCgroup.Create("quota");
        cg.StartStressNg("--cpu", "2");
        using var actuator = Factory().Create(Task(cg));

        // The most shares the kernel takes: on this shared machine (load far above 2) the quota, not the neighbours, limits the task.
        var outcome = actuator.Apply(new TaskAllocation { CpuQuota = 0.25, CpuShares = 262.144 }, dryRun: false);

        Assert.Empty(outcome.Failures);
        Assert.Equal("50000", ReadV1("cpu", cg.CgroupPath, "cpu.cfs_quota_us"));
        Assert.Equal("100000", ReadV1("cpu", cg.CgroupPath, "cpu.cfs_period_us"));
        Thread.Sleep(300); // the first period after the write may still run unthrottled
        var before = CpuSeconds(cg);
        var clock = Stopwatch.StartNew();
        Thread.Sleep(3000);
        var cpus = (CpuSeconds(cg) - before) / clock.Elapsed.TotalSeconds;
        Assert.InRange(cpus, 0.5 * 0.85, 0.5 * 1.15);
        Assert.Equal(0.25, actuator.ReadCurrent().CpuQuota!.Value, 6);

        var unlimited = actuator.Apply(new TaskAllocation { CpuQuota = 1.0 }, dryRun: false);

        Assert.Empty(unlimited.Failures);
        Assert.Equal("-1", ReadV1("cpu", cg.CgroupPath, "cpu.cfs_quota_us"));
        Assert.Equal(1.0, actuator.ReadCurrent().CpuQuota);
    }

    [Fact]
    public void Two_busy_tasks_on_one_cpu_with_shares_of_0_2_and_0_8_share_it_about_one_to_four()
    {
        using var light = TestCgroup.Create("light");
        using var heavy = TestCgroup.Create("heavy");
        var factory = Factory();
        using var lightActuator = factory.Create(Task(light));
        using var heavyActuator = factory.Create(Task(heavy));
        Assert.Empty(lightActuator.Apply(new TaskAllocation { CpuShares = 0.2 }, dryRun: false).Failures);
        Assert.Empty(heavyActuator.Apply(new TaskAllocation { CpuShares = 0.8 }, dryRun: false).Failures);
        Assert.Equal("200", ReadV1("cpu", light.CgroupPath, "cpu.shares"));
        Assert.Equal("800", ReadV1("cpu", heavy.CgroupPath, "cpu.shares"));
        light.StartStressNg("--cpu", "1", "--taskset", "0");
        heavy.StartStressNg("--cpu", "1", "--taskset", "0");
        Thread.Sleep(500);

        var (light0, heavy0) = (CpuSeconds(light), CpuSeconds(heavy));
        Thread.Sleep(3000);
        var ratio = (CpuSeconds(heavy) - heavy0) / (CpuSeconds(light) - light0);

        Assert.InRange(ratio, 4 * 0.75, 4 * 1.25);
        Assert.Equal(0.2, lightActuator.ReadCurrent().CpuShares);
    }

    [Fact]
    public void Cpuset_cpus_0_keeps_a_two_thread_stress_on_cpu_0()
    {
        using var cg = CpusetTestCgroup.Create("pin");
        var stress = cg.Start("stress-ng", "--cpu", "2");
        using var actuator = Factory().Create(NodeTask.ForCgroup(cg.CgroupPath));

        var outcome = actuator.Apply(new TaskAllocation { CpusetCpus = "0" }, dryRun: false);

        Assert.Empty(outcome.Failures);
        Assert.Equal("0", File.ReadAllText(cg.Directory + "/cpuset.cpus").Trim());
        Assert.Equal("0", actuator.ReadCurrent().CpusetCpus);
        var workers = new HashSet<int>();
        var processors = new HashSet<int>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            foreach (var pid in cg.Cgroup.ReadPids().Where(p => p != stress.Id))
            {
                if (ProcessorOf(pid) is not { } cpu) continue;
                workers.Add(pid);
                processors.Add(cpu);
            }
            Thread.Sleep(100);
        }
        Assert.True(workers.Count >= 2, $"stress-ng workers seen: {workers.Count}");
        Assert.Equal([0], processors);
    }

    /// <summary>Field 39 (processor: the CPU it last ran on) of /proc/&lt;pid&gt;/stat; null when the process is gone.</summary>
    private static int? ProcessorOf(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        // Fields after the command name (which may hold spaces) start at field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[39 - 3]);
    }
}
