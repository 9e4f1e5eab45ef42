using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Measurement;
using Wca.Measurement.Catalog;
using Wca.Pipeline;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Pipeline;

/// <summary>
/// A task's container with two resources, one of which fails: stand-in resources (the point is the container's
/// logic), and the measurement cycle's real failure reporting (log once per distinct error, count every failure).
/// </summary>
public sealed class TaskContainerTests
{
    /// <summary>A resource whose next outcome the test sets; Ok adds its values.</summary>
    private sealed class ScriptedResource(string name, params (MetricDescriptor Descriptor, double Value)[] values) : ITaskResource
    {
        public string Name => name;
        public CollectOutcome Next { get; set; } = CollectOutcome.Ok;
        public string? Error { get; set; }
        public int Syncs { get; private set; }
        public bool Disposed { get; private set; }

        public void Sync() => Syncs++;

        public CollectOutcome Collect(TaskSample sample)
        {
            if (Next == CollectOutcome.Ok)
                foreach (var (d, v) in values) sample.Add(d, v);
            return Next;
        }

        public void Dispose() => Disposed = true;
    }

    /// <summary>Hands out one prepared resource per cgroup path.</summary>
    private sealed class ScriptedFactory(Func<string, ScriptedResource?> open) : ITaskResourceFactory
    {
        public List<ScriptedResource> Opened { get; } = [];

        public ITaskResource? Open(string cgroupPath)
        {
            var r = open(cgroupPath);
            if (r is not null) Opened.Add(r);
            return r;
        }
    }

    /// <summary>What the container reports, as the calls came.</summary>
    private sealed class RecordingFailures : IResourceFailures
    {
        public List<string> Calls { get; } = [];

        public void Failed(TaskContainer task, ITaskResource resource, FailureLatch latch)
        {
            Calls.Add($"failed {resource.Name}: {resource.Error}");
            latch.Fail(resource.Error ?? "");
        }

        public void Recovered(TaskContainer task, ITaskResource resource, FailureLatch latch)
        {
            Calls.Add($"recovered {resource.Name}");
            latch.Clear();
        }
    }


    private static readonly NodeTask Task = NodeTask.ForCgroup("/pipeline-test-task");

    private static (ScriptedResource Good, ScriptedResource Bad, TaskContainer Container) TwoResources()
    {
        var good = new ScriptedResource("cgroup", (MetricCatalog.TaskCpuUsageSeconds, 1.5), (MetricCatalog.TaskMemUsageBytes, 4096));
        var bad = new ScriptedResource("perf", (MetricCatalog.TaskMemPageFaults, 7)) { Next = CollectOutcome.Failed, Error = "EMFILE" };
        var container = new TaskContainer(Task, [new ScriptedFactory(_ => good), new ScriptedFactory(_ => bad)]);
        return (good, bad, container);
    }

    private static Dictionary<string, double> Values(TaskSample sample)
    {
        var values = new Dictionary<string, double>();
        foreach (var e in sample.Entries) values.Add(e.Descriptor.Name, e.Value);
        return values;
    }

    [Fact]
    public void AFailingResourceLeavesTheGoodValuesAndIsReportedEachTime()
    {
        var (good, bad, container) = TwoResources();
        using var _ = container;
        var failures = new RecordingFailures();
        var sample = new TaskSample();

        Assert.True(container.Collect(sample, new TaskSample(), failures));

        Assert.Equal(new Dictionary<string, double> { ["task_cpu_usage_seconds"] = 1.5, ["task_mem_usage_bytes"] = 4096 }, Values(sample));
        Assert.Equal(["failed perf: EMFILE"], failures.Calls);
        Assert.Equal((1, 1), (good.Syncs, bad.Syncs));
    }

    [Fact]
    public void ResourceFailuresAreLoggedOncePerDistinctErrorAndRecoveryOnceThroughTheCycle()
    {
        var (_, bad, container) = TwoResources();
        using var _c = container;
        var loggers = new RecordingLoggerFactory();
        var counters = new FailureCounters();
        var services = new AgentServices(loggers, HostPaths.Default, new LogCounters(), TimeProvider.System);
        using var cycle = new MeasurementCycle(new MeasurementSettings { Node = new NoTasks() }, services, new StageProfiler(Stages.Names), counters);
        var sample = new TaskSample();
        var scratch = new TaskSample();
        void Collect(CollectOutcome outcome, string? error = null)
        {
            bad.Next = outcome;
            bad.Error = error;
            sample.Clear();
            Assert.True(container.Collect(sample, scratch, cycle));
            Assert.True(sample.TryGet(MetricCatalog.TaskCpuUsageSeconds, out var cpu) && cpu == 1.5, "the good resource's values were lost");
        }

        Collect(CollectOutcome.Failed, "EMFILE");
        Collect(CollectOutcome.Failed, "EMFILE");
        Collect(CollectOutcome.Failed, "EMFILE");
        Collect(CollectOutcome.Failed, "ENOSPC"); // another error: a line of its own
        Collect(CollectOutcome.Failed, "ENOSPC");
        Collect(CollectOutcome.Ok);
        Collect(CollectOutcome.Ok);
        Collect(CollectOutcome.Failed, "EMFILE"); // failing again after the recovery is news again

        Assert.Equal(
        [
            "Measuring task pipeline-test-task failed: perf: EMFILE",
            "Measuring task pipeline-test-task failed: perf: ENOSPC",
            "Task pipeline-test-task: perf measures again (after 5 failed collections)",
            "Measuring task pipeline-test-task failed: perf: EMFILE",
        ], loggers.Logger.Lines.Select(l => l.Message));
        Assert.Equal(6, counters.All.Single(c => c.Key == ("task", "perf")).Value);
        Assert.Equal(6, counters["task"]);
    }

    [Fact]
    public void ATaskWhoseResourcesAreAllGoneCollectsNothing()
    {
        var (good, bad, container) = TwoResources();
        using var _ = container;
        good.Next = CollectOutcome.Gone;
        bad.Next = CollectOutcome.Gone;
        var failures = new RecordingFailures();
        var sample = new TaskSample();

        Assert.False(container.Collect(sample, new TaskSample(), failures));
        Assert.Equal(0, sample.Count);
        Assert.Empty(failures.Calls); // gone is nothing wrong

        // One resource gone, the other failing: nothing measured either, and only the failure is reported.
        bad.Next = CollectOutcome.Failed;
        Assert.False(container.Collect(sample, new TaskSample(), failures));
        Assert.Equal(["failed perf: EMFILE"], failures.Calls);
    }

    [Fact]
    public void APodKeepsEachContainersGoodValuesWhenAnotherContainersResourceFails()
    {
        var pod = NodeTask.ForCgroup("/pod") with { SubcgroupPaths = ["/pod/c1", "/pod/c2"] };
        var cpu = new Dictionary<string, ScriptedResource>
        {
            ["/pod/c1"] = new("cgroup", (MetricCatalog.TaskCpuUsageSeconds, 1), (MetricCatalog.TaskMemUsageBytes, 100)),
            ["/pod/c2"] = new("cgroup", (MetricCatalog.TaskCpuUsageSeconds, 2), (MetricCatalog.TaskMemUsageBytes, 300)),
        };
        var perf = new Dictionary<string, ScriptedResource>
        {
            ["/pod/c1"] = new("perf", (MetricCatalog.TaskMemPageFaults, 10)),
            ["/pod/c2"] = new("perf", (MetricCatalog.TaskMemPageFaults, 20)) { Next = CollectOutcome.Failed, Error = "EIO" },
        };
        var cpuFactory = new ScriptedFactory(p => cpu[p]);
        var perfFactory = new ScriptedFactory(p => perf[p]);
        var failures = new RecordingFailures();
        var sample = new TaskSample();

        using (var container = new TaskContainer(pod, [cpuFactory, perfFactory]))
        {
            Assert.Equal(["/pod/c1", "/pod/c2"], container.MeasuredCgroups);
            Assert.True(container.Collect(sample, new TaskSample(), failures));
        }

        // Counters summed, the gauge averaged, the failed perf of c2 left out of the sum (c1's stays).
        Assert.Equal(new Dictionary<string, double>
        {
            ["task_cpu_usage_seconds"] = 3, ["task_mem_usage_bytes"] = 200, ["task_mem_page_faults"] = 10,
        }, Values(sample));
        Assert.Equal(["failed perf: EIO"], failures.Calls);
        Assert.All(cpuFactory.Opened.Concat(perfFactory.Opened), r => Assert.True(r.Disposed, $"{r.Name} was not disposed"));
    }

    private sealed class NoTasks : INode
    {
        public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken) => [];
    }
}
