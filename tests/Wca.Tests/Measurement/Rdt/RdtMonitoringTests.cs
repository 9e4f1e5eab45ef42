using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Kernel.Resctrl;
using Wca.Measurement;
using Wca.Measurement.Catalog;
using Wca.Measurement.Rdt;
using Wca.Pipeline;
using Wca.Host.Logging;
using Wca.Tests.TestSupport;
using Wca.Tests.TestSupport.Resctrl;

namespace Wca.Tests.Measurement.Rdt;

public sealed class RdtMonitoringTests
{
    /// <summary>
    /// RDT monitoring as the measurement cycle drives it: a task registry with RDT as its only task-scoped resource
    /// kind (no cgroup resources), synced, then each task's resource collected at the iteration's time.
    /// </summary>
    private sealed class Monitored : IDisposable
    {
        private readonly TaskRegistry _registry;
        private double _now;

        public Monitored(ResctrlStandIn standIn, TestCgroup? cgroup, RdtTaskPlacements? placements, RecordingLogger log)
        {
            var info = ResctrlInfo.Read(standIn.Mount, standIn.MountsFile, standIn.CpuinfoFile);
            Rdt = new RdtMonitoring(standIn.Mount, info, placements ?? new RdtTaskPlacements(), cgroup?.Layout, log, clock: () => _now);
            _registry = new TaskRegistry([], [Rdt], log);
        }

        public RdtMonitoring Rdt { get; }

        public Failures Reported { get; } = new();

        public int Unmonitored => Rdt.Unmonitored;

        public int Groups => Rdt.Groups;

        public int RemoveOrphans() => Rdt.RemoveOrphans();

        public void RemoveAll() => Rdt.RemoveAll();

        public bool TryGetBandwidthDelta(string cgroupPath, out long bytes)
        {
            bytes = 0;
            return Rdt.Find(cgroupPath) is { } monitored && monitored.TryGetBandwidthDelta(out bytes);
        }

        public void Sync(IReadOnlyList<NodeTask> tasks) => _registry.Sync(tasks, LabelSet.Empty, static t => LabelSet.From(("task_id", t.TaskId)));

        public void Collect(NodeTask task, TaskSample sample, double now)
        {
            _now = now;
            var container = _registry.Ordered.Single(c => c.Task.CgroupPath == task.CgroupPath);
            container.TaskScoped!.Collect(container, sample, Reported);
        }

        public void Dispose()
        {
            _registry.Dispose();
            Rdt.Dispose();
        }
    }

    /// <summary>What the task's resources report (the cycle logs these once per distinct failure and counts each).</summary>
    private sealed class Failures : IResourceFailures
    {
        public List<string> Calls { get; } = [];

        public void Failed(TaskContainer task, ITaskResource resource, FailureLatch latch)
        {
            if (latch.Fail(resource.Error ?? "")) Calls.Add($"{task.Task.TaskId}: {resource.Name} failed: {resource.Error}");
        }

        public void Recovered(TaskContainer task, ITaskResource resource, FailureLatch latch)
        {
            if (latch.Clear()) Calls.Add($"{task.Task.TaskId}: {resource.Name} works again");
        }
    }

    private static (Monitored Monitoring, RecordingLogger Log) Monitor(ResctrlStandIn standIn, TestCgroup? cgroup = null, RdtTaskPlacements? placements = null)
    {
        var log = new RecordingLogger();
        return (new Monitored(standIn, cgroup, placements, log), log);
    }

    private static NodeTask Task(string id, TestCgroup? cgroup = null, params string[] subcgroups) =>
        new() { Name = id, TaskId = id, CgroupPath = cgroup?.CgroupPath ?? "/" + id, SubcgroupPaths = subcgroups };

    private static Dictionary<string, double> Collect(Monitored monitoring, NodeTask task, double now)
    {
        var sample = new TaskSample();
        monitoring.Collect(task, sample, now);
        var values = new Dictionary<string, double>();
        foreach (var e in sample.Entries) values[e.Descriptor.Name] = e.Value;
        return values;
    }

    [Fact]
    public void Counters_are_summed_over_both_domains_remote_is_total_minus_local_and_the_rate_comes_from_the_second_reading()
    {
        using var standIn = new ResctrlStandIn();
        var (monitoring, _) = Monitor(standIn);
        using var _m = monitoring;
        var task = Task("t1");
        monitoring.Sync([task]);
        // The group is made now: its counters start at 0, and there is no rate yet ...
        var made = Collect(monitoring, task, 100);
        Assert.Equal(["task_llc_occupancy_bytes", "task_mem_bandwidth_bytes", "task_mem_bandwidth_local_bytes", "task_mem_bandwidth_remote_bytes"], made.Keys.Order());
        Assert.All(made.Values, v => Assert.Equal(0, v));
        var group = standIn.Mount.MonitoringGroupPath("", "wca-t1");
        Assert.True(Directory.Exists(group));
        standIn.SetCounter(group, 0, "llc_occupancy", "1048576");
        standIn.SetCounter(group, 1, "llc_occupancy", "2097152");
        standIn.SetCounter(group, 0, "mbm_total_bytes", "1000");
        standIn.SetCounter(group, 1, "mbm_total_bytes", "3000");
        standIn.SetCounter(group, 0, "mbm_local_bytes", "600");
        standIn.SetCounter(group, 1, "mbm_local_bytes", "400");
        monitoring.Sync([task]);
        var first = Collect(monitoring, task, 110);
        Assert.Equal(3145728, first["task_llc_occupancy_bytes"]);
        Assert.Equal(4000, first["task_mem_bandwidth_bytes"]);
        Assert.Equal(1000, first["task_mem_bandwidth_local_bytes"]);
        Assert.Equal(3000, first["task_mem_bandwidth_remote_bytes"]);
        // ... so this rate is over the 10 s from the group's first reading (0 bytes).
        Assert.Equal(400, first["task_mem_bandwidth_bytes_per_second"]);

        standIn.MbmTotalStepPerRead = 5000; // each domain's counter advances by 5000 per read: 10000 in total
        monitoring.Sync([task]);
        var second = Collect(monitoring, task, 115);
        Assert.Equal(14000, second["task_mem_bandwidth_bytes"]);
        Assert.Equal(2000, second["task_mem_bandwidth_bytes_per_second"]);
        Assert.True(monitoring.TryGetBandwidthDelta(task.CgroupPath, out var delta));
        Assert.Equal(10000, delta);
    }

    [Fact]
    public void Unavailable_and_Unassigned_counters_are_no_value_not_a_failure_and_the_rate_restarts_after_them()
    {
        using var standIn = new ResctrlStandIn();
        var (monitoring, log) = Monitor(standIn);
        using var _m = monitoring;
        var task = Task("t1");
        monitoring.Sync([task]);
        Collect(monitoring, task, 1);
        var group = standIn.Mount.MonitoringGroupPath("", "wca-t1");
        standIn.SetCounter(group, 1, "mbm_total_bytes", "Unavailable");
        standIn.SetCounter(group, 0, "llc_occupancy", "Unassigned");
        var values = Collect(monitoring, task, 2);
        Assert.False(values.ContainsKey("task_mem_bandwidth_bytes"));
        Assert.False(values.ContainsKey("task_mem_bandwidth_remote_bytes"));
        Assert.False(values.ContainsKey("task_llc_occupancy_bytes"));
        Assert.Equal(0, values["task_mem_bandwidth_local_bytes"]);
        standIn.SetCounter(group, 1, "mbm_total_bytes", "50");
        Assert.False(Collect(monitoring, task, 3).ContainsKey("task_mem_bandwidth_bytes_per_second"));
        standIn.SetCounter(group, 1, "mbm_total_bytes", "150");
        Assert.Equal(100, Collect(monitoring, task, 4)["task_mem_bandwidth_bytes_per_second"]);
        Assert.DoesNotContain(log.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Empty(monitoring.Reported.Calls);
    }

    [Fact]
    public void Pids_of_a_task_with_real_processes_are_mirrored_new_ones_added_exited_ones_tolerated_and_unchanged_pids_write_nothing()
    {
        using var standIn = new ResctrlStandIn();
        using var cgroup = TestCgroup.Create("rdt");
        var first = cgroup.StartSleeper();
        var (monitoring, log) = Monitor(standIn, cgroup);
        using var _m = monitoring;
        var task = Task("pids", cgroup);
        var group = standIn.Mount.MonitoringGroupPath("", "wca-pids");

        monitoring.Sync([task]);
        Collect(monitoring, task, 1);
        Assert.Equal([first.Id], standIn.TasksOf(group));
        var writes = standIn.TaskWrites;
        Assert.Equal(1, writes);

        // Nothing changed: the tasks file is not written again.
        for (var i = 0; i < 3; i++)
        {
            monitoring.Sync([task]);
            Collect(monitoring, task, 2 + i);
        }
        Assert.Equal(writes, standIn.TaskWrites);

        var second = cgroup.StartSleeper();
        monitoring.Sync([task]);
        Collect(monitoring, task, 10);
        Assert.Equal(new[] { first.Id, second.Id }.Order(), standIn.TasksOf(group));
        Assert.Equal(writes + 1, standIn.TaskWrites); // only the new pid was written

        // A pid that exits between the cgroup's list and the write: ESRCH, tolerated, the others still go in.
        var third = cgroup.StartSleeper();
        standIn.PidExists = pid => pid != third.Id && Directory.Exists("/proc/" + pid);
        first.Kill();
        first.WaitForExit();
        monitoring.Sync([task]);
        var values = Collect(monitoring, task, 11);
        Assert.True(values.ContainsKey("task_mem_bandwidth_bytes"));
        Assert.DoesNotContain(third.Id, standIn.TasksOf(group));
        Assert.Contains(second.Id, standIn.TasksOf(group));
        Assert.DoesNotContain(log.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Empty(monitoring.Reported.Calls);
    }

    [Fact]
    public void A_pod_has_one_group_with_the_threads_of_the_pod_and_all_its_containers()
    {
        using var standIn = new ResctrlStandIn();
        using var pod = TestCgroup.Create("pod");
        var a = pod.CreateChild("a");
        var b = pod.CreateChild("b");
        var inA = a.StartSleeper();
        var inB = b.StartSleeper();
        var inPod = pod.StartSleeper();
        var (monitoring, _) = Monitor(standIn, pod);
        using var _m = monitoring;
        var task = Task("pod", pod, a.CgroupPath, b.CgroupPath);
        monitoring.Sync([task]);
        Collect(monitoring, task, 1);
        Assert.Equal(new[] { inA.Id, inB.Id, inPod.Id }.Order(), standIn.TasksOf(standIn.Mount.MonitoringGroupPath("", "wca-pod")));
        Assert.Single(standIn.Mount.MonitoringGroups(""));
    }

    [Fact]
    public void Out_of_RMIDs_is_said_once_tasks_beyond_are_counted_unmonitored_and_get_groups_when_RMIDs_free_up()
    {
        // Root + 2 monitoring groups: the third task finds no RMID.
        using var standIn = new ResctrlStandIn(new ResctrlStandInOptions { NumRmids = 3 });
        var (monitoring, log) = Monitor(standIn);
        using var _m = monitoring;
        NodeTask[] tasks = [Task("t1"), Task("t2"), Task("t3"), Task("t4")];
        void Iterate(IReadOnlyList<NodeTask> list, double now)
        {
            monitoring.Sync(list);
            foreach (var t in list) Collect(monitoring, t, now);
        }
        Iterate(tasks, 1);
        Iterate(tasks, 2);
        Iterate(tasks, 3);
        Assert.Equal(2, monitoring.Unmonitored);
        Assert.Equal(2, monitoring.Groups);
        Assert.Equal(["wca-t1", "wca-t2"], standIn.Mount.MonitoringGroups(""));
        var exhausted = log.Lines.Where(l => l.Message.Contains("No RMID left")).ToArray();
        Assert.Single(exhausted);
        Assert.Contains("task t3", exhausted[0].Message);
        Assert.Contains("Out of RMIDs", exhausted[0].Message);
        // Retried once per iteration, not once per unmonitored task.
        Assert.Equal(3, standIn.MkdirsRefused); // 3 iterations, 2 tasks waiting

        // t1 ends: its RMID is free again for t3; t4 still waits, which is no news.
        Iterate(tasks[1..], 4);
        Assert.Equal(1, monitoring.Unmonitored);
        Assert.Equal(["wca-t2", "wca-t3"], standIn.Mount.MonitoringGroups(""));
        Assert.Single(log.Lines, l => l.Message.Contains("No RMID left"));
        Assert.DoesNotContain(log.Lines, l => l.Message.Contains("RMIDs are available again"));
        // t2 ends too: t4 gets its group, nobody waits any more.
        Iterate(tasks[2..], 5);
        Assert.Equal(0, monitoring.Unmonitored);
        Assert.Equal(["wca-t3", "wca-t4"], standIn.Mount.MonitoringGroups(""));
        Assert.Single(log.Lines, l => l.Message.Contains("RMIDs are available again"));
    }

    [Fact]
    public void Start_up_removes_our_groups_without_owner_and_never_touches_foreign_groups_and_a_restarted_task_adopts_its_group()
    {
        using var standIn = new ResctrlStandIn();
        using var cgroup = TestCgroup.Create("adopt");
        var sleeper = cgroup.StartSleeper();
        using var stray = TestCgroup.Create("stray");
        var straySleeper = stray.StartSleeper();
        var mount = standIn.Mount;
        // A crashed earlier run: an empty group, a group whose pid still lives but whose task is gone, and the
        // group of a task that still runs, in a control group the allocator had put it in.
        standIn.CreateForeignGroup("", "wca-dead");
        standIn.CreateForeignGroup("", "wca-stray");
        mount.AddTask(mount.MonitoringGroupPath("", "wca-stray"), straySleeper.Id);
        standIn.CreateForeignGroup("be", "wca-adopt");
        mount.AddTask(mount.ControlGroupPath("be"), sleeper.Id);
        mount.AddTask(mount.MonitoringGroupPath("be", "wca-adopt"), sleeper.Id);
        // Another tool's groups: left alone, empty or not.
        standIn.CreateForeignGroup("", "pqos-empty");
        standIn.CreateForeignGroup("other", "mine");

        var placements = new RdtTaskPlacements();
        var (monitoring, log) = Monitor(standIn, cgroup, placements);
        using var _m = monitoring;
        Assert.Equal(1, monitoring.RemoveOrphans());
        Assert.Equal(["pqos-empty", "wca-stray"], mount.MonitoringGroups(""));

        var task = Task("adopt", cgroup);
        monitoring.Sync([task]);
        Assert.Equal(["pqos-empty"], mount.MonitoringGroups(""));
        Assert.Equal("be", placements.ControlGroupOf("adopt"));
        var values = Collect(monitoring, task, 1);
        Assert.True(values.ContainsKey("task_llc_occupancy_bytes"));
        Assert.Equal(["wca-adopt"], mount.MonitoringGroups("be"));
        Assert.Equal(["mine"], mount.MonitoringGroups("other"));
        Assert.Equal([sleeper.Id], standIn.TasksOf(mount.MonitoringGroupPath("be", "wca-adopt")));
        Assert.Contains(log.Lines, l => l.Message.Contains("wca-dead") && l.Message.Contains("earlier run"));
        Assert.Contains(log.Lines, l => l.Message.Contains("wca-stray") && l.Message.Contains("earlier run"));

        // Shutdown: our groups go, the foreign ones stay.
        monitoring.RemoveAll();
        Assert.Empty(mount.MonitoringGroups("be"));
        Assert.Equal(["pqos-empty"], mount.MonitoringGroups(""));
        Assert.Equal(["mine"], mount.MonitoringGroups("other"));
    }

    [Fact]
    public void A_vanished_task_loses_its_group_and_a_task_the_allocator_moved_is_monitored_in_its_control_group()
    {
        using var standIn = new ResctrlStandIn();
        using var cgroup = TestCgroup.Create("moved");
        var sleeper = cgroup.StartSleeper();
        var placements = new RdtTaskPlacements();
        var (monitoring, log) = Monitor(standIn, cgroup, placements);
        using var _m = monitoring;
        var mount = standIn.Mount;
        var task = Task("moved", cgroup);
        var gone = Task("gone");
        monitoring.Sync([task, gone]);
        Collect(monitoring, task, 1);
        Collect(monitoring, gone, 1);
        Assert.Equal(["wca-gone", "wca-moved"], mount.MonitoringGroups(""));

        // The allocation side makes control group "be", moves the task's pids there and says so.
        mount.CreateControlGroup("be");
        mount.AddTask(mount.ControlGroupPath("be"), sleeper.Id);
        placements.Place("moved", "be");
        monitoring.Sync([task]);
        var values = Collect(monitoring, task, 2);
        Assert.Empty(mount.MonitoringGroups(""));
        Assert.Equal(["wca-moved"], mount.MonitoringGroups("be"));
        Assert.Equal([sleeper.Id], standIn.TasksOf(mount.MonitoringGroupPath("be", "wca-moved")));
        Assert.False(values.ContainsKey("task_mem_bandwidth_bytes_per_second")); // a new group: no rate base yet

        // The allocation side removes the control group (the kernel drops our group with it): made again in the root.
        mount.RemoveControlGroup("be");
        placements.Place("moved", "");
        monitoring.Sync([task]);
        Collect(monitoring, task, 3);
        Assert.Equal(["wca-moved"], mount.MonitoringGroups(""));
        Assert.Equal([sleeper.Id], standIn.TasksOf(mount.MonitoringGroupPath("", "wca-moved")));
        Assert.DoesNotContain(log.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Empty(monitoring.Reported.Calls);
    }

    [Fact]
    public void A_group_removed_behind_the_agents_back_is_one_failure_logged_once_and_made_again()
    {
        using var standIn = new ResctrlStandIn();
        var (monitoring, log) = Monitor(standIn);
        using var _m = monitoring;
        var task = Task("t1");
        monitoring.Sync([task]);
        Collect(monitoring, task, 1);
        standIn.Mount.RemoveMonitoringGroup("", "wca-t1");
        monitoring.Sync([task]);
        Assert.Empty(Collect(monitoring, task, 2));
        monitoring.Sync([task]);
        Assert.NotEmpty(Collect(monitoring, task, 3));
        // Reported as every task resource's failures are (the cycle logs each distinct one once and counts it).
        Assert.Equal(2, monitoring.Reported.Calls.Count);
        Assert.StartsWith("t1: resctrl failed: ", monitoring.Reported.Calls[0]);
        Assert.Contains("wca-t1", monitoring.Reported.Calls[0]);
        Assert.Equal("t1: resctrl works again", monitoring.Reported.Calls[1]);
    }

    [Theory]
    [InlineData("plain-id_1.0", "wca-plain-id_1.0")]
    [InlineData("ns/pod", "wca-ns_pod-")]
    public void Group_names_keep_safe_ids_and_mark_changed_ones_with_a_hash(string id, string prefix)
    {
        var name = RdtGroupName.For(id);
        Assert.StartsWith(prefix, name);
        Assert.NotEqual(RdtGroupName.For("ns_pod"), RdtGroupName.For("ns/pod"));
        Assert.True(RdtGroupName.For(new string('x', 400)).Length < 255);
    }
}
