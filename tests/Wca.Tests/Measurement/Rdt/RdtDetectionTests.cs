using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Pipeline;
using Wca.Tests.TestSupport;
using Wca.Tests.TestSupport.Resctrl;

namespace Wca.Tests.Measurement.Rdt;

/// <summary>rdt_enabled through the measurement cycle (agent-core.md §6.2): auto, required, off; what RDT adds to an iteration.</summary>
public sealed class RdtDetectionTests
{
    private sealed class ListedTasks(params NodeTask[] tasks) : INode
    {
        public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken) => tasks;
    }

    private static (MeasurementCycle Cycle, RecordingLoggerFactory Logs) Cycle(string resctrlRoot, bool? rdtEnabled, ResctrlStandIn? standIn, params NodeTask[] tasks)
    {
        var logs = new RecordingLoggerFactory();
        var paths = HostPaths.Default with { ResctrlRoot = resctrlRoot };
        var services = new AgentServices(logs, paths, new LogCounters(), TimeProvider.System);
        var settings = new MeasurementSettings { Node = new ListedTasks(tasks), RdtEnabled = rdtEnabled, ResctrlFiles = standIn, KeepTaskData = true };
        return (new MeasurementCycle(settings, services, new StageProfiler(Stages.Names), new FailureCounters()), logs);
    }

    private static NodeTask Task(TestCgroup cgroup) => new() { Name = "t", TaskId = "t", CgroupPath = cgroup.CgroupPath };

    [Fact]
    public void Auto_with_resctrl_mounted_measures_llc_and_bandwidth_and_carries_the_facts_on_the_platform()
    {
        using var standIn = new ResctrlStandIn();
        using var cgroup = TestCgroup.Create("rdt-auto");
        var sleeper = cgroup.StartSleeper();
        var (cycle, logs) = Cycle(standIn.Root, null, standIn, Task(cgroup));
        using var _c = cycle;
        Assert.Equal(0, cycle.Initialize());
        Assert.Contains(logs.Lines, l => l.Message == "RDT enabled (auto configuration): True");
        Assert.NotNull(cycle.Rdt);

        var context = new IterationContext();
        cycle.Measure(context, CancellationToken.None);
        var group = standIn.Mount.MonitoringGroupPath("", "wca-t");
        Assert.Equal([sleeper.Id], standIn.TasksOf(group));
        standIn.SetCounter(group, 0, "llc_occupancy", "4096");
        standIn.SetCounter(group, 1, "llc_occupancy", "4096");
        cycle.Measure(context, CancellationToken.None);
        var names = context.Metrics.Select(m => m.Descriptor.Name).ToHashSet();
        Assert.Contains("task_llc_occupancy_bytes", names);
        Assert.Contains("task_mem_bandwidth_bytes", names);
        Assert.Contains("task_mem_bandwidth_remote_bytes", names);
        Assert.Equal(8192, context.Tasks["t"].Measurements["task_llc_occupancy_bytes"]);
        Assert.Equal(1, context.Metrics.Single(m => m.Descriptor.Name == "platform_rdt_feature" && m.Labels["feature"] == "mbm_local").Value);
        Assert.Equal(0, context.Metrics.Single(m => m.Descriptor.Name == "platform_rdt_feature" && m.Labels["feature"] == "cdp_l3").Value);
        Assert.Equal(0xfffff, context.Metrics.Single(m => m.Descriptor.Name == "platform_rdt_cache_bit_mask").Value);
        Assert.Equal(8, context.Metrics.Single(m => m.Descriptor.Name == "platform_rdt_closids").Value);
        Assert.Equal(1, context.Metrics.Single(m => m.Descriptor.Name == "wca_rdt_monitoring_groups").Value);
        Assert.Equal(0, context.Metrics.Single(m => m.Descriptor.Name == "wca_rdt_unmonitored_tasks").Value);
        var rdt = Assert.IsType<RdtInformation>(context.Platform!.Rdt);
        Assert.True(rdt.CacheMonitoring && rdt.MemoryBandwidthMonitoring && rdt.LocalMemoryBandwidthMonitoring && rdt.CacheControl && rdt.MemoryBandwidthControl);
        Assert.Equal("fffff", rdt.CacheBitMask);
        Assert.Equal([0, 1], rdt.CacheDomains);
        Assert.Equal(224, rdt.NumRmids);
        Assert.Equal("percent", rdt.MemoryBandwidthUnit);

        // The agent stops: its group goes.
        cycle.ReleaseTasks();
        Assert.False(Directory.Exists(group));
    }

    [Fact]
    public void Auto_without_resctrl_is_off_and_measures_without_RDT()
    {
        using var dir = new TestDirectory();
        using var cgroup = TestCgroup.Create("rdt-off");
        cgroup.StartSleeper();
        var (cycle, logs) = Cycle(dir.File("resctrl"), null, null, Task(cgroup));
        using var _c = cycle;
        Assert.Equal(0, cycle.Initialize());
        Assert.Contains(logs.Lines, l => l.Message == "RDT enabled (auto configuration): False");
        Assert.Null(cycle.Rdt);
        var context = new IterationContext();
        cycle.Measure(context, CancellationToken.None);
        Assert.Contains(context.Metrics, m => m.Descriptor.Name == "task_cpu_usage_seconds");
        Assert.DoesNotContain(context.Metrics, m => m.Descriptor.Name.Contains("rdt") || m.Descriptor.Name.Contains("llc") || m.Descriptor.Name.Contains("bandwidth"));
        Assert.Null(context.Platform!.Rdt);
    }

    [Fact]
    public void Required_without_resctrl_is_a_start_up_error_saying_how_to_mount_it()
    {
        using var dir = new TestDirectory();
        var (cycle, logs) = Cycle(dir.Path, true, null);
        using var _c = cycle;
        Assert.Equal(1, cycle.Initialize());
        var error = Assert.Single(logs.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains("RDT explicitly enabled but not available", error.Message);
        Assert.Contains(dir.Path, error.Message);
        Assert.Contains("mount -t resctrl resctrl /sys/fs/resctrl", error.Message);
    }

    [Fact]
    public void Off_leaves_a_mounted_resctrl_untouched()
    {
        using var standIn = new ResctrlStandIn();
        using var cgroup = TestCgroup.Create("rdt-false");
        cgroup.StartSleeper();
        standIn.CreateForeignGroup("", "wca-left-over");
        var (cycle, _) = Cycle(standIn.Root, false, standIn, Task(cgroup));
        using var _c = cycle;
        Assert.Equal(0, cycle.Initialize());
        Assert.Null(cycle.Rdt);
        cycle.Measure(new IterationContext(), CancellationToken.None);
        Assert.Equal(["wca-left-over"], standIn.Mount.MonitoringGroups(""));
        Assert.Equal(0, standIn.TaskWrites);
    }

    [Fact]
    public void Required_on_a_platform_without_monitoring_is_a_start_up_error()
    {
        using var standIn = new ResctrlStandIn(new ResctrlStandInOptions { Monitoring = false });
        var (cycle, logs) = Cycle(standIn.Root, true, standIn);
        using var _c = cycle;
        Assert.Equal(1, cycle.Initialize());
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Error && l.Message.StartsWith("RDT monitoring is required", StringComparison.Ordinal));
    }
}
