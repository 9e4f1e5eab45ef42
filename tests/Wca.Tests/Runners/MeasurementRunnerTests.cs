using Microsoft.Extensions.Logging.Abstractions;
using Wca.Discovery;
using Wca.Kernel.Cgroups;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Runners;

/// <summary>The whole loop on real cgroups and processes: discovery, measurement, exposition, storage.</summary>
[Collection(SerialCollection.Name)]
public sealed class MeasurementRunnerTests
{
    private static AgentServices Services(LogCounters? counters = null) =>
        new(NullLoggerFactory.Instance, HostPaths.Default, counters ?? new LogCounters(), TimeProvider.System);

    private static MeasurementRunner Runner(Wca.Api.INode node, Wca.Api.IStorage storage, double interval = 1.0, LogCounters? counters = null) =>
        new(Services(counters)) { Node = node, MetricsStorage = storage, IntervalSeconds = interval };

    /// <summary>Runs the loop on a thread until <paramref name="iterations"/> are done, then stops it like SIGTERM does.</summary>
    private static int RunFor(MeasurementRunner runner, int iterations)
    {
        using var stop = new CancellationTokenSource();
        var exit = -1;
        var thread = new Thread(() => exit = runner.Run(stop.Token));
        thread.Start();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (runner.Iterations < iterations && DateTime.UtcNow < deadline && thread.IsAlive) Thread.Sleep(20);
        stop.Cancel();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the runner did not stop within 10 s of cancellation");
        Assert.True(runner.Iterations >= iterations, $"only {runner.Iterations} of {iterations} iterations in 60 s");
        return exit;
    }

    /// <summary>USER_HZ, the unit of utime and stime in /proc/&lt;pid&gt;/stat: fixed at 100 by the kernel's ABI.</summary>
    private const double UserHz = 100;

    /// <summary>CPU seconds (utime + stime) the processes of <paramref name="task"/> have used, from their own /proc/&lt;pid&gt;/stat.</summary>
    private static double ProcessCpuSeconds(TestCgroup task)
    {
        var ticks = 0L;
        foreach (var pid in task.ReadPids())
        {
            string stat;
            try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
            catch (IOException) { continue; } // exited between the list and the read
            // Fields after the command's closing parenthesis start at field 3 (state); utime and stime are fields 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        }
        return ticks / UserHz;
    }

    /// <summary>
    /// The reported CPU time of a busy task grows as much as its processes' own CPU time over the same window, however
    /// much CPU the machine gives it (other jobs share the cores: a 100 % stress-ng may get far less than one CPU).
    /// Each iteration is bracketed by /proc/&lt;pid&gt;/stat reads, so the agent's growth between two iterations lies between
    /// the processes' growth from the end of the first to the start of the second and from the start of the first to the
    /// end of the second, give or take the ticks of /proc's accounting.
    /// </summary>
    [Fact]
    public void BusyTaskCpuGrowsAsItsProcessesCpuTimeAndIdleTaskStaysFlat()
    {
        using var busy = TestCgroup.Create("busy");
        using var idle = TestCgroup.Create("idle");
        using var dir = new TestDirectory();
        busy.StartStressNg("--cpu", "1", "--cpu-load", "100");
        idle.StartSleeper();
        var output = dir.File("metrics.prom");
        var node = new StaticNode([busy.RelativePath, idle.CgroupPath], new CgroupFs(HostPaths.Default), NullLogger.Instance);
        using var runner = Runner(node, new LogStorage(output), interval: 0.5);
        Assert.Equal(0, runner.Initialize());

        const int iterations = 7;
        var before = new double[iterations];
        var after = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            if (i > 0) Thread.Sleep(500);
            before[i] = ProcessCpuSeconds(busy);
            runner.RunIteration(0);
            after[i] = ProcessCpuSeconds(busy);
        }

        var text = File.ReadAllText(output);
        // Every package begins with the same first line: promtool checks the last one whole.
        var firstLine = text[..(text.IndexOf('\n') + 1)];
        Promtool.AssertParses(text[text.LastIndexOf(firstLine, StringComparison.Ordinal)..]);
        var packages = PrometheusSamples.Packages(text);
        Assert.Equal(iterations, packages.Count);
        // The first package is measured while stress-ng may still be starting its worker: compare the second with the last.
        const int first = 1, last = iterations - 1;
        double Cpu(IReadOnlyList<PrometheusSample> package, TestCgroup task) =>
            package.Single(s => s.Name == "task_cpu_usage_seconds" && s["task_id"] == task.RelativePath).Value;
        var reported = Cpu(packages[last], busy) - Cpu(packages[first], busy);
        var (atLeast, atMost) = (before[last] - after[first], after[last] - before[first]);
        // /proc counts in ticks (10 ms) for each of stress-ng's two processes, read twice at each end.
        var tolerance = 0.05 + 0.03 * atMost;
        Assert.True(atLeast > 0.1, $"stress-ng got only {atLeast:F3} CPU seconds in ~3 s: the test cannot tell a right value from a wrong one");
        Assert.InRange(reported, atLeast - tolerance, atMost + tolerance);
        Assert.InRange(Cpu(packages[last], idle) - Cpu(packages[first], idle), 0, 0.02);

        // Every package carries the platform and the agent's own health.
        var lastPackage = packages[last];
        Assert.Contains(lastPackage, s => s.Name == "platform_cpu_usage");
        Assert.Equal(2, lastPackage.Single(s => s.Name == "wca_tasks").Value);
        Assert.Equal(2, lastPackage.Single(s => s.Name == "wca_tasks_measured").Value);
        Assert.All(lastPackage.Where(s => s.Name.StartsWith("task_", StringComparison.Ordinal)), s =>
        {
            Assert.Equal(Environment.MachineName, s["host"]);
            Assert.NotNull(s["task_id"]);
        });
    }

    [Fact]
    public void OneFailingStorageIsCountedAndTheLoopGoesOn()
    {
        using var task = TestCgroup.Create();
        using var dir = new TestDirectory();
        var target = Path.Combine(dir.Path, "out", "metrics.prom");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var node = new StaticNode([task.RelativePath], new CgroupFs(HostPaths.Default), NullLogger.Instance);
        using var runner = Runner(node, new LogStorage(target, overwrite: true), interval: 0.1);
        Assert.Equal(0, runner.Initialize());

        runner.RunIteration(0);
        Assert.True(File.Exists(target));
        Directory.Delete(Path.GetDirectoryName(target)!, recursive: true); // the storage cannot write any more
        runner.RunIteration(0);
        runner.RunIteration(0);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        runner.RunIteration(0);

        var last = PrometheusSamples.Parse(File.ReadAllText(target));
        Assert.Equal(2, last.Single(s => s.Name == "wca_failure_count" && s["stage"] == "storage").Value);
        Assert.Equal(4, last.Single(s => s.Name == "wca_iterations").Value);
        Assert.Contains(last, s => s.Name == "task_up" && s["task_id"] == task.RelativePath);
    }

    [Fact]
    public void TaskChurnLeaksNoDescriptorsAndNoMemory()
    {
        using var parent = TestCgroup.Create("churn");
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        using var node = new CgroupNode([parent.RelativePath + "/*"], new CgroupFs(HostPaths.Default), NullLogger.Instance, requirePids: false);
        using var runner = Runner(node, new LogStorage(output, overwrite: true), interval: 0.1);
        Assert.Equal(0, runner.Initialize());

        // Five tasks appear and five vanish every iteration; ten live at any time.
        var live = new Queue<string>();
        var next = 0;
        long retainedAt50 = 0;
        for (var i = 0; i < 200; i++)
        {
            for (var k = 0; k < 5; k++)
            {
                var name = "t" + next++;
                foreach (var h in parent.Directories) Directory.CreateDirectory(Path.Combine(h, name));
                live.Enqueue(name);
            }
            while (live.Count > 10)
            {
                var gone = live.Dequeue();
                foreach (var h in parent.Directories) Directory.Delete(Path.Combine(h, gone));
            }
            runner.RunIteration(0);
            if (i == 50) retainedAt50 = RetainedBytes();
            Assert.InRange(DescriptorsUnder(parent.Name), 1, 10 * 20);
        }
        var retainedAt200 = RetainedBytes();
        var last = PrometheusSamples.Parse(File.ReadAllText(output));
        Assert.Equal(10, last.Single(s => s.Name == "wca_tasks").Value);
        Assert.Equal(10, last.Count(s => s.Name == "task_up"));
        Assert.True(retainedAt200 - retainedAt50 < 2 << 20, $"memory retained grew by {retainedAt200 - retainedAt50} bytes over 150 churn iterations");

        runner.Dispose();
        foreach (var name in live) foreach (var h in parent.Directories) Directory.Delete(Path.Combine(h, name));
        Assert.Equal(0, DescriptorsUnder(parent.Name));
    }

    [Fact]
    public void TaskMetricsSelectsWhatIsProducedAndWhichFilesAreRead()
    {
        using var task = TestCgroup.Create("selected");
        using var dir = new TestDirectory();
        var output = dir.File("metrics.prom");
        var node = new StaticNode([task.RelativePath], new CgroupFs(HostPaths.Default), NullLogger.Instance);
        using var runner = new MeasurementRunner(Services())
        {
            Node = node, MetricsStorage = new LogStorage(output, overwrite: true), TaskMetrics = ["task_cpu_usage_seconds", "task_up"],
        };
        Assert.Equal(0, runner.Initialize());
        runner.RunIteration(0);

        var taskSamples = PrometheusSamples.Parse(File.ReadAllText(output)).Where(s => s.Name.StartsWith("task_", StringComparison.Ordinal));
        Assert.Equal(["task_cpu_usage_seconds", "task_up"], taskSamples.Select(s => s.Name).Order());
        // Only the file that feeds task_cpu_usage_seconds stays open for this task.
        Assert.Equal(1, DescriptorsUnder(task.Name));
    }

    [Fact]
    public void ARepeatedTaskListKeepsItsSeriesAndEveryChangeIsFollowed()
    {
        using var a = TestCgroup.Create("a");
        using var b = TestCgroup.Create("b");
        var taskA = Wca.Api.NodeTask.ForCgroup(a.CgroupPath);
        var taskB = Wca.Api.NodeTask.ForCgroup(b.CgroupPath);
        var relabeled = taskB with { Labels = new Dictionary<string, string> { ["app"] = "x" } };
        var node = new ScriptedNode();
        var storage = new TaskUpRecorder();
        using var runner = new MeasurementRunner(Services()) { Node = node, MetricsStorage = storage, TaskMetrics = ["task_up"] };
        Assert.Equal(0, runner.Initialize());
        string Up(Wca.Api.NodeTask task, string labels = "") => $"{task.TaskId}{labels}";

        Wca.Api.NodeTask[] both = [taskA, taskB];
        var steps = new (IReadOnlyList<Wca.Api.NodeTask> Tasks, string[] Expected)[]
        {
            (both, [Up(taskA), Up(taskB)]),
            (both, [Up(taskA), Up(taskB)]), // the same list instance
            (new List<Wca.Api.NodeTask> { taskA, taskB }, [Up(taskA), Up(taskB)]), // the same tasks in another list
            ([taskA], [Up(taskA)]),
            ([taskA, relabeled], [Up(taskA), Up(taskB, " app=x")]),
            ([taskA, relabeled], [Up(taskA), Up(taskB, " app=x")]),
            ([taskA, taskB], [Up(taskA), Up(taskB)]),
            ([taskA, taskA], [Up(taskA)]), // a repeated cgroup counts once
            ([taskA, taskA], [Up(taskA)]),
            ([taskB, taskA], [Up(taskA), Up(taskB)]),
            ([], []),
            (both, [Up(taskA), Up(taskB)]),
        };
        foreach (var (tasks, expected) in steps)
        {
            node.Tasks = tasks;
            runner.RunIteration(0);
            // Label order: a set with "app" sorts before one whose first key is "task_id"; ids (random hex) ordinally.
            Assert.Equal(expected.OrderBy(e => !e.Contains(" app=", StringComparison.Ordinal)).ThenBy(e => e, StringComparer.Ordinal), storage.Last);
        }
    }

    private sealed class ScriptedNode : Wca.Api.INode
    {
        public IReadOnlyList<Wca.Api.NodeTask> Tasks { get; set; } = [];
        public IReadOnlyList<Wca.Api.NodeTask> GetTasks(CancellationToken cancellationToken) => Tasks;
    }

    /// <summary>Keeps the task_up series of the last package as "task_id[ app=...]".</summary>
    private sealed class TaskUpRecorder : Wca.Api.IStorage
    {
        public List<string> Last { get; } = [];

        public void Store(Wca.Api.MetricPackage batch, CancellationToken cancellationToken)
        {
            Last.Clear();
            foreach (var m in batch.Metrics)
                if (m.Name == "task_up")
                    Last.Add(m.Labels["task_id"] + (m.Labels.TryGetValue("app", out var app) ? " app=" + app : ""));
        }
    }

    [Fact]
    public void AnUnknownTaskMetricNamesTheValidOnes()
    {
        var node = new StaticNode([], new CgroupFs(HostPaths.Default), NullLogger.Instance);
        var e = Assert.Throws<ArgumentException>(() => new MeasurementRunner(Services()) { Node = node, TaskMetrics = ["task_cpu_usage"] });
        Assert.Contains("'task_cpu_usage' is not a task metric", e.Message);
        Assert.Contains("task_cpu_usage_seconds", e.Message);
    }

    private static long RetainedBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static int DescriptorsUnder(string cgroupName) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(fd => { try { return fd.LinkTarget?.Contains(cgroupName, StringComparison.Ordinal) == true; } catch (IOException) { return false; } });
}
