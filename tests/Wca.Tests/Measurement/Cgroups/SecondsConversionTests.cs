using Microsoft.Extensions.Logging.Abstractions;
using Wca.Api;
using Wca.Kernel.Cgroups;
using Wca.Measurement;
using Wca.Measurement.Catalog;
using Wca.Measurement.Cgroups;
using Wca.Tests.TestSupport;

namespace Wca.Tests.Measurement.Cgroups;

/// <summary>Nanosecond and microsecond counters become seconds whose text is the shortest that round-trips.</summary>
public sealed class SecondsConversionTests
{
    [Fact]
    public void V1_nanoseconds_are_written_as_the_shortest_text()
    {
        using var tree = CgroupFixtureTree.V1(coMountedCpuCpuacct: true);
        const string cg = "/task";
        tree.Write("cpu,cpuacct", cg, "cpuacct.usage", "5995590843\n");
        tree.Write("cpu,cpuacct", cg, "cpu.stat", "nr_periods 1\nnr_throttled 1\nthrottled_time 5995590843\n");

        var text = Text(tree, cg);

        Assert.Contains("task_cpu_usage_seconds 5.995590843\n", text);
        Assert.Contains("task_cpu_cfs_throttled_seconds 5.995590843\n", text);
        Assert.DoesNotContain("5.9955908430000004", text);
    }

    [Fact]
    public void V2_microseconds_are_written_as_the_shortest_text()
    {
        using var tree = CgroupFixtureTree.PureV2();
        const string cg = "/task";
        // 43 µs multiplied by 1e-6 is 4.2999999999999995e-05; divided by 1e6 it is 4.3e-05.
        tree.Write("", cg, "cpu.stat", "usage_usec 43\nuser_usec 1\nsystem_usec 1\nnr_periods 1\nnr_throttled 1\nthrottled_usec 15\n");

        var text = Text(tree, cg);

        Assert.Contains("task_cpu_usage_seconds 4.3e-05\n", text);
        Assert.Contains("task_cpu_cfs_throttled_seconds 1.5e-05\n", text);
    }

    private static string Text(CgroupFixtureTree tree, string cgroup)
    {
        using var source = new CgroupMeasurementFactory(new CgroupFs(tree.Paths), NullLogger.Instance).Open(cgroup);
        var sample = new TaskSample();
        Assert.True(source.Collect(sample));
        var batch = new MetricBatch();
        foreach (ref readonly var e in sample.Entries)
            if (e.Descriptor == MetricCatalog.TaskCpuUsageSeconds || e.Descriptor == MetricCatalog.TaskCpuCfsThrottledSeconds)
                batch.Add(e.Descriptor, e.Value, LabelSet.Empty);
        return PrometheusTextWriter.Format(new MetricPackage(PackageKind.Metrics, batch), includeTimestamp: false);
    }
}
