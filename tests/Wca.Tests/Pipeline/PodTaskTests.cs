using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Pipeline;

/// <summary>
/// A pod task measured on real cgroups: its two container cgroups are summed (counters) and averaged (gauges),
/// and a container replaced mid-run is followed, its old files closed.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PodTaskTests
{
    private sealed class ScriptedNode : INode
    {
        public IReadOnlyList<NodeTask> Tasks { get; set; } = [];
        public IReadOnlyList<NodeTask> GetTasks(CancellationToken cancellationToken) => Tasks;
    }

    /// <summary>Keeps the last metrics package.</summary>
    private sealed class RecordingStorage : IStorage
    {
        public Metric[] Last { get; private set; } = [];
        public void Store(MetricPackage batch, CancellationToken cancellationToken) => Last = batch.ToArray();
    }

    private static double Read(RecordingStorage storage, string name, string taskId) =>
        storage.Last.Single(m => m.Name == name && m.Labels["task_id"] == taskId).Value;

    /// <summary>CPU seconds of a cgroup, from the file the agent reads for it (v1 cpuacct.usage, else cgroup2 cpu.stat).</summary>
    private static double CpuSeconds(TestCgroup cg)
    {
        if (cg.Layout.Cpuacct is { } cpuacct)
            return ulong.Parse(File.ReadAllText(Path.Combine(CgroupLayout.Join(cpuacct, cg.CgroupPath), "cpuacct.usage")).Trim(), CultureInfo.InvariantCulture) * 1e-9;
        var stat = File.ReadAllLines(Path.Combine(CgroupLayout.Join(cg.Layout.Unified!, cg.CgroupPath), "cpu.stat"));
        return ulong.Parse(stat.Single(l => l.StartsWith("usage_usec ", StringComparison.Ordinal))[11..], CultureInfo.InvariantCulture) * 1e-6;
    }

    /// <summary>Memory charged to a cgroup, from the file the agent reads (v1 memory.usage_in_bytes, else memory.current).</summary>
    private static double MemoryBytes(TestCgroup cg) =>
        double.Parse(File.ReadAllText(cg.Layout.Memory is { } memory
            ? Path.Combine(CgroupLayout.Join(memory, cg.CgroupPath), "memory.usage_in_bytes")
            : Path.Combine(CgroupLayout.Join(cg.Layout.Unified!, cg.CgroupPath), "memory.current")).Trim(), CultureInfo.InvariantCulture);

    private static TestCgroup Container(TestCgroup pod, string name)
    {
        var container = pod.CreateChild(name);
        container.StartStressNg("--cpu", "1", "--cpu-load", "30");
        return container;
    }

    /// <summary>Waits (bounded) until every container has used some CPU, so a sum is told apart from one container or a mean.</summary>
    private static void UntilBusy(params TestCgroup[] containers)
    {
        var sw = Stopwatch.StartNew();
        while (containers.Any(c => CpuSeconds(c) < 0.1) && sw.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(50);
        Assert.All(containers, c => Assert.True(CpuSeconds(c) >= 0.1, $"{c.CgroupPath} used {CpuSeconds(c)} s of CPU in 20 s"));
    }

    /// <summary>Runs one iteration; the pod's CPU must lie between the containers' summed usage read before and after it.</summary>
    private static void AssertCpuIsTheSum(MeasurementRunner runner, RecordingStorage storage, string podId, TestCgroup a, TestCgroup b)
    {
        var before = CpuSeconds(a) + CpuSeconds(b);
        runner.RunIteration(0);
        var after = CpuSeconds(a) + CpuSeconds(b);
        var pod = Read(storage, "task_cpu_usage_seconds", podId);
        Assert.InRange(pod, before - 1e-6, after + 1e-6);
    }

    private static int DescriptorsUnder(TestCgroup cg) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(fd => { try { return fd.LinkTarget?.Contains(cg.CgroupPath + "/", StringComparison.Ordinal) == true; } catch (IOException) { return false; } });

    [Fact]
    public void APodsContainersAreSummedAndAReplacedContainerIsFollowed()
    {
        using var pod = TestCgroup.Create("pod");
        var c1 = Container(pod, "c1");
        var c2 = Container(pod, "c2");
        var node = new ScriptedNode();
        var podTask = new NodeTask { Name = "pod", TaskId = pod.RelativePath, CgroupPath = pod.CgroupPath, SubcgroupPaths = [c1.CgroupPath, c2.CgroupPath] };
        node.Tasks = [podTask];
        var storage = new RecordingStorage();
        var services = new AgentServices(NullLoggerFactory.Instance, HostPaths.Default, new LogCounters(), TimeProvider.System);
        using var runner = new MeasurementRunner(services) { Node = node, MetricsStorage = storage };
        Assert.Equal(0, runner.Initialize());
        UntilBusy(c1, c2);

        AssertCpuIsTheSum(runner, storage, pod.RelativePath, c1, c2);
        Assert.Equal(2, Read(storage, "task_subcontainers", pod.RelativePath));
        // A gauge is the containers' mean (memory moves a little between the reads: 10 % and 1 MiB of slack).
        var mean = (MemoryBytes(c1) + MemoryBytes(c2)) / 2;
        Assert.True(mean > 1 << 20, $"the containers' mean memory is only {mean} bytes: too little to tell a mean from a sum");
        Assert.InRange(Read(storage, "task_mem_usage_bytes", pod.RelativePath), 0.9 * mean - (1 << 20), 1.1 * mean + (1 << 20));
        Assert.True(DescriptorsUnder(c2) > 0, "c2's files are not open: the descriptor check below would prove nothing");

        // c2 is replaced by c3: the node reports the pod's new containers.
        var c3 = Container(pod, "c3");
        c2.Dispose();
        Assert.All(c2.Directories, d => Assert.False(Directory.Exists(d), $"{d} was not removed"));
        node.Tasks = [podTask with { SubcgroupPaths = [c1.CgroupPath, c3.CgroupPath] }];
        UntilBusy(c3);

        AssertCpuIsTheSum(runner, storage, pod.RelativePath, c1, c3);
        Assert.Equal(0, DescriptorsUnder(c2));
        Assert.True(DescriptorsUnder(c3) > 0, "c3's files are not open");
        Assert.Single(storage.Last, m => m.Name == "task_cpu_usage_seconds");
        AssertCpuIsTheSum(runner, storage, pod.RelativePath, c1, c3); // and steadily so
    }
}
