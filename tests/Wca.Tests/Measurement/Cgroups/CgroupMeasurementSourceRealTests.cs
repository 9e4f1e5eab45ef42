using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Host;
using Wca.Measurement;
using Wca.Measurement.Cgroups;
using Wca.Kernel.Cgroups;
using Wca.Measurement.Catalog;
using Wca.Tests.TestSupport;
using static Wca.Tests.TestSupport.SampleAssert;

namespace Wca.Tests.Measurement.Cgroups;

/// <summary>Real cgroups of this (hybrid) host with real stress-ng and sleep processes in them.</summary>
public sealed class CgroupMeasurementSourceRealTests
{
    private static readonly CgroupMeasurementFactory Factory = new(new CgroupFs(HostPaths.Default), NullLogger.Instance);

    private static TaskSample Collect(CgroupMeasurementSource source)
    {
        var sample = new TaskSample();
        Assert.True(source.Collect(sample));
        return sample;
    }

    private static double CpuSeconds(CgroupMeasurementSource source) => Single(Collect(source), MetricCatalog.TaskCpuUsageSeconds);

    [Fact]
    public void Busy_task_grows_by_the_cpu_time_its_processes_got_and_an_idle_one_by_almost_nothing()
    {
        using var busy = TestCgroup.Create("busy");
        using var idle = TestCgroup.Create("idle");
        busy.StartStressNg("--cpu", "1", "--cpu-load", "100");
        idle.StartSleeper();
        using var busySource = Factory.Open(busy.CgroupPath);
        using var idleSource = Factory.Open(idle.CgroupPath);
        Thread.Sleep(300); // let stress-ng's worker start

        var busyBefore = CpuSeconds(busySource);
        var processesBefore = ProcessCpuSeconds(busy);
        var idleBefore = CpuSeconds(idleSource);
        var wall = Stopwatch.StartNew();
        Thread.Sleep(2000);
        var busyUsed = CpuSeconds(busySource) - busyBefore;
        var processesUsed = ProcessCpuSeconds(busy) - processesBefore;
        var idleUsed = CpuSeconds(idleSource) - idleBefore;
        var elapsed = wall.Elapsed.TotalSeconds;

        // On an idle machine the busy task gets the whole elapsed time; on this shared 2-core machine it gets what the
        // scheduler gives it, which /proc/<pid>/stat counts independently of the cgroup.
        Assert.InRange(busyUsed, processesUsed * 0.85, processesUsed * 1.15 + 0.02);
        Assert.InRange(busyUsed, elapsed * 0.2, elapsed * 1.15);
        Assert.InRange(idleUsed, 0, 0.02);
    }

    /// <summary>utime + stime of every process in the cgroup, from /proc/&lt;pid&gt;/stat (USER_HZ = 100).</summary>
    private static double ProcessCpuSeconds(TestCgroup cg)
    {
        var total = 0.0;
        foreach (var pid in cg.ReadPids())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0; // fields 14 and 15 of the whole line
            }
            catch (IOException) { }
        }
        return total;
    }

    [Fact]
    public void Memory_usage_matches_what_stress_ng_keeps_allocated()
    {
        const double allocated = 200 * 1024 * 1024;
        using var cg = TestCgroup.Create("vm");
        cg.StartStressNg("--vm", "1", "--vm-bytes", "200M", "--vm-keep");
        using var source = Factory.Open(cg.CgroupPath);

        // Usage also counts page cache charged to the cgroup (stress-ng's own files, cold on a fresh machine):
        // wait until the anonymous part has been touched, then compare usage without the cache.
        var sample = Collect(source);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(15) && Single(sample, MetricCatalog.TaskMemAnonBytes) < allocated * 0.95)
        {
            Thread.Sleep(100);
            sample = Collect(source);
        }
        var usageWithoutCache = Single(sample, MetricCatalog.TaskMemUsageBytes) - Single(sample, MetricCatalog.TaskMemFileBytes);
        Assert.InRange(usageWithoutCache, allocated * 0.9, allocated * 1.1);
        Assert.InRange(Single(sample, MetricCatalog.TaskMemAnonBytes), allocated * 0.9, allocated * 1.1);
        Assert.True(Single(sample, MetricCatalog.TaskMemMaxUsageBytes) >= Single(sample, MetricCatalog.TaskMemUsageBytes) * 0.99);
        // At least one fault per 2 MB: transparent huge pages may back the allocation with 2 MB faults, not 4 KB ones.
        Assert.True(Single(sample, MetricCatalog.TaskMemPageFaults) > allocated / (2 << 20) * 0.5);
        Assert.NotEmpty(Values(sample, MetricCatalog.TaskMemNumaPages, LabelSet.From(("numa_node", "0"))));
    }

    [Fact]
    public void Hybrid_host_reports_v1_cpu_once_and_v2_pressure()
    {
        using var cg = TestCgroup.Create();
        cg.StartSleeper();
        using var source = Factory.Open(cg.CgroupPath);
        var sample = Collect(source);

        Single(sample, MetricCatalog.TaskCpuUsageSeconds);
        Single(sample, MetricCatalog.TaskCpuCfsPeriods);
        Single(sample, MetricCatalog.TaskMemLimitBytes);
        foreach (var resource in new[] { "cpu", "memory", "io" })
            Single(sample, MetricCatalog.TaskPressureStalledSeconds, LabelSet.From(("resource", resource), ("kind", "some")));
    }

    [Fact]
    public void Vanished_cgroup_collects_false_without_throwing_and_comes_back_when_recreated()
    {
        var cg = TestCgroup.Create("vanish");
        string[] dirs;
        using var source = Factory.Open(cg.CgroupPath);
        try
        {
            cg.StartSleeper();
            Assert.True(Collect(source).Count > 0);
            dirs = cg.Directories.ToArray();
        }
        finally
        {
            cg.Dispose();
        }

        var sample = new TaskSample();
        Assert.False(source.Collect(sample));
        Assert.Equal(0, sample.Count);
        Assert.False(source.Collect(sample));

        try
        {
            foreach (var dir in dirs) Directory.CreateDirectory(dir);
            Assert.True(source.Collect(sample));
            Assert.True(Has(sample, MetricCatalog.TaskCpuUsageSeconds));
        }
        finally
        {
            source.Dispose();
            foreach (var dir in dirs) Directory.Delete(dir);
        }
    }

    private static string[] MetricKeys(TaskSample sample) =>
        sample.Entries.ToArray().Select(e => e.Descriptor.Name + (e.Levels is null ? "" : e.Levels.ToString())).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Cgroup_removed_and_created_anew_between_collections_is_measured_whole_again_at_once()
    {
        using var cg = TestCgroup.Create("restart");
        var log = new RecordingLogger();
        using var source = new CgroupMeasurementFactory(new CgroupFs(HostPaths.Default), log).Open(cg.CgroupPath);
        var before = MetricKeys(Collect(source));
        Assert.Contains(MetricCatalog.TaskCpuUsageSeconds.Name, before);
        Assert.Contains(MetricCatalog.TaskMemUsageBytes.Name, before);

        // What a service restart does to its cgroup: rmdir and mkdir on the same path, between two iterations.
        foreach (var dir in cg.Directories) Directory.Delete(dir);
        foreach (var dir in cg.Directories) Directory.CreateDirectory(dir);

        Assert.Equal(before, MetricKeys(Collect(source)));
        Assert.Equal(before, MetricKeys(Collect(source)));
        // The dead cgroup's files were reopened, not reported broken.
        Assert.DoesNotContain(log.Lines, l => l.Message.Contains("cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Dispose_closes_every_file()
    {
        using var cg = TestCgroup.Create();
        var before = OpenCgroupFiles(cg.Name);
        var source = Factory.Open(cg.CgroupPath);
        Collect(source);
        Assert.True(OpenCgroupFiles(cg.Name) - before >= 10);
        source.Dispose();
        Assert.Equal(before, OpenCgroupFiles(cg.Name));
    }

    private static int OpenCgroupFiles(string name) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(fd => { try { return fd.LinkTarget?.Contains(name, StringComparison.Ordinal) == true; } catch (IOException) { return false; } });

    [Fact]
    public void Steady_state_collection_does_not_allocate()
    {
        using var cg = TestCgroup.Create();
        using var source = Factory.Open(cg.CgroupPath);
        var sample = new TaskSample();
        for (var i = 0; i < 50; i++) { sample.Clear(); source.Collect(sample); }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) { sample.Clear(); source.Collect(sample); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
