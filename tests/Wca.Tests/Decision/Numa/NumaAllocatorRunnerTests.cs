using Microsoft.Extensions.Logging;
using Wca.Api;
using Wca.Decision.Numa;
using Wca.Discovery;
using Wca.Host;
using Wca.Host.Logging;
using Wca.Kernel.Cgroups;
using Wca.Runners;
using Wca.Storage;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Decision.Numa;

/// <summary>
/// The NUMAAllocator through the real AllocationRunner on real test cgroups and processes. This VM has one NUMA node,
/// so the two-node case reads a fixture /sys (node 0 = CPU 0, node 1 = CPU 1, as many CPUs as the VM has) beside the
/// real /proc and cgroups: the allocator's cpuset.cpus reach the real cgroup files. The one-node case runs on the real /sys.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class NumaAllocatorRunnerTests
{
    private static StaticNode Node(params TestCgroup[] tasks) =>
        new([.. tasks.Select(t => t.RelativePath)], new CgroupFs(HostPaths.Default), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    /// <summary>A /sys with two NUMA nodes of one CPU each (the VM's two CPUs) and 4 GB free on each.</summary>
    private static string TwoNodeSys(TestDirectory dir)
    {
        Assert.Equal(2, Environment.ProcessorCount);
        dir.Write("sys/devices/system/cpu/online", "0-1\n");
        for (var cpu = 0; cpu < 2; cpu++)
        {
            if (cpu > 0) dir.Write($"sys/devices/system/cpu/cpu{cpu}/online", "1\n");
            dir.Write($"sys/devices/system/cpu/cpu{cpu}/topology/physical_package_id", $"{cpu}\n");
            dir.Write($"sys/devices/system/cpu/cpu{cpu}/topology/core_id", "0\n");
            dir.Write($"sys/devices/system/node/node{cpu}/cpulist", $"{cpu}\n");
            dir.Write($"sys/devices/system/node/node{cpu}/meminfo",
                $"Node {cpu} MemTotal:       8000000 kB\nNode {cpu} MemFree:        4000000 kB\nNode {cpu} MemUsed:        4000000 kB\n");
        }
        dir.Write("sys/devices/system/node/online", "0-1\n");
        return dir.File("sys");
    }

    private static string CpusetCpus(TestCgroup cgroup) =>
        File.ReadAllText(Path.Combine(CgroupLayout.Join(cgroup.Layout.Cpuset!, cgroup.CgroupPath), "cpuset.cpus")).Trim();

    [Fact]
    public void On_two_nodes_the_biggest_task_is_pinned_first_then_the_next_one_to_the_other_node_and_the_metrics_are_stored()
    {
        using var big = TestCgroup.Create("numa-big");
        using var small = TestCgroup.Create("numa-small");
        using var bigCpuset = new CpusetCgroup(big);
        using var smallCpuset = new CpusetCgroup(small);
        using var dir = new TestDirectory();
        big.StartStressNg("--vm", "1", "--vm-bytes", "64M", "--vm-keep", "--vm-hang", "0");
        small.StartSleeper();
        var paths = HostPaths.Default with { Sys = TwoNodeSys(dir) };
        var loggers = new RecordingLoggerFactory();
        var services = new AgentServices(loggers, paths, new LogCounters(), TimeProvider.System);
        using var runner = new AllocationRunner(services)
        {
            Node = Node(big, small),
            Allocator = new NumaAllocator(services) { MigratePages = false }, // the fixture's node 1 is not real: migrate_pages(2) would refuse it
            MetricsStorage = new LogStorage(dir.File("metrics.prom"), overwrite: true),
            AllocationsStorage = new LogStorage(dir.File("allocations.prom"), overwrite: true),
            AnomaliesStorage = new LogStorage(dir.File("anomalies.prom"), overwrite: true),
        };
        Assert.Equal(0, runner.Initialize());
        var all = CpusetCpus(big);
        Assert.Equal("0-1", all);

        // stress-ng's 64 MB take a moment to be charged: wait until the big one is the bigger by far.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (UsageBytes(big) < 32 << 20 && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Assert.True(UsageBytes(big) >= 32 << 20, $"stress-ng did not grow to 32 MB in 60 s ({UsageBytes(big)} bytes)");

        runner.RunIteration(0);
        Assert.Equal(("0", all), (CpusetCpus(big), CpusetCpus(small))); // both nodes empty: the lower one

        runner.RunIteration(0);
        Assert.Equal(("0", "1"), (CpusetCpus(big), CpusetCpus(small)));

        runner.RunIteration(0);
        Assert.Equal(("0", "1"), (CpusetCpus(big), CpusetCpus(small)));
        var pins = loggers.Lines.Where(l => l.Level == LogLevel.Information && l.Message.StartsWith("NUMAAllocator: pinning", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, pins.Length);
        Assert.StartsWith($"NUMAAllocator: pinning task {big.Name} to NUMA node 0 ", pins[0].Message, StringComparison.Ordinal);
        Assert.StartsWith($"NUMAAllocator: pinning task {small.Name} to NUMA node 1 ", pins[1].Message, StringComparison.Ordinal);

        foreach (var file in new[] { "anomalies.prom", "allocations.prom" })
        {
            var text = File.ReadAllText(dir.File(file));
            Promtool.AssertParses(text);
            var samples = PrometheusSamples.Parse(text);
            Assert.Equal(0, samples.Single(s => s.Name == "numa__task_current_node" && s["task_id"] == big.Name).Value);
            Assert.Equal(1, samples.Single(s => s.Name == "numa__task_current_node" && s["task_id"] == small.Name).Value);
            Assert.Equal(1, samples.Single(s => s.Name == "numa__balanced_memory_tasks" && s["numa_node"] == "1").Value);
            Assert.Equal(2, samples.Single(s => s.Name == "numa__task_tasks_count").Value);
            Assert.Equal(0, samples.Single(s => s.Name == "numa__total_pages_to_move").Value);
        }
        var allocations = PrometheusSamples.Parse(File.ReadAllText(dir.File("allocations.prom")));
        Assert.Equal("1", allocations.Single(s => s.Name == "allocation_cpuset_cpus_number_of_cpus" && s["task_id"] == small.Name)["cpuset_cpus"]);
    }

    [Fact]
    public void On_this_one_node_vm_nothing_is_pinned_and_that_is_said_once()
    {
        Assert.Single(Directory.EnumerateDirectories("/sys/devices/system/node", "node*"));
        using var task = TestCgroup.Create("numa-one");
        using var cpuset = new CpusetCgroup(task);
        using var dir = new TestDirectory();
        task.StartSleeper();
        var loggers = new RecordingLoggerFactory();
        var services = new AgentServices(loggers, HostPaths.Default, new LogCounters(), TimeProvider.System);
        using var runner = new AllocationRunner(services)
        {
            Node = Node(task),
            Allocator = new NumaAllocator(services),
            MetricsStorage = new LogStorage(dir.File("metrics.prom"), overwrite: true),
            AllocationsStorage = new LogStorage(dir.File("allocations.prom"), overwrite: true),
            AnomaliesStorage = new LogStorage(dir.File("anomalies.prom"), overwrite: true),
        };
        Assert.Equal(0, runner.Initialize());
        var before = CpusetCpus(task);

        runner.RunIteration(0);
        runner.RunIteration(0);

        Assert.Equal(before, CpusetCpus(task));
        Assert.Single(loggers.Lines, l => l.Message == "NUMAAllocator: the platform has 1 NUMA node(s) with CPUs: nothing to balance, allocating nothing");
        Assert.DoesNotContain(loggers.Lines, l => l.Message.StartsWith("Allocation applied", StringComparison.Ordinal));
        Assert.DoesNotContain("numa__", File.ReadAllText(dir.File("anomalies.prom")), StringComparison.Ordinal);
    }

    private static long UsageBytes(TestCgroup cgroup) =>
        long.Parse(File.ReadAllText(Path.Combine(cgroup.Directories.Single(d => File.Exists(Path.Combine(d, "memory.usage_in_bytes"))), "memory.usage_in_bytes")).Trim(),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The task's cgroup in the v1 cpuset hierarchy (TestCgroup makes none), with the root's CPUs and nodes.</summary>
    private sealed class CpusetCgroup : IDisposable
    {
        public CpusetCgroup(TestCgroup cgroup)
        {
            var root = cgroup.Layout.Cpuset ?? throw new InvalidOperationException("no v1 cpuset hierarchy on this host");
            Directory = CgroupLayout.Join(root, cgroup.CgroupPath);
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(Path.Combine(Directory, "cpuset.cpus"), File.ReadAllText(Path.Combine(root, "cpuset.cpus")).Trim());
            File.WriteAllText(Path.Combine(Directory, "cpuset.mems"), File.ReadAllText(Path.Combine(root, "cpuset.mems")).Trim());
        }

        public string Directory { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory);
    }
}
