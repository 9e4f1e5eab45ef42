using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Measurement;
using Wca.Measurement.Catalog;
using Wca.Pipeline;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Pipeline;

/// <summary>
/// The task-scoped resource kind (a task's resctrl group, its working set): one per task whatever its cgroups,
/// opened with the task, told when a pod's containers change, collected after the containers' values were merged,
/// disposed with the task; its failures reported as every resource's. Scripted resources, real registry and cycle.
/// </summary>
public sealed class TaskScopedResourceTests
{
    /// <summary>A per-cgroup resource adding one CPU value.</summary>
    private sealed class CpuResource(double cpu) : ITaskResource
    {
        public string Name => "cgroup";
        public string? Error => null;
        public bool Disposed { get; private set; }
        public void Sync() { }

        public CollectOutcome Collect(TaskSample sample)
        {
            sample.Add(MetricCatalog.TaskCpuUsageSeconds, cpu);
            return CollectOutcome.Ok;
        }

        public void Dispose() => Disposed = true;
    }

    private sealed class CpuFactory(Func<string, double> cpuOf) : ITaskResourceFactory
    {
        public List<CpuResource> Opened { get; } = [];

        public ITaskResource? Open(string cgroupPath)
        {
            var r = new CpuResource(cpuOf(cgroupPath));
            Opened.Add(r);
            return r;
        }
    }

    /// <summary>Records what it saw of the merged sample and appends the task's LLC occupancy.</summary>
    private sealed class WholeTask(NodeTask task) : ITaskScopedResource
    {
        public string Name => "resctrl";
        public string? Error { get; set; }
        public CollectOutcome Next { get; set; } = CollectOutcome.Ok;
        public NodeTask Task { get; private set; } = task;
        public List<double> CpuSeen { get; } = [];
        public int Collections { get; private set; }
        public bool Disposed { get; private set; }

        public void Follow(NodeTask fresh) => Task = fresh;

        public void Sync() { }

        public CollectOutcome Collect(TaskSample sample)
        {
            Collections++;
            CpuSeen.Add(sample.TryGet(MetricCatalog.TaskCpuUsageSeconds, out var cpu) ? cpu : double.NaN);
            if (Next == CollectOutcome.Ok) sample.Add(MetricCatalog.TaskLlcOccupancyBytes, 4096);
            return Next;
        }

        public void Dispose() => Disposed = true;
    }

    private sealed class WholeTaskFactory : ITaskScopedResourceFactory
    {
        public List<WholeTask> Opened { get; } = [];
        public int Iterations { get; private set; }

        public ITaskScopedResource? Open(NodeTask task)
        {
            var r = new WholeTask(task);
            Opened.Add(r);
            return r;
        }

        public void BeginIteration() => Iterations++;
    }

    private sealed class NoTasks : INode
    {
        public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken) => [];
    }

    private static LabelSet Labels(NodeTask task) => LabelSet.From(("task_id", task.TaskId));

    private static double Cpu(string path) => path.EndsWith("c1", StringComparison.Ordinal) ? 1 : path.EndsWith("c2", StringComparison.Ordinal) ? 2 : 4;

    [Fact]
    public void A_pod_has_one_opened_once_that_sees_the_merged_sample_follows_its_containers_and_goes_with_it()
    {
        var cgroups = new CpuFactory(Cpu);
        var whole = new WholeTaskFactory();
        using var registry = new TaskRegistry([cgroups], [whole], new RecordingLogger());
        var pod = NodeTask.ForCgroup("/pod") with { SubcgroupPaths = ["/pod/c1", "/pod/c2"] };
        IReadOnlyList<NodeTask> tasks = [pod];
        var failures = new NoFailures();
        double[] Iterate()
        {
            registry.Sync(tasks, LabelSet.Empty, Labels);
            var container = Assert.Single(registry.Ordered);
            var sample = new TaskSample();
            Assert.True(container.Collect(sample, new TaskSample(), failures));
            container.TaskScoped!.Collect(container, sample, failures);
            return [sample.TryGet(MetricCatalog.TaskCpuUsageSeconds, out var cpu) ? cpu : double.NaN, sample.TryGet(MetricCatalog.TaskLlcOccupancyBytes, out var llc) ? llc : double.NaN];
        }

        Assert.Equal([3, 4096], Iterate());
        Assert.Equal([3, 4096], Iterate()); // the same task instances: nothing reopened, the iteration still begins
        var resource = Assert.Single(whole.Opened);
        Assert.Equal([3.0, 3.0], resource.CpuSeen); // after both containers were merged
        Assert.Equal(2, whole.Iterations);
        Assert.Equal(2, cgroups.Opened.Count);

        // A container more: the per-container resources are made again, the task's own one follows.
        var grown = pod with { SubcgroupPaths = ["/pod/c1", "/pod/c2", "/pod/c3"] };
        tasks = [grown];
        Assert.Equal([7, 4096], Iterate());
        Assert.Same(resource, Assert.Single(whole.Opened));
        Assert.Same(grown, resource.Task);
        Assert.Equal(5, cgroups.Opened.Count);
        Assert.All(cgroups.Opened.Take(2), r => Assert.True(r.Disposed));
        Assert.False(resource.Disposed);

        tasks = [];
        registry.Sync(tasks, LabelSet.Empty, Labels);
        Assert.True(resource.Disposed);
        Assert.Equal(4, whole.Iterations);
    }

    [Fact]
    public void A_failing_task_scoped_resource_is_logged_once_counted_and_leaves_the_cgroup_values()
    {
        var whole = new WholeTaskFactory();
        using var registry = new TaskRegistry([new CpuFactory(Cpu)], [whole], new RecordingLogger());
        var loggers = new RecordingLoggerFactory();
        var counters = new FailureCounters();
        var services = new AgentServices(loggers, HostPaths.Default, new LogCounters(), TimeProvider.System);
        using var cycle = new MeasurementCycle(new MeasurementSettings { Node = new NoTasks() }, services, new StageProfiler(Stages.Names), counters);
        var task = NodeTask.ForCgroup("/t");
        registry.Sync([task], LabelSet.Empty, Labels);
        var container = Assert.Single(registry.Ordered);
        var resource = Assert.Single(whole.Opened);
        resource.Next = CollectOutcome.Failed;
        resource.Error = "wca-t: No such file or directory";
        for (var i = 0; i < 3; i++)
        {
            var sample = new TaskSample();
            Assert.True(container.Collect(sample, new TaskSample(), cycle));
            container.TaskScoped!.Collect(container, sample, cycle);
            Assert.True(sample.TryGet(MetricCatalog.TaskCpuUsageSeconds, out var cpu) && cpu == 4);
        }
        resource.Next = CollectOutcome.Ok;
        container.TaskScoped!.Collect(container, new TaskSample(), cycle);
        Assert.Equal(
        [
            "Measuring task t failed: resctrl: wca-t: No such file or directory",
            "Task t: resctrl measures again (after 3 failed collections)",
        ], loggers.Logger.Lines.Select(l => l.Message));
        Assert.Equal(3, counters.All.Single(c => c.Key == ("task", "resctrl")).Value);
    }

    private sealed class NoFailures : IResourceFailures
    {
        public void Failed(TaskContainer task, ITaskResource resource, FailureLatch latch) => Assert.Fail($"{resource.Name} failed: {resource.Error}");

        public void Recovered(TaskContainer task, ITaskResource resource, FailureLatch latch) => Assert.Fail($"{resource.Name} recovered");
    }
}
