using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Measurement;
using Wca.Measurement.Cgroups;
using Wca.Kernel.Cgroups;
using Wca.Measurement.Catalog;
using Wca.Tests.TestSupport;
using static Wca.Tests.TestSupport.SampleAssert;

namespace Wca.Tests.Measurement.Cgroups;

/// <summary>Kernel file layouts this host does not have (pure v2 memory, co-mounted v1), missing files and garbage.</summary>
public sealed class CgroupMeasurementSourceFixtureTests
{
    private static readonly double PageSize = Environment.SystemPageSize;

    private static TaskSample Collect(CgroupMeasurementSource source)
    {
        var sample = new TaskSample();
        Assert.True(source.Collect(sample));
        return sample;
    }

    [Fact]
    public void Pure_v2_reports_cpu_throttling_memory_numa_and_pressure()
    {
        using var tree = CgroupFixtureTree.PureV2();
        const string cg = "/kubepods/pod1";
        tree.Write("", cg, "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 10\nnr_throttled 3\nthrottled_usec 1500000\n");
        tree.Write("", cg, "memory.current", "104857600\n");
        tree.Write("", cg, "memory.peak", "209715200\n");
        tree.Write("", cg, "memory.max", "max\n");
        tree.Write("", cg, "memory.low", "4096\n");
        tree.Write("", cg, "memory.stat", "anon 1000\nfile 2000\nkernel 5\npgfault 42\npgmajfault 7\n");
        tree.Write("", cg, "memory.numa_stat", $"anon N0={2 * PageSize} N1={3 * PageSize}\nfile N0={PageSize} N1=0\nkernel_stack N0=999 N1=999\n");
        tree.Write("", cg, "cpu.pressure", "some avg10=2.04 avg60=1.00 avg300=0.50 total=4660946\nfull avg10=0.50 avg60=0.00 avg300=0.00 total=1000000\n");
        tree.Write("", cg, "io.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=7\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=3\n");

        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance).Open(cg);
        var s = Collect(source);

        Assert.Equal(2.5, Single(s, MetricCatalog.TaskCpuUsageSeconds));
        Assert.Equal(10, Single(s, MetricCatalog.TaskCpuCfsPeriods));
        Assert.Equal(3, Single(s, MetricCatalog.TaskCpuCfsThrottledPeriods));
        Assert.Equal(1.5, Single(s, MetricCatalog.TaskCpuCfsThrottledSeconds));
        Assert.Equal(104857600, Single(s, MetricCatalog.TaskMemUsageBytes));
        Assert.Equal(209715200, Single(s, MetricCatalog.TaskMemMaxUsageBytes));
        Assert.Equal(double.PositiveInfinity, Single(s, MetricCatalog.TaskMemLimitBytes));
        Assert.Equal(4096, Single(s, MetricCatalog.TaskMemSoftLimitBytes));
        Assert.Equal(1000, Single(s, MetricCatalog.TaskMemAnonBytes));
        Assert.Equal(2000, Single(s, MetricCatalog.TaskMemFileBytes));
        Assert.Equal(42, Single(s, MetricCatalog.TaskMemPageFaults));
        Assert.Equal(7, Single(s, MetricCatalog.TaskMemMajorPageFaults));
        Assert.Equal(3, Single(s, MetricCatalog.TaskMemNumaPages, LabelSet.From(("numa_node", "0"))));
        Assert.Equal(3, Single(s, MetricCatalog.TaskMemNumaPages, LabelSet.From(("numa_node", "1"))));
        Assert.Equal(0.0204, Single(s, MetricCatalog.TaskPressureAvg10Ratio, LabelSet.From(("resource", "cpu"), ("kind", "some"))), 6);
        Assert.Equal(4.660946, Single(s, MetricCatalog.TaskPressureStalledSeconds, LabelSet.From(("resource", "cpu"), ("kind", "some"))), 6);
        Assert.Equal(1.0, Single(s, MetricCatalog.TaskPressureStalledSeconds, LabelSet.From(("resource", "cpu"), ("kind", "full"))), 6);
        Assert.Equal(3e-6, Single(s, MetricCatalog.TaskPressureStalledSeconds, LabelSet.From(("resource", "io"), ("kind", "full"))), 9);
        Assert.Empty(Values(s, MetricCatalog.TaskPressureStalledSeconds, LabelSet.From(("resource", "memory"), ("kind", "some"))));
    }

    [Fact]
    public void Level_label_sets_are_shared_between_tasks_and_iterations()
    {
        using var tree = CgroupFixtureTree.PureV2();
        tree.Write("", "/a", "cpu.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n");
        tree.Write("", "/b", "cpu.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=2\n");
        var factory = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance);
        using var a = factory.Open("/a");
        using var b = factory.Open("/b");
        var first = Collect(a).Entries[0].Levels;
        Assert.Same(first, Collect(a).Entries[0].Levels);
        Assert.Same(first, Collect(b).Entries[0].Levels);
    }

    [Fact]
    public void V1_co_mounted_cpu_cpuacct_reads_cpu_once_and_memory_totals_including_children()
    {
        using var tree = CgroupFixtureTree.V1(coMountedCpuCpuacct: true);
        const string cg = "/mesos/task1";
        tree.Write("cpu,cpuacct", cg, "cpuacct.usage", "1500000000\n");
        tree.Write("cpu,cpuacct", cg, "cpu.stat", "nr_periods 5\nnr_throttled 1\nthrottled_time 2000000000\n");
        tree.Write("memory", cg, "memory.usage_in_bytes", "300\n");
        tree.Write("memory", cg, "memory.max_usage_in_bytes", "400\n");
        tree.Write("memory", cg, "memory.limit_in_bytes", "9223372036854771712\n");
        tree.Write("memory", cg, "memory.soft_limit_in_bytes", "100\n");
        tree.Write("memory", cg, "memory.stat", "cache 1\nrss 2\npgfault 3\npgmajfault 4\ntotal_cache 10\ntotal_rss 20\ntotal_pgfault 30\ntotal_pgmajfault 40\n");
        tree.Write("memory", cg, "memory.numa_stat", "total=10 N0=6 N1=4\nfile=1 N0=1 N1=0\nhierarchical_total=20 N0=12 N1=8\n");

        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance).Open(cg);
        var s = Collect(source);

        Assert.Equal(1.5, Single(s, MetricCatalog.TaskCpuUsageSeconds));
        Assert.Equal(5, Single(s, MetricCatalog.TaskCpuCfsPeriods));
        Assert.Equal(1, Single(s, MetricCatalog.TaskCpuCfsThrottledPeriods));
        Assert.Equal(2, Single(s, MetricCatalog.TaskCpuCfsThrottledSeconds));
        Assert.Equal(300, Single(s, MetricCatalog.TaskMemUsageBytes));
        Assert.Equal(400, Single(s, MetricCatalog.TaskMemMaxUsageBytes));
        Assert.Equal(9223372036854771712, Single(s, MetricCatalog.TaskMemLimitBytes));
        Assert.Equal(100, Single(s, MetricCatalog.TaskMemSoftLimitBytes));
        Assert.Equal(10, Single(s, MetricCatalog.TaskMemFileBytes));
        Assert.Equal(20, Single(s, MetricCatalog.TaskMemAnonBytes));
        Assert.Equal(30, Single(s, MetricCatalog.TaskMemPageFaults));
        Assert.Equal(40, Single(s, MetricCatalog.TaskMemMajorPageFaults));
        Assert.Equal(12, Single(s, MetricCatalog.TaskMemNumaPages, LabelSet.From(("numa_node", "0"))));
        Assert.Equal(8, Single(s, MetricCatalog.TaskMemNumaPages, LabelSet.From(("numa_node", "1"))));
    }

    [Fact]
    public void Files_missing_on_this_kernel_are_simply_not_reported()
    {
        using var tree = CgroupFixtureTree.PureV2();
        tree.Write("", "/only-cpu", "cpu.stat", "usage_usec 1000000\nuser_usec 1\nsystem_usec 1\n");

        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance).Open("/only-cpu");
        var s = Collect(source);

        Assert.Equal(1.0, Single(s, MetricCatalog.TaskCpuUsageSeconds));
        Assert.Equal(1, s.Count);
    }

    [Fact]
    public void Garbage_content_skips_that_metric_and_logs_one_debug_line_per_file()
    {
        using var tree = CgroupFixtureTree.PureV2();
        const string cg = "/garbage";
        tree.Write("", cg, "cpu.stat", "usage_usec 12x\nnr_periods 4\n");
        tree.Write("", cg, "memory.current", "banana\n");
        tree.Write("", cg, "memory.max", "");
        tree.Write("", cg, "memory.peak", "77\n");
        tree.Write("", cg, "cpu.pressure", "some avg10=abc avg60=0.00 avg300=0.00 total=5000000\nweird line\n");
        tree.Write("", cg, "memory.numa_stat", "anon N0=4096 Nx=1\nfile N0=0\n");
        var log = new RecordingLogger();

        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), log).Open(cg);
        for (var i = 0; i < 3; i++)
        {
            var s = Collect(source);
            Assert.False(Has(s, MetricCatalog.TaskCpuUsageSeconds));
            Assert.Equal(4, Single(s, MetricCatalog.TaskCpuCfsPeriods));
            Assert.False(Has(s, MetricCatalog.TaskMemUsageBytes));
            Assert.False(Has(s, MetricCatalog.TaskMemLimitBytes));
            Assert.Equal(77, Single(s, MetricCatalog.TaskMemMaxUsageBytes));
            Assert.Equal(5, Single(s, MetricCatalog.TaskPressureStalledSeconds, LabelSet.From(("resource", "cpu"), ("kind", "some"))));
            Assert.False(Has(s, MetricCatalog.TaskPressureAvg10Ratio));
            Assert.Equal(4096 / PageSize, Single(s, MetricCatalog.TaskMemNumaPages, LabelSet.From(("numa_node", "0"))));
        }

        var complaints = log.Lines.Where(l => l.Level == LogLevel.Debug && l.Message.Contains("cannot be parsed")).ToArray();
        Assert.Equal(5, complaints.Length); // cpu.stat, memory.current, memory.max, cpu.pressure, memory.numa_stat: once each
        Assert.DoesNotContain(log.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public void File_failing_also_after_a_fresh_open_is_reported_broken_once_and_once_when_it_works_again()
    {
        using var tree = CgroupFixtureTree.PureV2();
        const string cg = "/broken";
        tree.Write("", cg, "cpu.stat", "usage_usec 5000000\nnr_periods 4\n");
        // A directory opens, but reading it fails (EISDIR) with the cgroup there, also after a fresh open: broken, not replaced.
        var memoryCurrent = Path.Combine(tree.Root, "broken", "memory.current");
        Directory.CreateDirectory(memoryCurrent);
        var log = new RecordingLogger();
        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), log).Open(cg);
        for (var i = 0; i < 5; i++)
        {
            var s = Collect(source);
            Assert.False(Has(s, MetricCatalog.TaskMemUsageBytes));
            Assert.Equal(5, Single(s, MetricCatalog.TaskCpuUsageSeconds));
        }
        var broken = log.Lines.Where(l => l.Message.Contains("memory.current cannot be read", StringComparison.Ordinal)).ToArray();
        Assert.Single(broken);
        Assert.Contains("Is a directory", broken[0].Message);
        Assert.Equal(LogLevel.Debug, broken[0].Level);

        // Mended: a broken file is opened afresh every RecheckEvery collections, and its recovery logged once.
        Directory.Delete(memoryCurrent);
        File.WriteAllText(memoryCurrent, "200\n");
        var collections = 0;
        while (!Has(Collect(source), MetricCatalog.TaskMemUsageBytes) && ++collections <= CgroupMeasurementSource.RecheckEvery) { }
        Assert.InRange(collections, 0, CgroupMeasurementSource.RecheckEvery);
        Assert.Equal(200, Single(Collect(source), MetricCatalog.TaskMemUsageBytes));
        Assert.Single(log.Lines, l => l.Message.Contains("memory.current can be read and parsed again", StringComparison.Ordinal));
        Assert.Single(log.Lines, l => l.Message.Contains("memory.current cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Hybrid_takes_cpu_and_memory_from_v1_and_pressure_from_unified()
    {
        using var tree = CgroupFixtureTree.V1(withUnified: true);
        const string cg = "/task";
        tree.Write("cpuacct", cg, "cpuacct.usage", "3000000000\n");
        tree.Write("cpu", cg, "cpu.stat", "nr_periods 1\nnr_throttled 0\nthrottled_time 0\n");
        tree.Write("memory", cg, "memory.usage_in_bytes", "5\n");
        tree.Write("unified", cg, "cpu.stat", "usage_usec 999\nnr_periods 77\nnr_throttled 77\nthrottled_usec 77\n");
        tree.Write("unified", cg, "memory.current", "999\n");
        tree.Write("unified", cg, "memory.pressure", "some avg10=1.00 avg60=0.00 avg300=0.00 total=2000000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");

        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance).Open(cg);
        var s = Collect(source);

        Assert.Equal(3, Single(s, MetricCatalog.TaskCpuUsageSeconds));
        Assert.Equal(1, Single(s, MetricCatalog.TaskCpuCfsPeriods));
        Assert.Equal(5, Single(s, MetricCatalog.TaskMemUsageBytes));
        Assert.Equal(2, Single(s, MetricCatalog.TaskPressureStalledSeconds, LabelSet.From(("resource", "memory"), ("kind", "some"))));
    }

    [Fact]
    public void Hybrid_without_v1_cpuacct_cgroup_takes_cpu_usage_from_unified()
    {
        using var tree = CgroupFixtureTree.V1(withUnified: true);
        tree.Write("unified", "/v2only", "cpu.stat", "usage_usec 4000000\n");

        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance).Open("/v2only");
        Assert.Equal(4, Single(Collect(source), MetricCatalog.TaskCpuUsageSeconds));
    }

    [Fact]
    public void A_hierarchy_where_the_cgroup_appears_later_is_picked_up()
    {
        using var tree = CgroupFixtureTree.V1(withUnified: true);
        tree.Write("cpuacct", "/late", "cpuacct.usage", "1000000000\n");
        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance).Open("/late");
        Assert.False(Has(Collect(source), MetricCatalog.TaskPressureStalledSeconds));

        tree.Write("unified", "/late", "cpu.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=1000000\n");
        var sawPressure = false;
        for (var i = 0; i < 2 * CgroupMeasurementSource.RecheckEvery && !sawPressure; i++)
            sawPressure = Has(Collect(source), MetricCatalog.TaskPressureStalledSeconds);
        Assert.True(sawPressure);
    }

    [Fact]
    public void A_hierarchy_that_would_feed_a_selected_metric_is_picked_up_when_the_cgroup_appears_there()
    {
        using var tree = CgroupFixtureTree.V1(withUnified: true);
        tree.Write("unified", "/late", "cpu.stat", "usage_usec 4000000\n");
        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance, CpuUsageOnly).Open("/late");
        Assert.Equal(4, Single(Collect(source), MetricCatalog.TaskCpuUsageSeconds));

        tree.Write("cpuacct", "/late", "cpuacct.usage", "7000000000\n");
        var usage = 4.0;
        for (var i = 0; i < 2 * CgroupMeasurementSource.RecheckEvery && usage == 4; i++)
            usage = Single(Collect(source), MetricCatalog.TaskCpuUsageSeconds);
        Assert.Equal(7, usage); // v1 cpuacct wins over v2 cpu.stat, as when both are there from the start
    }

    [Fact]
    public void A_hierarchy_that_would_feed_no_selected_metric_is_not_looked_for()
    {
        using var tree = CgroupFixtureTree.V1(withUnified: true);
        var usage = tree.Write("cpuacct", "/task", "cpuacct.usage", "1000000000\n");
        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance, CpuUsageOnly).Open("/task");
        Assert.Equal(1, Single(Collect(source), MetricCatalog.TaskCpuUsageSeconds));

        // The cgroup appears in the other hierarchies, which have nothing to add to cpu usage from v1. A file that is
        // replaced (not rewritten) tells whether the source reopened its files after looking there.
        File.Delete(usage);
        tree.Write("cpuacct", "/task", "cpuacct.usage", "2000000000\n");
        tree.Write("unified", "/task", "cpu.stat", "usage_usec 3000000\n");
        tree.CreateCgroup("cpu", "/task");
        tree.CreateCgroup("memory", "/task");
        for (var i = 0; i < 2 * CgroupMeasurementSource.RecheckEvery; i++)
            Assert.Equal(1, Single(Collect(source), MetricCatalog.TaskCpuUsageSeconds));
    }

    private static readonly IReadOnlySet<MetricDescriptor> CpuUsageOnly = new HashSet<MetricDescriptor> { MetricCatalog.TaskCpuUsageSeconds };

    [Fact]
    public void A_cgroup_that_never_existed_collects_false()
    {
        using var tree = CgroupFixtureTree.PureV2();
        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance).Open("/nope");
        var sample = new TaskSample();
        Assert.False(source.Collect(sample));
        Assert.Equal(0, sample.Count);
    }
}
