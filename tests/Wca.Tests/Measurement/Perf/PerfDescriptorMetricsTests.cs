using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Measurement.Perf.Uncore;
using Wca.Pipeline;
using Wca.Tests.Measurement.Perf.Uncore;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Perf;

/// <summary>
/// wca_perf_descriptors through the measurement cycle: one series per configured scope, task (real software counters
/// of a test cgroup) and uncore (the fixture's 2-socket event_source tree with synthetic PMUs), labelled scope.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PerfDescriptorMetricsTests : IDisposable
{
    private static readonly string[] Software = ["task_clock", "context_switches", "cpu_migrations", "page_faults"];
    private readonly UncoreSysfsFixture _fixture = new();
    private readonly SyntheticUncore _kernel = new();

    public void Dispose() => _fixture.Dispose();

    private sealed class ListedTasks(params NodeTask[] tasks) : INode
    {
        public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken) => tasks;
    }

    private (MeasurementCycle Cycle, RecordingLoggerFactory Logs) Cycle(IReadOnlyList<string> events, string[][] uncore, params NodeTask[] tasks)
    {
        var logs = new RecordingLoggerFactory();
        // The fixture's sys root has the uncore PMUs; everything else (cgroups, proc) is this host's.
        var services = new AgentServices(logs, HostPaths.Default with { Sys = _fixture.Sys }, new LogCounters(), TimeProvider.System);
        var settings = new MeasurementSettings
        {
            Node = new ListedTasks(tasks), EventNames = events, UncoreOpener = _kernel, RdtEnabled = false,
            UncoreEvents = uncore.Length == 0 ? UncoreEventGroups.None : UncoreEventGroups.Parse(uncore, "uncore_event_names"),
        };
        return (new MeasurementCycle(settings, services, new StageProfiler(Stages.Names), new FailureCounters()), logs);
    }

    private static Metric[] Descriptors(MeasurementCycle cycle)
    {
        var context = new IterationContext();
        cycle.Measure(context, CancellationToken.None);
        cycle.WriteInternalMetrics(context, 1);
        return [.. context.Metrics.AsSpan().ToArray().Where(m => m.Name == "wca_perf_descriptors")];
    }

    [Fact]
    public void Task_and_uncore_descriptors_are_one_series_each_labelled_by_scope()
    {
        using var cg = TestCgroup.Create("perf-descriptors");
        cg.StartSleeper();
        var (cycle, logs) = Cycle(Software, [["platform_cas_count_reads", "platform_cas_count_writes"], ["platform_upi_rxl_flits"]],
            new NodeTask { Name = "t", TaskId = "t", CgroupPath = cg.CgroupPath });
        using var _ = cycle;
        Assert.Equal(0, cycle.Initialize());
        var series = Descriptors(cycle);
        Assert.Equal(["task", "uncore"], series.Select(m => m.Labels["scope"]).Order(StringComparer.Ordinal));
        Assert.All(series, m => Assert.Equal(cycle.CommonLabels["host"], m.Labels["host"]));
        // One group of 4 per online CPU for the one task.
        Assert.Equal(Environment.ProcessorCount * Software.Length, series.Single(m => m.Labels["scope"] == "task").Value);
        // 2 sockets x (6 iMC channels x 2 events + 3 UPI links x 1 event), all open at the synthetic kernel.
        Assert.Equal(2 * (6 * 2 + 3 * 1), series.Single(m => m.Labels["scope"] == "uncore").Value);
        Assert.Equal(2 * (6 + 3), _kernel.OpenCount);
        Assert.Contains(logs.Lines, l => l.Message == "Uncore counters open: 18 groups, 30 descriptors, 18 PMU instances x sockets");
        cycle.Dispose();
        Assert.Equal(0, _kernel.OpenCount);
    }

    [Fact]
    public void Uncore_events_alone_give_the_uncore_series_alone_and_a_refused_event_is_not_counted()
    {
        _kernel.RefusedEvents["platform_cas_count_writes"] = 22;
        var (cycle, _) = Cycle([], [["platform_cas_count_reads", "platform_cas_count_writes"]]);
        using var _c = cycle;
        Assert.Equal(0, cycle.Initialize());
        var series = Assert.Single(Descriptors(cycle));
        Assert.Equal("uncore", series.Labels["scope"]);
        Assert.Equal(2 * 6 * 1, series.Value);
    }

    [Fact]
    public void Without_perf_events_there_is_no_series()
    {
        var (cycle, _) = Cycle([], []);
        using var _c = cycle;
        Assert.Equal(0, cycle.Initialize());
        Assert.Empty(Descriptors(cycle));
    }
}
